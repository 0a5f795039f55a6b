//go:build !(linux || darwin || freebsd)

package script

// termWidth returns 0: the width of a terminal is not known here.
func termWidth(fd uintptr) int { return 0 }

//go:build linux || darwin || freebsd

package script

import (
	"syscall"
	"unsafe"
)

// termWidth returns the number of columns of the terminal on fd (TIOCGWINSZ),
// or 0 when fd is not a terminal.
func termWidth(fd uintptr) int {
	var ws struct{ Row, Col, X, Y uint16 }
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&ws))); errno != 0 {
		return 0
	}
	return int(ws.Col)
}

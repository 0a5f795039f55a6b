package nlm

import "syscall"

// totalMemory returns the machine's physical memory in bytes.
func totalMemory() uint64 {
	var si syscall.Sysinfo_t
	if err := syscall.Sysinfo(&si); err != nil || si.Totalram == 0 {
		return 2 << 40
	}
	return uint64(si.Totalram) * uint64(si.Unit)
}

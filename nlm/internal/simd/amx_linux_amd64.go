//go:build amd64 && linux && !nlm_noasm

package simd

import (
	"fmt"
	"sync"
	"syscall"
	"unsafe"
)

// Linux's per-process opt-in to AMX tile data (arch/x86/include/uapi/asm/prctl.h):
// without it the first tile instruction raises SIGILL.
const (
	archGetXcompPerm = 0x1022
	archReqXcompPerm = 0x1023
	xfeatureTileData = 18
)

var tilesOnce struct {
	sync.Once
	err error
}

// requestTiles asks the kernel, once per process, for permission to use
// the tile data state (arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)),
// and checks with ARCH_GET_XCOMP_PERM that it was granted. The permission
// covers every thread of the process, those the Go runtime starts later
// included.
func requestTiles() error {
	tilesOnce.Do(func() {
		if _, _, e := syscall.RawSyscall(syscall.SYS_ARCH_PRCTL, archReqXcompPerm, xfeatureTileData, 0); e != 0 {
			tilesOnce.err = fmt.Errorf("simd: the kernel refused AMX tile data (arch_prctl ARCH_REQ_XCOMP_PERM): %w", e)
			return
		}
		var perm uint64
		if _, _, e := syscall.RawSyscall(syscall.SYS_ARCH_PRCTL, archGetXcompPerm, uintptr(unsafe.Pointer(&perm)), 0); e != 0 {
			tilesOnce.err = fmt.Errorf("simd: arch_prctl ARCH_GET_XCOMP_PERM: %w", e)
			return
		}
		if perm&(1<<xfeatureTileData) == 0 {
			tilesOnce.err = fmt.Errorf("simd: AMX tile data not permitted after the request (permitted features %#x)", perm)
		}
	})
	return tilesOnce.err
}

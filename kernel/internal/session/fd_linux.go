//go:build linux

package session

import "syscall"

func dup(fd int) (int, error) {
	nfd, err := syscall.Dup(fd)
	if err == nil {
		syscall.CloseOnExec(nfd)
	}
	return nfd, err
}

func dup2(oldfd, newfd int) error { return syscall.Dup3(oldfd, newfd, 0) }

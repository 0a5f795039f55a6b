// Package kerneltest holds the integration tests of the gonlm Jupyter kernel:
// TestMain builds cmd/gonlm, and every test starts the real kernel process and
// speaks the Jupyter wire protocol to it over loopback TCP with zmq4, as a front
// end would (shell, control and stdin DEALER sockets, an IOPub SUB socket and a
// heartbeat REQ socket).
//
// Run them with
//
//	go test -race ./kernel/internal/kerneltest/
//
// Set GONLM_KERNEL_RACE=1 to build the kernel itself with the race detector too
// (slower; the RSS bound of the million-line test is then not checked), and
// GONLM_TEST_LOG=1 to see the kernel's log.
package kerneltest

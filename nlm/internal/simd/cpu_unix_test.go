//go:build unix

package simd

import (
	"syscall"
	"testing"
)

// cpuPerOp returns a function that reports the process's CPU time per
// operation and thread since the call ("cpu-ns/op/thread"): on a shared
// machine it counts the work done rather than the time spent waiting for
// a CPU. Call it after b.ResetTimer, defer the result.
func cpuPerOp(b *testing.B, threads int) func() {
	start := cpuNanos()
	return func() {
		b.ReportMetric(float64(cpuNanos()-start)/float64(b.N)/float64(threads), "cpu-ns/op/thread")
	}
}

func cpuNanos() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

//go:build !unix

package simd

import "testing"

// cpuPerOp reports nothing where getrusage is not available.
func cpuPerOp(b *testing.B, threads int) func() { return func() {} }

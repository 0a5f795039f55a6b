// Package simd holds the hand-vectorised (AVX2 + FMA, amd64) kernels of
// package nlm's sampler, in Go assembly, with run-time CPU detection. It is a
// package of its own because Go does not allow assembly in a package that
// uses cgo. UseAVX2 is false on other CPUs and architectures, and with the
// nlm_noasm build tag; callers then use their portable Go loops.
package simd

// Package simd holds the hand-written amd64 kernels of package nlm's
// sampler and trainer, in Go assembly, with run-time CPU detection: the
// float32 products (Kernel12x32 with AVX-512, Kernel6x16 with AVX2 + FMA),
// the fused update and tanh, the eight-stream Ziggurat, and the bf16
// products of the Langevin step and the learning statistic — AMXMul on
// AMX tiles (TDPBF16PS) and BF16Kernel12x32 with AVX512-BF16 (VDPBF16PS),
// over couplings packed once per change (Pack) — with the conversions and
// packing they need.
//
// The Go assembler has no AMX or AVX512-BF16 mnemonics; bf16_amd64.h
// encodes them as bytes, and tests check each encoding against known
// results. Tiles are enabled safely: CPUID and XCR0 say that the CPU and
// the OS support them, Linux grants the process the tile data permission
// once (arch_prctl ARCH_REQ_XCOMP_PERM), and every tile kernel loads its
// configuration, works and releases the tiles within one call, so no tile
// state is live while Go code runs. When anything is missing UseAMX is
// false (AMXError says why) and callers use the other kernels.
//
// It is a package of its own because Go does not allow assembly in a
// package that uses cgo. The Use* variables are false on other CPUs and
// architectures and with the nlm_noasm build tag; NLM_AMX=0 and NLM_BF16=0
// in the environment turn the AMX and all bf16 kernels off for a process.
// Callers then use their portable Go loops.
package simd

//go:build amd64 && !nlm_noasm

#include "textflag.h"
#include "bf16_amd64.h"

// Tile t of the probe through TILELOADD/TILESTORED (low registers and
// extended ones), the displacement forms (extended registers) and
// TILEZERO; in, out, outd and zero are the byte offsets of its four
// 1 KiB areas in the buffer at R11 (see TestEncodings).
#define ROUNDTRIP(t, in, out, outd, zero) \
	LEAQ in(R11), SI; \
	TILELOADD(t, rSI, rBX); \
	LEAQ out(R11), R8; \
	TILESTORED(t, r8, r9); \
	TILELOADDD(t, r11, r10, in); \
	TILESTOREDD(t, r11, r10, outd); \
	TILEZERO(t); \
	LEAQ zero(R11), DI; \
	TILESTORED(t, rDI, rBX)

// Palette 1, every tile 16 rows of 64 bytes (as fullcfg in amx_amd64.s).
DATA probecfg<>+0(SB)/8, $1
DATA probecfg<>+8(SB)/8, $0
DATA probecfg<>+16(SB)/8, $0x0040004000400040
DATA probecfg<>+24(SB)/8, $0x0040004000400040
DATA probecfg<>+32(SB)/8, $0
DATA probecfg<>+40(SB)/8, $0
DATA probecfg<>+48(SB)/8, $0x1010101010101010
DATA probecfg<>+56(SB)/8, $0
GLOBL probecfg<>(SB), RODATA|NOPTR, $64

// func amxProbe(p unsafe.Pointer)
TEXT ·amxProbe(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), R11
	LEAQ probecfg<>(SB), AX
	LDTILECFG(rAX)
	MOVQ $64, BX
	MOVQ $64, R9
	MOVQ $64, R10
	ROUNDTRIP(0, 0, 8192, 16384, 24576)
	ROUNDTRIP(1, 1024, 9216, 17408, 25600)
	ROUNDTRIP(2, 2048, 10240, 18432, 26624)
	ROUNDTRIP(3, 3072, 11264, 19456, 27648)
	ROUNDTRIP(4, 4096, 12288, 20480, 28672)
	ROUNDTRIP(5, 5120, 13312, 21504, 29696)
	ROUNDTRIP(6, 6144, 14336, 22528, 30720)
	ROUNDTRIP(7, 7168, 15360, 23552, 31744)

	// AMXMul's four products: A tiles (a) in tmm4, tmm5, B tiles (b) in
	// tmm6, tmm7, sums in tmm0–tmm3, stored to c.
	LEAQ 32768(R11), SI
	TILELOADD(4, rSI, rBX)
	LEAQ 33792(R11), SI
	TILELOADD(5, rSI, rBX)
	LEAQ 34816(R11), DX
	TILELOADD(6, rDX, r10)
	TILELOADDD(7, rDX, r10, 1024)
	TILEZERO(0)
	TILEZERO(1)
	TILEZERO(2)
	TILEZERO(3)
	TDPBF16PS(0, 4, 6)
	TDPBF16PS(1, 4, 7)
	TDPBF16PS(2, 5, 6)
	TDPBF16PS(3, 5, 7)
	LEAQ 36864(R11), R8
	TILESTORED(0, r8, r9)
	TILESTOREDD(1, r8, r9, 1024)
	TILESTOREDD(2, r8, r9, 2048)
	TILESTOREDD(3, r8, r9, 3072)

	// Other register fields: tmm7 = a[0] (in tmm0) · b[1] (in tmm1).
	LEAQ 32768(R11), SI
	TILELOADD(0, rSI, rBX)
	LEAQ 35840(R11), SI
	TILELOADD(1, rSI, rBX)
	TILEZERO(7)
	TDPBF16PS(7, 0, 1)
	LEAQ 40960(R11), R8
	TILESTORED(7, r8, r9)
	TILERELEASE
	RET

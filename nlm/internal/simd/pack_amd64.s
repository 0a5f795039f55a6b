//go:build amd64 && !nlm_noasm

#include "textflag.h"
#include "bf16_amd64.h"

// Word indices that interleave two rows of 16 bf16 (words 0–15 and 16–31
// of a register) into 16 pairs: word 2d is d, word 2d+1 is 16+d.
DATA ilv<>+0(SB)/8, $0x0011000100100000
DATA ilv<>+8(SB)/8, $0x0013000300120002
DATA ilv<>+16(SB)/8, $0x0015000500140004
DATA ilv<>+24(SB)/8, $0x0017000700160006
DATA ilv<>+32(SB)/8, $0x0019000900180008
DATA ilv<>+40(SB)/8, $0x001b000b001a000a
DATA ilv<>+48(SB)/8, $0x001d000d001c000c
DATA ilv<>+56(SB)/8, $0x001f000f001e000e
GLOBL ilv<>(SB), RODATA|NOPTR, $64

// Z(dst) = the 16 bf16 pairs (a[j], b[j]) of the float32 vectors Z(a) and
// Z(b) (Z31 holds ilv).
#define PAIRS(a, b, dst, zdst) \
	VCVTNE2PS2BF16(a, b, dst); \
	VPERMW zdst, Z31, zdst

// Transpose the 16×16 dwords in Z0–Z15 (row r in Z(r)) in place, with
// Z16–Z31 as scratch: 32-bit and 64-bit interleaves within 128-bit lanes,
// then two rounds of lane shuffles.
#define T1(a, b, lo, hi) VPUNPCKLDQ b, a, lo; VPUNPCKHDQ b, a, hi
#define T2(a, b, lo, hi) VPUNPCKLQDQ b, a, lo; VPUNPCKHQDQ b, a, hi
#define T3(a, b, even, odd) VSHUFI32X4 $0x88, b, a, even; VSHUFI32X4 $0xdd, b, a, odd
#define TRANSPOSE16 \
	T1(Z0, Z1, Z16, Z17); T1(Z2, Z3, Z18, Z19); T1(Z4, Z5, Z20, Z21); T1(Z6, Z7, Z22, Z23); \
	T1(Z8, Z9, Z24, Z25); T1(Z10, Z11, Z26, Z27); T1(Z12, Z13, Z28, Z29); T1(Z14, Z15, Z30, Z31); \
	T2(Z16, Z18, Z0, Z1); T2(Z17, Z19, Z2, Z3); T2(Z20, Z22, Z4, Z5); T2(Z21, Z23, Z6, Z7); \
	T2(Z24, Z26, Z8, Z9); T2(Z25, Z27, Z10, Z11); T2(Z28, Z30, Z12, Z13); T2(Z29, Z31, Z14, Z15); \
	T3(Z0, Z4, Z16, Z20); T3(Z1, Z5, Z17, Z21); T3(Z2, Z6, Z18, Z22); T3(Z3, Z7, Z19, Z23); \
	T3(Z8, Z12, Z24, Z28); T3(Z9, Z13, Z25, Z29); T3(Z10, Z14, Z26, Z30); T3(Z11, Z15, Z27, Z31); \
	T3(Z16, Z24, Z0, Z8); T3(Z17, Z25, Z1, Z9); T3(Z18, Z26, Z2, Z10); T3(Z19, Z27, Z3, Z11); \
	T3(Z20, Z28, Z4, Z12); T3(Z21, Z29, Z5, Z13); T3(Z22, Z30, Z6, Z14); T3(Z23, Z31, Z7, Z15)

// func PackPairRows(dst *uint16, r0, r1 *float32, pairs int, stride uintptr)
TEXT ·PackPairRows(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ r0+8(FP), SI
	MOVQ r1+16(FP), DX
	MOVQ pairs+24(FP), CX
	MOVQ stride+32(FP), R8
	VMOVDQU64 ilv<>(SB), Z31
	TESTQ CX, CX
	JZ    ppdone

pploop:
	VMOVUPS (SI), Z0
	VMOVUPS (DX), Z1
	PAIRS(0, 1, 2, Z2)
	VMOVDQU64 Z2, (DI)
	VMOVUPS 64(SI), Z0
	VMOVUPS 64(DX), Z1
	PAIRS(0, 1, 2, Z2)
	VMOVDQU64 Z2, 1024(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ R8, DI
	DECQ CX
	JNZ  pploop

ppdone:
	VZEROUPPER
	RET

// One row of PackTransTile: the 32 float32 at (SI) as 16 bf16 pairs in Z(r).
#define TROW(r) \
	VMOVUPS (SI), Z16; \
	VMOVUPS 64(SI), Z17; \
	VCVTNE2PS2BF16(16, 17, r); \
	ADDQ BX, SI

#define STORE16 \
	VMOVDQU64 Z0, (DI); VMOVDQU64 Z1, 64(DI); VMOVDQU64 Z2, 128(DI); VMOVDQU64 Z3, 192(DI); \
	VMOVDQU64 Z4, 256(DI); VMOVDQU64 Z5, 320(DI); VMOVDQU64 Z6, 384(DI); VMOVDQU64 Z7, 448(DI); \
	VMOVDQU64 Z8, 512(DI); VMOVDQU64 Z9, 576(DI); VMOVDQU64 Z10, 640(DI); VMOVDQU64 Z11, 704(DI); \
	VMOVDQU64 Z12, 768(DI); VMOVDQU64 Z13, 832(DI); VMOVDQU64 Z14, 896(DI); VMOVDQU64 Z15, 960(DI)

// func PackTransTile(dst *uint16, src *float32, ld uintptr)
TEXT ·PackTransTile(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ ld+16(FP), BX
	TROW(0)
	TROW(1)
	TROW(2)
	TROW(3)
	TROW(4)
	TROW(5)
	TROW(6)
	TROW(7)
	TROW(8)
	TROW(9)
	TROW(10)
	TROW(11)
	TROW(12)
	TROW(13)
	TROW(14)
	TROW(15)
	TRANSPOSE16
	STORE16
	VZEROUPPER
	RET

// Pair q of a TransposeRowsTiles block: rows 2q and 2q+1 (pointers at
// po = 16q and 16q+8 from R9, plus the block's byte offset AX), scaled by
// their α (at ao = 8q and 8q+4 from R10), as 16 bf16 pairs in Z(q).
#define TPAIR(q, zq, po, ao) \
	MOVQ po(R9), R11; \
	VMOVUPS (R11)(AX*1), Z16; \
	MOVQ po+8(R9), R11; \
	VMOVUPS (R11)(AX*1), Z17; \
	VMULPS.BCST ao(R10), Z16, Z16; \
	VMULPS.BCST ao+4(R10), Z17, Z17; \
	PAIRS(16, 17, q, zq)

// The 16 transposed rows of a block, to DI + m·lda (BX = lda bytes).
#define TSTORE(r) VMOVDQU64 r, (DI); ADDQ BX, DI

// func TransposeRowsTiles(dst *uint16, lda uintptr, rows *[32]*float32, alpha *[32]float32, blocks int)
TEXT ·TransposeRowsTiles(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ lda+8(FP), BX
	MOVQ rows+16(FP), R9
	MOVQ alpha+24(FP), R10
	MOVQ blocks+32(FP), CX
	XORQ AX, AX
	TESTQ CX, CX
	JZ    trdone

trloop:
	VMOVDQU64 ilv<>(SB), Z31
	TPAIR(0, Z0, 0, 0)
	TPAIR(1, Z1, 16, 8)
	TPAIR(2, Z2, 32, 16)
	TPAIR(3, Z3, 48, 24)
	TPAIR(4, Z4, 64, 32)
	TPAIR(5, Z5, 80, 40)
	TPAIR(6, Z6, 96, 48)
	TPAIR(7, Z7, 112, 56)
	TPAIR(8, Z8, 128, 64)
	TPAIR(9, Z9, 144, 72)
	TPAIR(10, Z10, 160, 80)
	TPAIR(11, Z11, 176, 88)
	TPAIR(12, Z12, 192, 96)
	TPAIR(13, Z13, 208, 104)
	TPAIR(14, Z14, 224, 112)
	TPAIR(15, Z15, 240, 120)
	TRANSPOSE16
	TSTORE(Z0)
	TSTORE(Z1)
	TSTORE(Z2)
	TSTORE(Z3)
	TSTORE(Z4)
	TSTORE(Z5)
	TSTORE(Z6)
	TSTORE(Z7)
	TSTORE(Z8)
	TSTORE(Z9)
	TSTORE(Z10)
	TSTORE(Z11)
	TSTORE(Z12)
	TSTORE(Z13)
	TSTORE(Z14)
	TSTORE(Z15)
	ADDQ $64, AX
	DECQ CX
	JNZ  trloop

trdone:
	VZEROUPPER
	RET

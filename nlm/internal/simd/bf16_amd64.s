//go:build amd64 && !nlm_noasm

#include "textflag.h"
#include "bf16_amd64.h"

// One pair-row q of BF16Kernel12x32: the two panels' rows q of the current
// W tiles (Z24, Z25: 16 bf16 pairs each), then for each of the 12 rows a
// broadcast of the row's bf16 pair A[r][2q], A[r][2q+1] (a dword) and two
// VDPBF16PS into Z(2r) and Z(2r+1). Rows 0–2 are addressed from AX, 3–5
// from DX, 6–8 from R8, 9–11 from R9 (base, base+lda, base+2·lda; BX =
// lda); ao is the pair's byte offset in A's rows, wo the byte offset of
// the W row in the first panel's tile (the second panel's is 1 KiB on).
#define BROW(addr, zb, nzb, c0, c1) \
	VPBROADCASTD addr, zb; \
	VDPBF16PS(nzb, 24, c0); \
	VDPBF16PS(nzb, 25, c1)

#define BTERM(ao, wo) \
	VMOVUPS wo(SI), Z24; \
	VMOVUPS wo+1024(SI), Z25; \
	BROW(ao(AX), Z26, 26, 0, 1); \
	BROW(ao(AX)(BX*1), Z27, 27, 2, 3); \
	BROW(ao(AX)(BX*2), Z28, 28, 4, 5); \
	BROW(ao(DX), Z29, 29, 6, 7); \
	BROW(ao(DX)(BX*1), Z30, 30, 8, 9); \
	BROW(ao(DX)(BX*2), Z31, 31, 10, 11); \
	BROW(ao(R8), Z26, 26, 12, 13); \
	BROW(ao(R8)(BX*1), Z27, 27, 14, 15); \
	BROW(ao(R8)(BX*2), Z28, 28, 16, 17); \
	BROW(ao(R9), Z29, 29, 18, 19); \
	BROW(ao(R9)(BX*1), Z30, 30, 20, 21); \
	BROW(ao(R9)(BX*2), Z31, 31, 22, 23)

// The same for a single panel: one W row (Z24), one sum per row.
#define BROW1(addr, zb, nzb, c0) \
	VPBROADCASTD addr, zb; \
	VDPBF16PS(nzb, 24, c0)

#define BTERM1(ao, wo) \
	VMOVUPS wo(SI), Z24; \
	BROW1(ao(AX), Z26, 26, 0); \
	BROW1(ao(AX)(BX*1), Z27, 27, 2); \
	BROW1(ao(AX)(BX*2), Z28, 28, 4); \
	BROW1(ao(DX), Z29, 29, 6); \
	BROW1(ao(DX)(BX*1), Z30, 30, 8); \
	BROW1(ao(DX)(BX*2), Z31, 31, 10); \
	BROW1(ao(R8), Z26, 26, 12); \
	BROW1(ao(R8)(BX*1), Z27, 27, 14); \
	BROW1(ao(R8)(BX*2), Z28, 28, 16); \
	BROW1(ao(R9), Z29, 29, 18); \
	BROW1(ao(R9)(BX*1), Z30, 30, 20); \
	BROW1(ao(R9)(BX*2), Z31, 31, 22)

// The row bases: AX = a, DX = row 3, R8 = row 6, R9 = row 9.
#define BROWS \
	MOVQ a+0(FP), AX; \
	MOVQ lda+8(FP), BX; \
	MOVQ w+16(FP), SI; \
	MOVQ ksteps+24(FP), R10; \
	LEAQ (AX)(BX*2), DX; \
	ADDQ BX, DX; \
	LEAQ (DX)(BX*2), R8; \
	ADDQ BX, R8; \
	LEAQ (R8)(BX*2), R9; \
	ADDQ BX, R9

#define BADDROW(c0, c1) \
	VADDPS (DI), c0, K1, c0; \
	VADDPS 64(DI), c1, K2, c1; \
	ADDQ BX, DI

#define BSTOREROW(c0, c1) \
	VMOVUPS c0, K1, (DI); \
	VMOVUPS c1, K2, 64(DI); \
	ADDQ BX, DI

#define BADDROW1(c0) \
	VADDPS (DI), c0, K1, c0; \
	ADDQ BX, DI

#define BSTOREROW1(c0) \
	VMOVUPS c0, K1, (DI); \
	ADDQ BX, DI

// func BF16Kernel12x32(a *uint16, lda uintptr, w *uint16, ksteps uintptr, c *float32, ldc uintptr, mask uint64, acc uintptr)
TEXT ·BF16Kernel12x32(SB), NOSPLIT, $0-64
	BROWS
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23
	TESTQ R10, R10
	JZ    tile

kstep:
	MOVQ $8, CX

pairs:
	BTERM(0, 0)
	BTERM(4, 64)
	ADDQ $8, AX
	ADDQ $8, DX
	ADDQ $8, R8
	ADDQ $8, R9
	ADDQ $128, SI
	DECQ CX
	JNZ  pairs
	ADDQ $1024, SI // past the second panel's tile
	DECQ R10
	JNZ  kstep

tile:
	MOVQ  mask+48(FP), R11
	KMOVW R11, K1
	SHRQ  $16, R11
	KMOVW R11, K2
	MOVQ  ldc+40(FP), BX
	MOVQ  acc+56(FP), R12
	TESTQ R12, R12
	JZ    store
	MOVQ  c+32(FP), DI
	BADDROW(Z0, Z1)
	BADDROW(Z2, Z3)
	BADDROW(Z4, Z5)
	BADDROW(Z6, Z7)
	BADDROW(Z8, Z9)
	BADDROW(Z10, Z11)
	BADDROW(Z12, Z13)
	BADDROW(Z14, Z15)
	BADDROW(Z16, Z17)
	BADDROW(Z18, Z19)
	BADDROW(Z20, Z21)
	BADDROW(Z22, Z23)

store:
	MOVQ c+32(FP), DI
	BSTOREROW(Z0, Z1)
	BSTOREROW(Z2, Z3)
	BSTOREROW(Z4, Z5)
	BSTOREROW(Z6, Z7)
	BSTOREROW(Z8, Z9)
	BSTOREROW(Z10, Z11)
	BSTOREROW(Z12, Z13)
	BSTOREROW(Z14, Z15)
	BSTOREROW(Z16, Z17)
	BSTOREROW(Z18, Z19)
	BSTOREROW(Z20, Z21)
	BSTOREROW(Z22, Z23)
	VZEROUPPER
	RET

// func BF16Kernel12x16(a *uint16, lda uintptr, w *uint16, ksteps uintptr, c *float32, ldc uintptr, mask uint64, acc uintptr)
TEXT ·BF16Kernel12x16(SB), NOSPLIT, $0-64
	BROWS
	VPXORD Z0, Z0, Z0
	VPXORD Z2, Z2, Z2
	VPXORD Z4, Z4, Z4
	VPXORD Z6, Z6, Z6
	VPXORD Z8, Z8, Z8
	VPXORD Z10, Z10, Z10
	VPXORD Z12, Z12, Z12
	VPXORD Z14, Z14, Z14
	VPXORD Z16, Z16, Z16
	VPXORD Z18, Z18, Z18
	VPXORD Z20, Z20, Z20
	VPXORD Z22, Z22, Z22
	TESTQ R10, R10
	JZ    tile1

kstep1:
	MOVQ $8, CX

pairs1:
	BTERM1(0, 0)
	BTERM1(4, 64)
	ADDQ $8, AX
	ADDQ $8, DX
	ADDQ $8, R8
	ADDQ $8, R9
	ADDQ $128, SI
	DECQ CX
	JNZ  pairs1
	DECQ R10
	JNZ  kstep1

tile1:
	MOVQ  mask+48(FP), R11
	KMOVW R11, K1
	MOVQ  ldc+40(FP), BX
	MOVQ  acc+56(FP), R12
	TESTQ R12, R12
	JZ    store1
	MOVQ  c+32(FP), DI
	BADDROW1(Z0)
	BADDROW1(Z2)
	BADDROW1(Z4)
	BADDROW1(Z6)
	BADDROW1(Z8)
	BADDROW1(Z10)
	BADDROW1(Z12)
	BADDROW1(Z14)
	BADDROW1(Z16)
	BADDROW1(Z18)
	BADDROW1(Z20)
	BADDROW1(Z22)

store1:
	MOVQ c+32(FP), DI
	BSTOREROW1(Z0)
	BSTOREROW1(Z2)
	BSTOREROW1(Z4)
	BSTOREROW1(Z6)
	BSTOREROW1(Z8)
	BSTOREROW1(Z10)
	BSTOREROW1(Z12)
	BSTOREROW1(Z14)
	BSTOREROW1(Z16)
	BSTOREROW1(Z18)
	BSTOREROW1(Z20)
	BSTOREROW1(Z22)
	VZEROUPPER
	RET

// func ToBF16(dst *uint16, src *float32, n int)
TEXT ·ToBF16(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $4, CX
	JZ   cdone

cloop:
	VMOVUPS (SI), Z0
	VCVTNEPS2BF16(0, 1)
	VMOVDQU Y1, (DI)
	ADDQ $64, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  cloop

cdone:
	VZEROUPPER
	RET

// func bf16Probe(a, b *[16]uint32, c *[3][16]float32, f *[16]float32, h *[3][16]uint16)
TEXT ·bf16Probe(SB), NOSPLIT, $0-40
	MOVQ a+0(FP), AX
	MOVQ b+8(FP), BX
	MOVQ c+16(FP), CX
	MOVQ f+24(FP), DX
	MOVQ h+32(FP), DI
	// dst 26, src1 13, src2 5
	VMOVUPS (AX), Z13
	VMOVUPS (BX), Z5
	VPXORD  Z26, Z26, Z26
	VDPBF16PS(5, 13, 26)
	VMOVUPS Z26, (CX)
	// dst 3, src1 20, src2 12
	VMOVUPS (AX), Z20
	VMOVUPS (BX), Z12
	VPXORD  Z3, Z3, Z3
	VDPBF16PS(12, 20, 3)
	VMOVUPS Z3, 64(CX)
	// dst 31, src1 6, src2 19
	VMOVUPS (AX), Z6
	VMOVUPS (BX), Z19
	VPXORD  Z31, Z31, Z31
	VDPBF16PS(19, 6, 31)
	VMOVUPS Z31, 128(CX)
	// Conversions: Z9 → Y18, Z20 → Y11, Z27 → Y4.
	VMOVUPS (DX), Z9
	VMOVUPS (DX), Z20
	VMOVUPS (DX), Z27
	VCVTNEPS2BF16(9, 18)
	VCVTNEPS2BF16(20, 11)
	VCVTNEPS2BF16(27, 4)
	VMOVDQU32 Y18, (DI)
	VMOVDQU32 Y11, 32(DI)
	VMOVDQU32 Y4, 64(DI)
	VZEROUPPER
	RET

//go:build amd64 && !nlm_noasm

#include "textflag.h"

// One term t of the 12×32 tile: two W vectors (Z24, Z25), then for each of
// the 12 rows a broadcast A[r][t] times both, into Z(2r) and Z(2r+1).
// Rows 0–2 are addressed from AX, 3–5 from DX, 6–8 from R8, 9–11 from R9,
// each as base, base+lda, base+2·lda (BX = lda). ao is the byte offset of
// term t in A's rows, wo the byte offset of its W row.
#define ROW(addr, zb, c0, c1) \
	VBROADCASTSS addr, zb; \
	VFMADD231PS zb, Z24, c0; \
	VFMADD231PS zb, Z25, c1

#define TERM(ao, wo) \
	VMOVUPS wo(SI), Z24; \
	VMOVUPS wo+64(SI), Z25; \
	ROW(ao(AX), Z26, Z0, Z1); \
	ROW(ao(AX)(BX*1), Z27, Z2, Z3); \
	ROW(ao(AX)(BX*2), Z28, Z4, Z5); \
	ROW(ao(DX), Z29, Z6, Z7); \
	ROW(ao(DX)(BX*1), Z30, Z8, Z9); \
	ROW(ao(DX)(BX*2), Z31, Z10, Z11); \
	ROW(ao(R8), Z26, Z12, Z13); \
	ROW(ao(R8)(BX*1), Z27, Z14, Z15); \
	ROW(ao(R8)(BX*2), Z28, Z16, Z17); \
	ROW(ao(R9), Z29, Z18, Z19); \
	ROW(ao(R9)(BX*1), Z30, Z20, Z21); \
	ROW(ao(R9)(BX*2), Z31, Z22, Z23)

// Add row r of C (at DI) to its accumulators, masked, and step DI.
#define ADDROW(c0, c1) \
	VADDPS (DI), c0, K1, c0; \
	VADDPS 64(DI), c1, K2, c1; \
	ADDQ BX, DI

#define STOREROW(c0, c1) \
	VMOVUPS c0, K1, (DI); \
	VMOVUPS c1, K2, 64(DI); \
	ADDQ BX, DI

// func Kernel12x32(a *float32, lda uintptr, w *float32, kc uintptr, c *float32, ldc uintptr, mask uint64, acc uintptr)
TEXT ·Kernel12x32(SB), NOSPLIT, $0-64
	MOVQ a+0(FP), AX
	MOVQ lda+8(FP), BX
	MOVQ w+16(FP), SI
	MOVQ kc+24(FP), CX
	LEAQ (AX)(BX*2), DX
	ADDQ BX, DX                 // DX = row 3
	LEAQ (DX)(BX*2), R8
	ADDQ BX, R8                 // R8 = row 6
	LEAQ (R8)(BX*2), R9
	ADDQ BX, R9                 // R9 = row 9

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

	CMPQ CX, $2
	JB   single

pair:
	TERM(0, 0)
	TERM(4, 128)
	ADDQ $8, AX
	ADDQ $8, DX
	ADDQ $8, R8
	ADDQ $8, R9
	ADDQ $256, SI
	SUBQ $2, CX
	CMPQ CX, $2
	JAE  pair

single:
	TESTQ CX, CX
	JZ    tile
	TERM(0, 0)

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
	ADDROW(Z0, Z1)
	ADDROW(Z2, Z3)
	ADDROW(Z4, Z5)
	ADDROW(Z6, Z7)
	ADDROW(Z8, Z9)
	ADDROW(Z10, Z11)
	ADDROW(Z12, Z13)
	ADDROW(Z14, Z15)
	ADDROW(Z16, Z17)
	ADDROW(Z18, Z19)
	ADDROW(Z20, Z21)
	ADDROW(Z22, Z23)

store:
	MOVQ c+32(FP), DI
	STOREROW(Z0, Z1)
	STOREROW(Z2, Z3)
	STOREROW(Z4, Z5)
	STOREROW(Z6, Z7)
	STOREROW(Z8, Z9)
	STOREROW(Z10, Z11)
	STOREROW(Z12, Z13)
	STOREROW(Z14, Z15)
	STOREROW(Z16, Z17)
	STOREROW(Z18, Z19)
	STOREROW(Z20, Z21)
	STOREROW(Z22, Z23)
	VZEROUPPER
	RET

//go:build amd64 && !nlm_noasm

#include "textflag.h"

// One term t of the 6×16 tile: two W vectors (Y12, Y13), then for each of
// the 6 rows a broadcast A[r][t] times both, into Y(2r) and Y(2r+1). Rows
// 0–2 are addressed from AX, 3–5 from DX, as base, base+lda, base+2·lda
// (BX = lda).
#define ROW2(addr, yb, c0, c1) \
	VBROADCASTSS addr, yb; \
	VFMADD231PS yb, Y12, c0; \
	VFMADD231PS yb, Y13, c1

#define TERM2(ao, wo) \
	VMOVUPS wo(SI), Y12; \
	VMOVUPS wo+32(SI), Y13; \
	ROW2(ao(AX), Y14, Y0, Y1); \
	ROW2(ao(AX)(BX*1), Y15, Y2, Y3); \
	ROW2(ao(AX)(BX*2), Y14, Y4, Y5); \
	ROW2(ao(DX), Y15, Y6, Y7); \
	ROW2(ao(DX)(BX*1), Y14, Y8, Y9); \
	ROW2(ao(DX)(BX*2), Y15, Y10, Y11)

#define ADDROW2(c0, c1) \
	VADDPS (DI), c0, c0; \
	VADDPS 32(DI), c1, c1; \
	ADDQ BX, DI

#define STOREROW2(c0, c1) \
	VMOVUPS c0, (DI); \
	VMOVUPS c1, 32(DI); \
	ADDQ BX, DI

// func Kernel6x16(a *float32, lda uintptr, w *float32, kc uintptr, c *float32, ldc uintptr, acc uintptr)
TEXT ·Kernel6x16(SB), NOSPLIT, $0-56
	MOVQ a+0(FP), AX
	MOVQ lda+8(FP), BX
	MOVQ w+16(FP), SI
	MOVQ kc+24(FP), CX
	LEAQ (AX)(BX*2), DX
	ADDQ BX, DX                 // DX = row 3

	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

	CMPQ CX, $2
	JB   single2

pair2:
	TERM2(0, 0)
	TERM2(4, 64)
	ADDQ $8, AX
	ADDQ $8, DX
	ADDQ $128, SI
	SUBQ $2, CX
	CMPQ CX, $2
	JAE  pair2

single2:
	TESTQ CX, CX
	JZ    tile2
	TERM2(0, 0)

tile2:
	MOVQ  ldc+40(FP), BX
	MOVQ  acc+48(FP), R12
	TESTQ R12, R12
	JZ    store2
	MOVQ  c+32(FP), DI
	ADDROW2(Y0, Y1)
	ADDROW2(Y2, Y3)
	ADDROW2(Y4, Y5)
	ADDROW2(Y6, Y7)
	ADDROW2(Y8, Y9)
	ADDROW2(Y10, Y11)

store2:
	MOVQ c+32(FP), DI
	STOREROW2(Y0, Y1)
	STOREROW2(Y2, Y3)
	STOREROW2(Y4, Y5)
	STOREROW2(Y6, Y7)
	STOREROW2(Y8, Y9)
	STOREROW2(Y10, Y11)
	VZEROUPPER
	RET

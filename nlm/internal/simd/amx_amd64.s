//go:build amd64 && !nlm_noasm

#include "textflag.h"
#include "bf16_amd64.h"

// Offsets of the AMXJob fields.
#define jCfg 0
#define jA 8
#define jLDA 16
#define jW 24
#define jKSteps 32
#define jC 40
#define jLDC 48
#define jTiles 56
#define jPanels 64
#define jAcc 72
#define jWStride 80

// Registers of AMXMul: R11 the job, BX lda, R9 ldc, R10 the W tiles' row
// stride (64), R13 the panels left, R12 the row tiles left, AX the first
// A row of the current row tiles, R8 the C block, DX the W tiles of the
// current k-step, SI and DI the A tiles of the current k-step, CX the
// k-steps left. Tiles: tmm0–tmm3 accumulate C (tmm0 and tmm1 the first
// row tile's two panels, tmm2 and tmm3 the second's), tmm4 and tmm5 hold
// A, tmm6 and tmm7 the two W panels.

// SI = R8 + 16·ldc: the C block's second row tile.
#define CROW1 MOVQ R9, SI; SHLQ $4, SI; ADDQ R8, SI

// AX += 32·lda, R8 += 32·ldc: the next pair of row tiles.
#define NEXTROWS2 MOVQ BX, CX; SHLQ $5, CX; ADDQ CX, AX; MOVQ R9, CX; SHLQ $5, CX; ADDQ CX, R8

// func AMXMul(j *AMXJob)
TEXT ·AMXMul(SB), NOSPLIT, $16-8
	MOVQ j+0(FP), R11
	MOVQ jCfg(R11), AX
	LDTILECFG(rAX)
	MOVQ jLDA(R11), BX
	MOVQ jLDC(R11), R9
	MOVQ $64, R10
	MOVQ jW(R11), AX
	MOVQ AX, wgroup-8(SP)
	MOVQ jC(R11), AX
	MOVQ AX, cgroup-16(SP)
	MOVQ jPanels(R11), R13

pairs:
	CMPQ R13, $2
	JB   single
	MOVQ jA(R11), AX
	MOVQ cgroup-16(SP), R8
	MOVQ jTiles(R11), R12

p_rows:
	CMPQ R12, $2
	JB   p_row1
	// 2×2 block.
	CROW1
	MOVQ  jAcc(R11), CX
	TESTQ CX, CX
	JZ    p22zero
	TILELOADD(0, r8, r9)
	TILELOADDD(1, r8, r9, 64)
	TILELOADD(2, rSI, r9)
	TILELOADDD(3, rSI, r9, 64)
	JMP   p22k

p22zero:
	TILEZERO(0)
	TILEZERO(1)
	TILEZERO(2)
	TILEZERO(3)

p22k:
	MOVQ AX, SI
	MOVQ BX, DI
	SHLQ $4, DI
	ADDQ AX, DI
	MOVQ wgroup-8(SP), DX
	MOVQ jKSteps(R11), CX

p22loop:
	TILELOADD(4, rSI, rBX)
	TILELOADD(6, rDX, r10)
	TDPBF16PS(0, 4, 6)
	TILELOADDD(7, rDX, r10, 1024)
	TDPBF16PS(1, 4, 7)
	TILELOADD(5, rDI, rBX)
	TDPBF16PS(2, 5, 6)
	TDPBF16PS(3, 5, 7)
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $2048, DX
	DECQ CX
	JNZ  p22loop
	CROW1
	TILESTORED(0, r8, r9)
	TILESTOREDD(1, r8, r9, 64)
	TILESTORED(2, rSI, r9)
	TILESTOREDD(3, rSI, r9, 64)
	NEXTROWS2
	SUBQ $2, R12
	JMP  p_rows

p_row1:
	TESTQ R12, R12
	JZ    p_next
	// 1×2 block.
	MOVQ  jAcc(R11), CX
	TESTQ CX, CX
	JZ    p12zero
	TILELOADD(0, r8, r9)
	TILELOADDD(1, r8, r9, 64)
	JMP   p12k

p12zero:
	TILEZERO(0)
	TILEZERO(1)

p12k:
	MOVQ AX, SI
	MOVQ wgroup-8(SP), DX
	MOVQ jKSteps(R11), CX

p12loop:
	TILELOADD(4, rSI, rBX)
	TILELOADD(6, rDX, r10)
	TDPBF16PS(0, 4, 6)
	TILELOADDD(7, rDX, r10, 1024)
	TDPBF16PS(1, 4, 7)
	ADDQ $64, SI
	ADDQ $2048, DX
	DECQ CX
	JNZ  p12loop
	TILESTORED(0, r8, r9)
	TILESTOREDD(1, r8, r9, 64)

p_next:
	// The next pair: W moves on by WStride, C by 32 columns.
	MOVQ jWStride(R11), CX
	ADDQ CX, wgroup-8(SP)
	ADDQ $128, cgroup-16(SP)
	SUBQ $2, R13
	JMP  pairs

single:
	TESTQ R13, R13
	JZ    done
	MOVQ  jA(R11), AX
	MOVQ  cgroup-16(SP), R8
	MOVQ  jTiles(R11), R12

s_rows:
	CMPQ R12, $2
	JB   s_row1
	// 2×1 block: tmm0 and tmm2.
	CROW1
	MOVQ  jAcc(R11), CX
	TESTQ CX, CX
	JZ    s21zero
	TILELOADD(0, r8, r9)
	TILELOADD(2, rSI, r9)
	JMP   s21k

s21zero:
	TILEZERO(0)
	TILEZERO(2)

s21k:
	MOVQ AX, SI
	MOVQ BX, DI
	SHLQ $4, DI
	ADDQ AX, DI
	MOVQ wgroup-8(SP), DX
	MOVQ jKSteps(R11), CX

s21loop:
	TILELOADD(4, rSI, rBX)
	TILELOADD(6, rDX, r10)
	TDPBF16PS(0, 4, 6)
	TILELOADD(5, rDI, rBX)
	TDPBF16PS(2, 5, 6)
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $1024, DX
	DECQ CX
	JNZ  s21loop
	CROW1
	TILESTORED(0, r8, r9)
	TILESTORED(2, rSI, r9)
	NEXTROWS2
	SUBQ $2, R12
	JMP  s_rows

s_row1:
	TESTQ R12, R12
	JZ    done
	// 1×1 block.
	MOVQ  jAcc(R11), CX
	TESTQ CX, CX
	JZ    s11zero
	TILELOADD(0, r8, r9)
	JMP   s11k

s11zero:
	TILEZERO(0)

s11k:
	MOVQ AX, SI
	MOVQ wgroup-8(SP), DX
	MOVQ jKSteps(R11), CX

s11loop:
	TILELOADD(4, rSI, rBX)
	TILELOADD(6, rDX, r10)
	TDPBF16PS(0, 4, 6)
	ADDQ $64, SI
	ADDQ $1024, DX
	DECQ CX
	JNZ  s11loop
	TILESTORED(0, r8, r9)

done:
	TILERELEASE
	RET

// Palette 1, every tile 16 rows of 64 bytes.
DATA fullcfg<>+0(SB)/8, $1
DATA fullcfg<>+8(SB)/8, $0
DATA fullcfg<>+16(SB)/8, $0x0040004000400040
DATA fullcfg<>+24(SB)/8, $0x0040004000400040
DATA fullcfg<>+32(SB)/8, $0
DATA fullcfg<>+40(SB)/8, $0
DATA fullcfg<>+48(SB)/8, $0x1010101010101010
DATA fullcfg<>+56(SB)/8, $0
GLOBL fullcfg<>(SB), RODATA|NOPTR, $64

// func AMXPeak(a, w *uint16, c *float32, n int)
TEXT ·AMXPeak(SB), NOSPLIT, $0-32
	LEAQ fullcfg<>(SB), AX
	LDTILECFG(rAX)
	MOVQ a+0(FP), SI
	MOVQ w+8(FP), DX
	MOVQ c+16(FP), R8
	MOVQ n+24(FP), CX
	MOVQ $64, R10
	LEAQ 1024(SI), DI
	TILEZERO(0)
	TILEZERO(1)
	TILEZERO(2)
	TILEZERO(3)
	TESTQ CX, CX
	JZ    peakdone

peakloop:
	TILELOADD(4, rSI, r10)
	TILELOADD(6, rDX, r10)
	TDPBF16PS(0, 4, 6)
	TILELOADDD(7, rDX, r10, 1024)
	TDPBF16PS(1, 4, 7)
	TILELOADD(5, rDI, r10)
	TDPBF16PS(2, 5, 6)
	TDPBF16PS(3, 5, 7)
	DECQ CX
	JNZ  peakloop

peakdone:
	TILESTORED(0, r8, r10)
	TILESTOREDD(1, r8, r10, 1024)
	TILESTOREDD(2, r8, r10, 2048)
	TILESTOREDD(3, r8, r10, 3072)
	TILERELEASE
	RET

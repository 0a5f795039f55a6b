//go:build amd64 && !nlm_noasm

#include "textflag.h"
#include "bf16_amd64.h"

// Eight copies of each constant of the rational tanh (see tanh.go).
#define C8(name, bits) \
	DATA name<>+0(SB)/4, $bits; DATA name<>+4(SB)/4, $bits; \
	DATA name<>+8(SB)/4, $bits; DATA name<>+12(SB)/4, $bits; \
	DATA name<>+16(SB)/4, $bits; DATA name<>+20(SB)/4, $bits; \
	DATA name<>+24(SB)/4, $bits; DATA name<>+28(SB)/4, $bits; \
	GLOBL name<>(SB), RODATA|NOPTR, $32

C8(tp1v, 0x3e0acbb2)
C8(tp2v, 0x3b72d5dc)
C8(tp3v, 0x37cbc944)
C8(tp4v, 0x32a44c16)
C8(tq1v, 0x3ef01084)
C8(tq2v, 0x3cda6e8d)
C8(tq3v, 0x39beb6fd)
C8(tq4v, 0x3585fb79)
C8(onev, 0x3f800000)
C8(monev, 0xbf800000)
C8(eightv, 0x41000000)
C8(meightv, 0xc1000000)

// The fused update of one vector of lanes at element AX, for Y (8 lanes) or
// Z (16 lanes) registers: x += dt·(r − (1 − p²)·g) + sigma·ξ, stored, with
// x, p, r, g, ξ at DI, SI, R8, R9, R10. The 8- and 16-lane loops expand the
// same instructions in the same order, so their results agree bit for bit.
#define UPDATE(p, g, t, r, x, xi, dt, sigma, one) \
	VMOVUPS (SI)(AX*4), p; \
	VMOVUPS (R9)(AX*4), g; \
	VMULPS  p, p, t; \
	VSUBPS  t, one, t; \
	VMULPS  g, t, g; \
	VMOVUPS (R8)(AX*4), r; \
	VSUBPS  g, r, r; \
	VMOVUPS (DI)(AX*4), x; \
	VFMADD231PS r, dt, x; \
	VMOVUPS (R10)(AX*4), xi; \
	VFMADD231PS xi, sigma, x; \
	VMOVUPS x, (DI)(AX*4)

// y = tanh(x) ≈ x·P(x²)/Q(x²) on x clamped to [−8, 8] (x is clamped in
// place), the result clamped to [−1, 1]; s and q are scratch. The
// coefficients tp1…tq4 and the constants are registers or memory operands.
#define TANH(x, s, y, q, one, mone, eight, meight, tp1, tp2, tp3, tp4, tq1, tq2, tq3, tq4) \
	VMAXPS  meight, x, x; \
	VMINPS  eight, x, x; \
	VMULPS  x, x, s; \
	VMOVUPS tp4, y; \
	VFMADD213PS tp3, s, y; \
	VFMADD213PS tp2, s, y; \
	VFMADD213PS tp1, s, y; \
	VFMADD213PS one, s, y; \
	VMOVUPS tq4, q; \
	VFMADD213PS tq3, s, q; \
	VFMADD213PS tq2, s, q; \
	VFMADD213PS tq1, s, q; \
	VFMADD213PS one, s, q; \
	VMULPS  x, y, y; \
	VDIVPS  q, y, y; \
	VMINPS  one, y, y; \
	VMAXPS  mone, y, y

// The tanh coefficients as memory operands (8 lanes).
#define TANH8(x, s, y, q) \
	TANH(x, s, y, q, Y13, Y10, Y12, Y11, tp1v<>(SB), tp2v<>(SB), tp3v<>(SB), tp4v<>(SB), tq1v<>(SB), tq2v<>(SB), tq3v<>(SB), tq4v<>(SB))

// func cpuid(eax, ecx uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eax+0(FP), AX
	MOVL ecx+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// func xgetbv() uint32
TEXT ·xgetbv(SB), NOSPLIT, $0-4
	MOVL $0, CX
	XGETBV
	MOVL AX, ret+0(FP)
	RET

// func UpdateRow(x, p, r, gv, xi *float32, n int, dt, sigma float32)
TEXT ·UpdateRow(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), DI
	MOVQ p+8(FP), SI
	MOVQ r+16(FP), R8
	MOVQ gv+24(FP), R9
	MOVQ xi+32(FP), R10
	MOVQ n+40(FP), CX
	VBROADCASTSS dt+48(FP), Y15
	VBROADCASTSS sigma+52(FP), Y14
	VMOVUPS onev<>(SB), Y13
	VMOVUPS eightv<>(SB), Y12
	VMOVUPS meightv<>(SB), Y11
	VMOVUPS monev<>(SB), Y10
	XORQ AX, AX
	SHRQ $3, CX
	JZ   done

loop:
	UPDATE(Y0, Y1, Y2, Y3, Y4, Y5, Y15, Y14, Y13)
	TANH8(Y4, Y6, Y7, Y8)
	VMOVUPS Y7, (SI)(AX*4)
	ADDQ $8, AX
	DECQ CX
	JNZ  loop

done:
	VZEROUPPER
	RET

// func Tanh(dst, src *float32, n int)
TEXT ·Tanh(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VMOVUPS onev<>(SB), Y13
	VMOVUPS eightv<>(SB), Y12
	VMOVUPS meightv<>(SB), Y11
	VMOVUPS monev<>(SB), Y10
	XORQ AX, AX
	SHRQ $3, CX
	JZ   tdone

tloop:
	VMOVUPS (SI)(AX*4), Y4
	TANH8(Y4, Y6, Y7, Y8)
	VMOVUPS Y7, (DI)(AX*4)
	ADDQ $8, AX
	DECQ CX
	JNZ  tloop

tdone:
	VZEROUPPER
	RET

// func UpdateRow16(x, p, r, gv, xi *float32, n int, dt, sigma float32)
//
// UpdateRow on 16 lanes with AVX-512, the constants held in Z18–Z31.
TEXT ·UpdateRow16(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), DI
	MOVQ p+8(FP), SI
	MOVQ r+16(FP), R8
	MOVQ gv+24(FP), R9
	MOVQ xi+32(FP), R10
	MOVQ n+40(FP), CX
	VBROADCASTSS dt+48(FP), Z31
	VBROADCASTSS sigma+52(FP), Z30
	VBROADCASTSS onev<>(SB), Z29
	VBROADCASTSS eightv<>(SB), Z28
	VBROADCASTSS meightv<>(SB), Z27
	VBROADCASTSS monev<>(SB), Z26
	VBROADCASTSS tp1v<>(SB), Z25
	VBROADCASTSS tp2v<>(SB), Z24
	VBROADCASTSS tp3v<>(SB), Z23
	VBROADCASTSS tp4v<>(SB), Z22
	VBROADCASTSS tq1v<>(SB), Z21
	VBROADCASTSS tq2v<>(SB), Z20
	VBROADCASTSS tq3v<>(SB), Z19
	VBROADCASTSS tq4v<>(SB), Z18
	XORQ AX, AX
	SHRQ $4, CX
	JZ   done16

loop16:
	UPDATE(Z0, Z1, Z2, Z3, Z4, Z5, Z31, Z30, Z29)
	TANH(Z4, Z6, Z7, Z8, Z29, Z26, Z28, Z27, Z25, Z24, Z23, Z22, Z21, Z20, Z19, Z18)
	VMOVUPS Z7, (SI)(AX*4)
	ADDQ $16, AX
	DECQ CX
	JNZ  loop16

done16:
	VZEROUPPER
	RET

// func UpdateRow16BF16(x, p, r, gv, xi *float32, pb *uint16, n int, dt, sigma float32)
//
// UpdateRow16, also writing BF16(p) to pb (VCVTNEPS2BF16).
TEXT ·UpdateRow16BF16(SB), NOSPLIT, $0-64
	MOVQ x+0(FP), DI
	MOVQ p+8(FP), SI
	MOVQ r+16(FP), R8
	MOVQ gv+24(FP), R9
	MOVQ xi+32(FP), R10
	MOVQ pb+40(FP), R11
	MOVQ n+48(FP), CX
	VBROADCASTSS dt+56(FP), Z31
	VBROADCASTSS sigma+60(FP), Z30
	VBROADCASTSS onev<>(SB), Z29
	VBROADCASTSS eightv<>(SB), Z28
	VBROADCASTSS meightv<>(SB), Z27
	VBROADCASTSS monev<>(SB), Z26
	VBROADCASTSS tp1v<>(SB), Z25
	VBROADCASTSS tp2v<>(SB), Z24
	VBROADCASTSS tp3v<>(SB), Z23
	VBROADCASTSS tp4v<>(SB), Z22
	VBROADCASTSS tq1v<>(SB), Z21
	VBROADCASTSS tq2v<>(SB), Z20
	VBROADCASTSS tq3v<>(SB), Z19
	VBROADCASTSS tq4v<>(SB), Z18
	XORQ AX, AX
	SHRQ $4, CX
	JZ   doneb

loopb:
	UPDATE(Z0, Z1, Z2, Z3, Z4, Z5, Z31, Z30, Z29)
	TANH(Z4, Z6, Z7, Z8, Z29, Z26, Z28, Z27, Z25, Z24, Z23, Z22, Z21, Z20, Z19, Z18)
	VMOVUPS Z7, (SI)(AX*4)
	VCVTNEPS2BF16(7, 9)
	VMOVDQU Y9, (R11)(AX*2)
	ADDQ $16, AX
	DECQ CX
	JNZ  loopb

doneb:
	VZEROUPPER
	RET

// func ResidualBF16(h, x, b *float32, rb *uint16, n int)
TEXT ·ResidualBF16(SB), NOSPLIT, $0-40
	MOVQ h+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ rb+24(FP), R11
	MOVQ n+32(FP), CX
	XORQ AX, AX
	SHRQ $4, CX
	JZ   rdone
	TESTQ DX, DX
	JZ   rnobias

rbias:
	VMOVUPS (DX)(AX*4), Z0
	VSUBPS  (SI)(AX*4), Z0, Z0
	VADDPS  (DI)(AX*4), Z0, Z0
	VMOVUPS Z0, (DI)(AX*4)
	VCVTNEPS2BF16(0, 1)
	VMOVDQU Y1, (R11)(AX*2)
	ADDQ $16, AX
	DECQ CX
	JNZ  rbias
	JMP  rdone

rnobias:
	VMOVUPS (DI)(AX*4), Z0
	VSUBPS  (SI)(AX*4), Z0, Z0
	VMOVUPS Z0, (DI)(AX*4)
	VCVTNEPS2BF16(0, 1)
	VMOVDQU Y1, (R11)(AX*2)
	ADDQ $16, AX
	DECQ CX
	JNZ  rnobias

rdone:
	VZEROUPPER
	RET

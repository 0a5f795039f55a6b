//go:build amd64 && !nlm_noasm

#include "textflag.h"

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
	VMOVUPS (SI)(AX*4), Y0      // p
	VMOVUPS (R9)(AX*4), Y1      // g
	VMULPS  Y0, Y0, Y2          // p²
	VSUBPS  Y2, Y13, Y2         // 1 − p²
	VMULPS  Y1, Y2, Y1          // (1 − p²)·g
	VMOVUPS (R8)(AX*4), Y3      // r
	VSUBPS  Y1, Y3, Y3          // r − (1 − p²)·g
	VMOVUPS (DI)(AX*4), Y4      // x
	VFMADD231PS Y3, Y15, Y4     // x += dt·(…)
	VMOVUPS (R10)(AX*4), Y5     // ξ
	VFMADD231PS Y5, Y14, Y4     // x += σ·ξ
	VMOVUPS Y4, (DI)(AX*4)

	// p = tanh(x) ≈ x·P(x²)/Q(x²) on x clamped to [−8, 8], result clamped to [−1, 1].
	VMAXPS  Y11, Y4, Y4
	VMINPS  Y12, Y4, Y4
	VMULPS  Y4, Y4, Y6          // s = x²
	VMOVUPS tp4v<>(SB), Y7
	VFMADD213PS tp3v<>(SB), Y6, Y7
	VFMADD213PS tp2v<>(SB), Y6, Y7
	VFMADD213PS tp1v<>(SB), Y6, Y7
	VFMADD213PS Y13, Y6, Y7     // P
	VMOVUPS tq4v<>(SB), Y8
	VFMADD213PS tq3v<>(SB), Y6, Y8
	VFMADD213PS tq2v<>(SB), Y6, Y8
	VFMADD213PS tq1v<>(SB), Y6, Y8
	VFMADD213PS Y13, Y6, Y8     // Q
	VMULPS  Y4, Y7, Y7          // x·P
	VDIVPS  Y8, Y7, Y7          // x·P/Q
	VMINPS  Y13, Y7, Y7
	VMAXPS  Y10, Y7, Y7
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
	VMAXPS  Y11, Y4, Y4
	VMINPS  Y12, Y4, Y4
	VMULPS  Y4, Y4, Y6
	VMOVUPS tp4v<>(SB), Y7
	VFMADD213PS tp3v<>(SB), Y6, Y7
	VFMADD213PS tp2v<>(SB), Y6, Y7
	VFMADD213PS tp1v<>(SB), Y6, Y7
	VFMADD213PS Y13, Y6, Y7
	VMOVUPS tq4v<>(SB), Y8
	VFMADD213PS tq3v<>(SB), Y6, Y8
	VFMADD213PS tq2v<>(SB), Y6, Y8
	VFMADD213PS tq1v<>(SB), Y6, Y8
	VFMADD213PS Y13, Y6, Y8
	VMULPS  Y4, Y7, Y7
	VDIVPS  Y8, Y7, Y7
	VMINPS  Y13, Y7, Y7
	VMAXPS  Y10, Y7, Y7
	VMOVUPS Y7, (DI)(AX*4)
	ADDQ $8, AX
	DECQ CX
	JNZ  tloop

tdone:
	VZEROUPPER
	RET

// func UpdateRow16(x, p, r, gv, xi *float32, n int, dt, sigma float32)
//
// UpdateRow on 16 lanes: the same instructions in the same order as the
// AVX2 loop in update_amd64.s, so each element's result is bit-identical;
// the constants live in Z16–Z31 instead of memory operands.
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
	VMOVUPS (SI)(AX*4), Z0      // p
	VMOVUPS (R9)(AX*4), Z1      // g
	VMULPS  Z0, Z0, Z2          // p²
	VSUBPS  Z2, Z29, Z2         // 1 − p²
	VMULPS  Z1, Z2, Z1          // (1 − p²)·g
	VMOVUPS (R8)(AX*4), Z3      // r
	VSUBPS  Z1, Z3, Z3          // r − (1 − p²)·g
	VMOVUPS (DI)(AX*4), Z4      // x
	VFMADD231PS Z3, Z31, Z4     // x += dt·(…)
	VMOVUPS (R10)(AX*4), Z5     // ξ
	VFMADD231PS Z5, Z30, Z4     // x += σ·ξ
	VMOVUPS Z4, (DI)(AX*4)

	VMAXPS  Z27, Z4, Z4
	VMINPS  Z28, Z4, Z4
	VMULPS  Z4, Z4, Z6          // s = x²
	VMOVAPS Z22, Z7
	VFMADD213PS Z23, Z6, Z7
	VFMADD213PS Z24, Z6, Z7
	VFMADD213PS Z25, Z6, Z7
	VFMADD213PS Z29, Z6, Z7     // P
	VMOVAPS Z18, Z8
	VFMADD213PS Z19, Z6, Z8
	VFMADD213PS Z20, Z6, Z8
	VFMADD213PS Z21, Z6, Z8
	VFMADD213PS Z29, Z6, Z8     // Q
	VMULPS  Z4, Z7, Z7          // x·P
	VDIVPS  Z8, Z7, Z7          // x·P/Q
	VMINPS  Z29, Z7, Z7
	VMAXPS  Z26, Z7, Z7
	VMOVUPS Z7, (SI)(AX*4)

	ADDQ $16, AX
	DECQ CX
	JNZ  loop16

done16:
	VZEROUPPER
	RET

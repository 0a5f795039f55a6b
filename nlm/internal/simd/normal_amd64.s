//go:build amd64 && !nlm_noasm

#include "textflag.h"

// func Ziggurat8(st *[40]uint64, dst *float32, offs *[8]int64, i, n int, zk *int32, zw *float32) (next int, fail uint64)
//
// Registers: Z0–Z3 the four state words of the 8 streams (lane L = stream
// L), Z4 the rows' byte offsets, Z5 0xff in every dword, Z6 the 64 new bits
// of each stream. Viewed as 16 dwords, Z6 holds the two candidates of each
// stream (dword 2L the low half, for dst_L[i]; 2L+1 the high half, for
// dst_L[i+1]), so one 8-qword scatter writes a pair to each row.
TEXT ·Ziggurat8(SB), NOSPLIT, $0-72
	MOVQ st+0(FP), AX
	VMOVDQU64 0(AX), Z0
	VMOVDQU64 64(AX), Z1
	VMOVDQU64 128(AX), Z2
	VMOVDQU64 192(AX), Z3
	MOVQ offs+16(FP), BX
	VMOVDQU64 (BX), Z4
	MOVL $0xff, R11
	VPBROADCASTD R11, Z5
	MOVQ dst+8(FP), DI
	MOVQ i+24(FP), CX
	MOVQ n+32(FP), DX
	MOVQ zk+40(FP), R9
	MOVQ zw+48(FP), R10
	LEAQ (DI)(CX*4), DI

loop:
	LEAQ 1(CX), R8
	CMPQ R8, DX
	JAE  done

	// xoshiro256++ on 8 lanes: u = rotl(s0 + s3, 23) + s0, then the state update.
	VPADDQ Z3, Z0, Z6
	VPROLQ $23, Z6, Z6
	VPADDQ Z0, Z6, Z6
	VPSLLQ $17, Z1, Z7
	VPXORQ Z0, Z2, Z2
	VPXORQ Z1, Z3, Z3
	VPXORQ Z2, Z1, Z1
	VPXORQ Z3, Z0, Z0
	VPXORQ Z7, Z2, Z2
	VPROLQ $45, Z3, Z3

	// Ziggurat fast path on 16 candidates: layer l = c & 0xff, j = int32(c) >> 8,
	// accepted when |j| < zk[l], value float32(j)·zw[l].
	VPANDD Z5, Z6, Z8
	VPSRAD $8, Z6, Z9
	KXNORW K1, K1, K1
	VPGATHERDD (R9)(Z8*4), K1, Z10
	KXNORW K2, K2, K2
	VGATHERDPS (R10)(Z8*4), K2, Z11
	VPABSD Z9, Z12
	VPCMPD $1, Z10, Z12, K3
	VCVTDQ2PS Z9, Z13
	VMULPS Z11, Z13, Z13
	KXNORW K4, K4, K4
	VPSCATTERQQ Z13, K4, (DI)(Z4*1)
	KORTESTW K3, K3
	JCC  slow
	ADDQ $2, CX
	ADDQ $8, DI
	JMP  loop

slow:
	// Hand the pair back: Go finishes the rejected candidates with the
	// scalar slow path, in the scalar order, from the lanes' states.
	VMOVDQU64 Z6, 256(AX)
	KMOVW K3, R11
	NOTL R11
	ANDL $0xffff, R11
	MOVQ R11, fail+64(FP)
	MOVQ CX, next+56(FP)
	JMP  save

done:
	MOVQ CX, next+56(FP)
	MOVQ $0, fail+64(FP)

save:
	VMOVDQU64 Z0, 0(AX)
	VMOVDQU64 Z1, 64(AX)
	VMOVDQU64 Z2, 128(AX)
	VMOVDQU64 Z3, 192(AX)
	VZEROUPPER
	RET

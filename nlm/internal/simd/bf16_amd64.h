// Byte encodings of the AMX and AVX512-BF16 instructions that the Go
// assembler does not know (golang/go issue 61079), for this package's
// assembly files. Each macro takes register numbers, computes the
// instruction's bytes from them and was checked against the encodings of
// gcc 12 (intrinsics, -mamx-tile -mamx-bf16 -mavx512bf16) and GNU as 2.40
// read back with objdump -d. TestEncodings (AMX) and TestBF16Encodings run
// each on known data; the kernels' tests check every instance they use
// (TestAMXMul, TestAVX512BF16Mul, TestToBF16, TestUpdateRow16BF16,
// TestResidualBF16, TestPackKernels).
//
// General-purpose registers are numbered as in the hardware:
#define rAX 0
#define rCX 1
#define rDX 2
#define rBX 3
#define rSI 6
#define rDI 7
#define r8 8
#define r9 9
#define r10 10
#define r11 11
#define r12 12
#define r13 13
// (SP and BP are not used as address registers: SP cannot be an index,
// and BP or R13 as a base would need a displacement byte.)
//
// Tile registers tmm0–tmm7 are 0–7; vector registers Z0–Z31 are 0–31.

// The first two bytes of a 3-byte VEX prefix for map 0F38, with the
// inverted X and B bits of an index and a base register.
#define VEX38(index, base) BYTE $0xc4; BYTE $(0xe2 - ((((index)>>3)&1)<<6) - ((((base)>>3)&1)<<5))

// ModRM (mod 00, rm 100: a SIB byte follows) and SIB (scale 1) for
// [base] with index register index: for the tile loads and stores, the
// address is base and the row stride is index (bytes).
#define SIBMEM(reg, index, base) BYTE $(0x04 | ((reg)<<3)); BYTE $((((index)&7)<<3) | ((base)&7))

// The same with a 32-bit displacement (mod 10): the address is base + disp.
#define SIBMEMD(reg, index, base, disp) BYTE $(0x84 | ((reg)<<3)); BYTE $((((index)&7)<<3) | ((base)&7)); BYTE $((disp)&0xff); BYTE $(((disp)>>8)&0xff); BYTE $(((disp)>>16)&0xff); BYTE $(((disp)>>24)&0xff)

// LDTILECFG (base): load the 64-byte tile configuration at base
// (c4 e2 78 49 /0).
#define LDTILECFG(base) VEX38(0, base); BYTE $0x78; BYTE $0x49; BYTE $((base)&7)

// TILERELEASE: return the tiles to their initial state (c4 e2 78 49 c0).
#define TILERELEASE BYTE $0xc4; BYTE $0xe2; BYTE $0x78; BYTE $0x49; BYTE $0xc0

// TILEZERO tmm(t) (c4 e2 7b 49 /r, mod 11).
#define TILEZERO(t) BYTE $0xc4; BYTE $0xe2; BYTE $0x7b; BYTE $0x49; BYTE $(0xc0 | ((t)<<3))

// TILELOADD tmm(t), [base + index·k]: row k of tile t is read from
// base + index·k (c4 e2 7b 4b /r).
#define TILELOADD(t, base, index) VEX38(index, base); BYTE $0x7b; BYTE $0x4b; SIBMEM(t, index, base)

// TILELOADD tmm(t), [base + disp + index·k].
#define TILELOADDD(t, base, index, disp) VEX38(index, base); BYTE $0x7b; BYTE $0x4b; SIBMEMD(t, index, base, disp)

// TILESTORED [base + index·k], tmm(t) (c4 e2 7a 4b /r).
#define TILESTORED(t, base, index) VEX38(index, base); BYTE $0x7a; BYTE $0x4b; SIBMEM(t, index, base)

// TILESTORED [base + disp + index·k], tmm(t).
#define TILESTOREDD(t, base, index, disp) VEX38(index, base); BYTE $0x7a; BYTE $0x4b; SIBMEMD(t, index, base, disp)

// TDPBF16PS tmm(c), tmm(a), tmm(b): C[m][n] += Σ_k A[m][2k]·B[k][2n] +
// A[m][2k+1]·B[k][2n+1] in float32, A and B holding bf16 pairs
// (c4 e2 vvvv=~b 5c /r, reg = c, rm = a).
#define TDPBF16PS(c, a, b) BYTE $0xc4; BYTE $0xe2; BYTE $(((15-(b))<<3) | 2); BYTE $0x5c; BYTE $(0xc0 | ((c)<<3) | (a))

// The first two bytes of a 4-byte EVEX prefix for map 0F38 with reg field
// r and register operand rm (inverted R, X, B, R' bits).
#define EVEX38(r, rm) BYTE $0x62; BYTE $(((1-(((r)>>3)&1))<<7) | ((1-(((rm)>>4)&1))<<6) | ((1-(((rm)>>3)&1))<<5) | ((1-(((r)>>4)&1))<<4) | 2)

// VDPBF16PS Z(src2), Z(src1), Z(dst) (Go operand order): for each of the
// 16 lanes, dst += src1.lo·src2.lo + src1.hi·src2.hi, the halves being the
// bf16 pairs of the lane's dword (EVEX.512.F3.0F38.W0 52 /r).
#define VDPBF16PS(src2, src1, dst) EVEX38(dst, src2); BYTE $(((15-((src1)&15))<<3) | 6); BYTE $(0x40 | ((1-(((src1)>>4)&1))<<3)); BYTE $0x52; BYTE $(0xc0 | (((dst)&7)<<3) | ((src2)&7))

// VCVTNEPS2BF16 Z(src), Y(dst): the 16 float32 of src rounded to bf16
// (round to nearest even, denormals to zero) in the 16 words of dst
// (EVEX.512.F3.0F38.W0 72 /r).
#define VCVTNEPS2BF16(src, dst) EVEX38(dst, src); BYTE $0x7e; BYTE $0x48; BYTE $0x72; BYTE $(0xc0 | (((dst)&7)<<3) | ((src)&7))

// VCVTNE2PS2BF16 Z(src2), Z(src1), Z(dst): the 16 float32 of src2 rounded
// to bf16 in words 0–15 of dst, those of src1 in words 16–31
// (EVEX.512.F2.0F38.W0 72 /r).
#define VCVTNE2PS2BF16(src2, src1, dst) EVEX38(dst, src2); BYTE $(((15-((src1)&15))<<3) | 7); BYTE $(0x40 | ((1-(((src1)>>4)&1))<<3)); BYTE $0x72; BYTE $(0xc0 | (((dst)&7)<<3) | ((src2)&7))

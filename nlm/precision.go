package nlm

import (
	"fmt"
	"sync/atomic"

	"github.com/gonlm/gonlm/nlm/internal/engine"
)

// Precision is the number format of the inputs of the matrix products in
// the Langevin step (R = φ(X)Jᵀ + b − X and G = R·J) and in the learning
// statistic Rᵀ·φ(X). The products always sum in float32, and the state X,
// the noise and the update are float32 in either precision.
type Precision int

const (
	// Float32 keeps the products' inputs in float32 (AVX-512, AVX2 or
	// the BLAS; see Backend).
	Float32 Precision = iota + 1
	// BF16 rounds the products' inputs φ(X), R and J to bfloat16 (float32's
	// exponent with an 8-bit significand: relative error ≤ 2⁻⁹) and runs
	// them on the CPU's bf16 matrix units: AMX tiles (TDPBF16PS) on Intel
	// Xeons that have them, else AVX512-BF16 (VDPBF16PS). It is the
	// default on AMX and on AMD CPUs with AVX512-BF16 (Zen 4 and 5, where
	// VDPBF16PS runs at twice the float32 FMA rate). Intel CPUs with
	// AVX512-BF16 but no AMX run VDPBF16PS at the FMA rate, which measured
	// slower than the float32 kernel, so float32 stays their default;
	// SetPrecision(BF16) or NLM_BF16=1 in the environment chooses bf16
	// there.
	BF16
)

// String returns "float32" or "bf16".
func (p Precision) String() string {
	switch p {
	case Float32:
		return "float32"
	case BF16:
		return "bf16"
	}
	return fmt.Sprintf("Precision(%d)", int(p))
}

// precision is the setting of SetPrecision; 0 means the default (BF16
// where the CPU has bf16 units).
var precision atomic.Int32

// SetPrecision chooses the precision of the matrix products for the
// Samplers and Trainers created afterwards (and Generate, Preset.Generate,
// Train); those already created keep theirs. The default is BF16 where
// the CPU's bf16 units beat float32 (see BF16; Backend() then starts with
// "amx-bf16" or "avx512-bf16"), Float32 elsewhere. SetPrecision(BF16) on a
// CPU without bf16 units returns an error wrapping ErrInvalid and leaves
// the setting as it was. For comparisons, the environment variable
// NLM_BF16=0 turns the bf16 units off for the whole process, NLM_BF16=1
// makes bf16 the default wherever they exist, and NLM_AMX=0 turns the AMX
// tiles off (AVX512-BF16 remains where the CPU has it).
//
// Results are bit-identical for the same seed, thread count and Backend();
// bf16 and float32 runs of the same seed differ by rounding, and so do
// runs on AMX and on AVX512-BF16.
func SetPrecision(p Precision) error {
	switch p {
	case Float32:
	case BF16:
		if engine.BF16Kernel() == "" {
			return fmt.Errorf("nlm: SetPrecision: %w: this CPU has no bf16 matrix units (AMX-BF16 or AVX512-BF16), or NLM_BF16=0; the products stay float32", ErrInvalid)
		}
	default:
		return fmt.Errorf("nlm: SetPrecision: %w: unknown precision %d (use nlm.BF16 or nlm.Float32)", ErrInvalid, int(p))
	}
	precision.Store(int32(p))
	return nil
}

// ActivePrecision returns the precision that Samplers and Trainers created
// now use: the last SetPrecision, else the default (see BF16).
func ActivePrecision() Precision {
	if p := Precision(precision.Load()); p != 0 {
		return p
	}
	if engine.BF16Default() {
		return BF16
	}
	return Float32
}

// Backend reports what computes the matrix products of Samplers and
// Trainers created now:
//
//   - "amx-bf16+…": bf16 products on AMX tiles (Intel Xeon with AMX);
//   - "avx512-bf16+…": bf16 products with AVX512-BF16 (e.g. AMD Zen 4/5);
//   - "avx512+…" or "avx2+…": float32 products on the package's own
//     AVX-512 or AVX2 kernels (SetPrecision(Float32), or no bf16 units);
//
// followed by the BLAS used for anything else: "openblas" in the default
// cgo build, "gonum" in a CGO_ENABLED=0 build (or with the nlm_purego
// build tag). On other CPUs, or with the nlm_noasm build tag, it is the
// BLAS alone. In float32 the learning statistic goes through the BLAS; in
// bf16 it runs on the bf16 kernel too.
func Backend() string {
	if ActivePrecision() == BF16 {
		return engine.BF16Kernel() + "+" + engine.Backend
	}
	if k := engine.PackedKernel(); engine.DefaultTuning().Packed && k != "" {
		return k + "+" + engine.Backend
	}
	return engine.Backend
}

// useBF16 reports whether new samplers and trainers use bf16 products.
func useBF16() bool { return ActivePrecision() == BF16 }

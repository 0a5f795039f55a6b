package nlm

import (
	"errors"
	"fmt"
)

// Errors. Every error that a function of this package returns names the
// function and wraps one of these (or the underlying error of the file
// system), so that callers can tell them apart with errors.Is:
//
//	if errors.Is(err, nlm.ErrDiverged) { /* lower the learning rate */ }
//
// Methods that do arithmetic on vectors the caller passes (Model.Energy,
// EnergyBatch, Force and GradJ) panic instead when a shape does not match,
// as gonum/mat does: that is a bug in the calling code, not a condition to
// handle. The panic value is an error that wraps ErrShape. In a notebook a
// panic fails the cell and the kernel goes on.
var (
	// ErrShape: a matrix or vector does not have the shape required (for
	// example training data whose rows are not N long).
	ErrShape = errors.New("wrong shape")
	// ErrNonFinite: an input holds NaN or ±Inf.
	ErrNonFinite = errors.New("not finite")
	// ErrInvalid: an argument or setting is out of its range (a negative
	// number of steps, a temperature ≤ 0, a nil model).
	ErrInvalid = errors.New("invalid argument")
	// ErrDiverged: training produced non-finite statistics; the model is
	// left as of the last good update.
	ErrDiverged = errors.New("training diverged")
	// ErrFormat: a file is not what it should be (not a .npy file, an
	// unsupported dtype, a truncated file, a damaged checkpoint).
	ErrFormat = errors.New("bad file format")
)

// shapePanic panics with an error that wraps ErrShape.
func shapePanic(fn, format string, args ...any) {
	panic(fmt.Errorf("nlm: %s: %w: "+format, append([]any{fn, ErrShape}, args...)...))
}

package nlm

import (
	"errors"
	"fmt"
	"strings"
)

// Errors. Every error that a function of this package returns names the
// function and wraps one of these (or the underlying error of the file
// system), so that callers can tell them apart with errors.Is:
//
//	if errors.Is(err, nlm.ErrDiverged) { /* lower the learning rate */ }
//
// Methods that do arithmetic on vectors the caller passes (Model.Energy,
// EnergyBatch, Force and GradJ) panic instead when a shape does not match
// (theirs or the model's own), as gonum/mat does: that is a bug in the
// calling code, not a condition to handle. The panic value is an error that
// wraps ErrShape. NewModel, which returns no error, panics with ErrInvalid
// for a size that could not fit in memory. In a notebook a panic fails the
// cell and the kernel goes on.
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

// inFn names the exported function fn in err, an error of one of the
// package's validators ("nlm: …", e.g. Model.Validate's), keeping what err
// wraps: "nlm: NewSampler: invalid argument: model is nil …".
func inFn(fn string, err error) error {
	if err == nil {
		return nil
	}
	return &fnError{fn: fn, err: err}
}

type fnError struct {
	fn  string
	err error
}

func (e *fnError) Error() string {
	return "nlm: " + e.fn + ": " + strings.TrimPrefix(e.err.Error(), "nlm: ")
}

func (e *fnError) Unwrap() error { return e.err }

package mnist

import "errors"

// Errors. Every error a function of this package returns wraps one of these,
// or fs.ErrNotExist when the data set's files are not installed (the message
// lists where they were looked for and how to install them).
var (
	// ErrFormat: a file is not a valid IDX file (bad magic number, wrong
	// number of dimensions, truncated, damaged gzip stream, labels that do
	// not match the images).
	ErrFormat = errors.New("bad IDX file")
	// ErrInvalid: an argument is out of its range (an unknown split, a digit
	// outside 0…9, more images than the data set has).
	ErrInvalid = errors.New("invalid argument")
)

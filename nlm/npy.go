package nlm

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/gonlm/gonlm/internal/atomicfile"
	"github.com/gonlm/gonlm/nlm/internal/finite"

	"codeberg.org/sbinet/npyio"
	"codeberg.org/sbinet/npyio/npy"
	"gonum.org/v1/gonum/mat"
)

// SaveNpy writes m to path as a NumPy .npy file of float64 ('<f8') in C
// (row-major) order, readable with numpy.load. The write is atomic: the data go
// to a temporary file in the same directory, which is synced and then renamed
// over path, so a crash never leaves a half-written file. Matrices with NaN or
// ±Inf entries are refused (LoadNpy would reject the file).
func SaveNpy(path string, m mat.Matrix) error {
	d, err := npyMatrix("SaveNpy", m)
	if err != nil {
		return err
	}
	return saveNpy("SaveNpy", path, func(w io.Writer) error { return npyio.Write(w, d) })
}

// SaveNpy32 is SaveNpy with float32 ('<f4') elements, half the size; it is what
// PyTorch's float32 tensors hold. Values are rounded to the nearest float32;
// magnitudes beyond float32's range are refused. npyio writes float32 arrays
// through reflection, so this is slower than SaveNpy (about 0.5 s against
// 30 ms for 784×784).
func SaveNpy32(path string, m mat.Matrix) error {
	d, err := npyMatrix("SaveNpy32", m)
	if err != nil {
		return err
	}
	r, c := d.Dims()
	rows := make([][]float32, r)
	for i := range rows {
		rows[i] = make([]float32, c)
		for j, v := range d.RawRowView(i) {
			f := float32(v)
			if math.IsInf(float64(f), 0) {
				return fmt.Errorf("nlm: SaveNpy32: %w: m[%d, %d] = %g does not fit in float32; use SaveNpy (float64)", ErrInvalid, i, j, v)
			}
			rows[i][j] = f
		}
	}
	return saveNpy("SaveNpy32", path, func(w io.Writer) error { return npyio.Write(w, rows) })
}

// npyMatrix validates m for saving and returns it as a *mat.Dense.
func npyMatrix(fn string, m mat.Matrix) (*mat.Dense, error) {
	if m == nil {
		return nil, fmt.Errorf("nlm: %s: %w: the matrix is nil", fn, ErrInvalid)
	}
	d, ok := m.(*mat.Dense)
	if ok && d.IsEmpty() {
		return nil, fmt.Errorf("nlm: %s: %w: the matrix is empty", fn, ErrShape)
	}
	if r, c := m.Dims(); r == 0 || c == 0 {
		return nil, fmt.Errorf("nlm: %s: %w: the matrix is empty (%d×%d)", fn, ErrShape, r, c)
	}
	if i, j, bad := finite.Find(m); bad {
		return nil, fmt.Errorf("nlm: %s: %w: m[%d, %d] = %v; refusing to save a non-finite matrix (LoadNpy would reject it); if these are couplings, training diverged: lower the learning rate", fn, ErrNonFinite, i, j, m.At(i, j))
	}
	if !ok || d.RawMatrix().Stride != d.RawMatrix().Cols {
		d = mat.DenseCopyOf(m)
	}
	return d, nil
}

// saveNpy writes path atomically (see internal/atomicfile): a reader, or a
// process killed mid-write, sees the old file or the new one.
func saveNpy(fn, path string, write func(io.Writer) error) error {
	if err := atomicfile.Write(path, write); err != nil {
		return fmt.Errorf("nlm: %s: %w", fn, err)
	}
	return nil
}

// LoadNpy reads a 2-D NumPy .npy file of float32 or float64 (either byte
// order, C or Fortran order) as an r×c matrix with element [i, j] equal to the
// array's a[i, j]. It checks that the file is a complete .npy file, that the
// array is 2-D and non-empty, and that every value is finite; errors name the
// file, what was wrong and, for NaN/Inf, the first offending index.
func LoadNpy(path string) (*mat.Dense, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nlm: LoadNpy: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("nlm: LoadNpy: %w", err)
	}
	br := bufio.NewReaderSize(f, 1<<20)
	if err := checkNpyPrefix(br, st.Size()); err != nil {
		return nil, fmt.Errorf("nlm: LoadNpy: %w: %s %v; save the array with numpy.save (not .npz, torch.save or pickle)", ErrFormat, path, err)
	}
	var rd *npy.Reader
	err = npySafe(func() (err error) { rd, err = npy.NewReader(br); return err })
	if err != nil {
		if errors.Is(err, npy.ErrInvalidNumPyFormat) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("nlm: LoadNpy: %w: %s is not a NumPy .npy file (bad or truncated header); save the array with numpy.save (not .npz, torch.save or pickle)", ErrFormat, path)
		}
		return nil, fmt.Errorf("nlm: LoadNpy: %w: %s: bad .npy header: %w", ErrFormat, path, err)
	}
	h := rd.Header.Descr
	dtype := strings.Trim(strings.TrimSpace(h.Type), "'\"")
	var size int
	switch dtype {
	case "<f4", ">f4", "=f4":
		size = 4
	case "<f8", ">f8", "=f8":
		size = 8
	default:
		return nil, fmt.Errorf("nlm: LoadNpy: %w: %s holds elements of dtype %s; only float32 and float64 are supported: convert with a.astype(numpy.float64)", ErrFormat, path, dtype)
	}
	shape := shapeString(h.Shape)
	if len(h.Shape) != 2 {
		return nil, fmt.Errorf("nlm: LoadNpy: %w: %s holds a %d-D array of shape %s; a matrix must be 2-D (reshape it in NumPy, e.g. a.reshape(rows, cols))", ErrShape, path, len(h.Shape), shape)
	}
	r, c := h.Shape[0], h.Shape[1]
	if r <= 0 || c <= 0 {
		return nil, fmt.Errorf("nlm: LoadNpy: %w: %s holds an empty array of shape %s", ErrShape, path, shape)
	}
	if float64(r)*float64(c)*float64(size) > float64(st.Size()) {
		return nil, fmt.Errorf("nlm: LoadNpy: %w: %s is truncated: shape %s of %s needs %.0f bytes of data but the whole file has %d; save it again",
			ErrFormat, path, shape, dtype, float64(r)*float64(c)*float64(size), st.Size())
	}
	n := r * c
	data := make([]float64, n)
	if size == 4 {
		buf := make([]float32, n)
		err = npySafe(func() error { return rd.Read(&buf) })
		for i, v := range buf {
			data[i] = float64(v)
		}
	} else {
		err = npySafe(func() error { return rd.Read(&data) })
	}
	if err != nil {
		if errors.Is(err, npy.ErrInvalidNumPyFormat) {
			return nil, fmt.Errorf("nlm: LoadNpy: %w: %s is not a NumPy .npy file (bad dtype %q in its header); save the array with numpy.save (not .npz, torch.save or pickle)", ErrFormat, path, h.Type)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("nlm: LoadNpy: %w: %s is truncated: shape %s of %s needs %d bytes of data and the file ends before that; save it again", ErrFormat, path, shape, dtype, n*size)
		}
		return nil, fmt.Errorf("nlm: LoadNpy: %s: %w", path, err)
	}
	if extra, _ := io.Copy(io.Discard, br); extra > 0 {
		return nil, fmt.Errorf("nlm: LoadNpy: %w: %s has %d bytes after the data of its shape %s array; the header does not describe the file", ErrFormat, path, extra, shape)
	}
	var m *mat.Dense
	if h.Fortran {
		// Column-major storage: a[i, j] is element j·r + i.
		m = mat.NewDense(r, c, nil)
		for i := 0; i < r; i++ {
			row := m.RawRowView(i)
			for j := range row {
				row[j] = data[j*r+i]
			}
		}
	} else {
		m = mat.NewDense(r, c, data)
	}
	if i, j, bad := finite.Find(m); bad {
		return nil, fmt.Errorf("nlm: LoadNpy: %w: %s: element [%d, %d] is %v; the matrix must be finite (was it saved from a diverged run?)", ErrNonFinite, path, i, j, m.At(i, j))
	}
	return m, nil
}

// checkNpyPrefix checks, without consuming it, that the file starts like a
// .npy file whose header fits in it and ends with a newline: npyio v0.14.0
// allocates the header length the file declares (up to 4 GiB) and slices the
// header without checking it.
func checkNpyPrefix(br *bufio.Reader, size int64) error {
	pre, err := br.Peek(10)
	if err != nil || string(pre[:6]) != "\x93NUMPY" {
		return errors.New("is not a NumPy .npy file (bad or truncated header)")
	}
	var hdrLen, start int64
	switch pre[6] {
	case 1:
		hdrLen, start = int64(binary.LittleEndian.Uint16(pre[8:10])), 10
	case 2, 3:
		p, err := br.Peek(12)
		if err != nil {
			return errors.New("has a truncated header")
		}
		hdrLen, start = int64(binary.LittleEndian.Uint32(p[8:12])), 12
	default:
		return fmt.Errorf("has .npy format version %d, which is not supported", pre[6])
	}
	if hdrLen == 0 || start+hdrLen > size || hdrLen > 1<<20 {
		return fmt.Errorf("declares a header of %d bytes in a file of %d", hdrLen, size)
	}
	h, err := br.Peek(int(start + hdrLen))
	if err != nil || h[len(h)-1] != '\n' || !bytes.Contains(h[start:], []byte("}")) {
		return errors.New("has a header that is not a dictionary ending in a newline")
	}
	return nil
}

// npySafe runs f, a call of npyio, with a panic turned into an error
// wrapping npy.ErrInvalidNumPyFormat: npyio v0.14.0 panics on some
// malformed headers, in npy.NewReader and, for a dtype it cannot parse
// (an unquoted descr), in Reader.Read.
func npySafe(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: malformed header (%v)", npy.ErrInvalidNumPyFormat, p)
		}
	}()
	return f()
}

func shapeString(s []int) string {
	p := make([]string, len(s))
	for i, v := range s {
		p[i] = fmt.Sprint(v)
	}
	if len(s) == 1 {
		return "(" + p[0] + ",)"
	}
	return "(" + strings.Join(p, ", ") + ")"
}

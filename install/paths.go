package install

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Location says which of Jupyter's data directories receives the kernelspec.
type Location int

const (
	// User is the per-user data directory: $JUPYTER_DATA_DIR, else
	// $XDG_DATA_HOME/jupyter or ~/.local/share/jupyter on Linux,
	// ~/Library/Jupyter on macOS, %APPDATA%\jupyter on Windows.
	User Location = iota
	// SysPrefix is {sys.prefix}/share/jupyter of a Python environment (a
	// virtualenv or conda env), asked of that environment's python.
	SysPrefix
	// Prefix is {prefix}/share/jupyter for a prefix given by the caller.
	Prefix
)

// String names the location as its command-line flag does.
func (l Location) String() string {
	switch l {
	case User:
		return "--user"
	case SysPrefix:
		return "--sys-prefix"
	case Prefix:
		return "--prefix"
	}
	return fmt.Sprintf("Location(%d)", int(l))
}

// UserDataDir returns Jupyter's per-user data directory, following
// jupyter_core.paths.jupyter_data_dir: $JUPYTER_DATA_DIR if set; otherwise
// ~/Library/Jupyter on macOS, %APPDATA%\jupyter on Windows, and
// $XDG_DATA_HOME/jupyter (default ~/.local/share/jupyter) elsewhere.
func UserDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Abs(d)
	}
	switch runtime.GOOS {
	case "windows":
		if a := os.Getenv("APPDATA"); a != "" {
			return filepath.Join(a, "jupyter"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("finding the Jupyter data directory: %w (set JUPYTER_DATA_DIR)", err)
		}
		return filepath.Join(home, "Library", "Jupyter"), nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the Jupyter data directory: %w (set JUPYTER_DATA_DIR or HOME)", err)
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// FindPython returns the python to ask for sys.prefix: the given path if not
// empty, else $VIRTUAL_ENV's python when a virtualenv is active, else python3
// or python from PATH.
func FindPython(python string) (string, error) {
	if python != "" {
		p, err := exec.LookPath(python)
		if err != nil {
			return "", fmt.Errorf("--python %s: %w", python, err)
		}
		return p, nil
	}
	if venv := os.Getenv("VIRTUAL_ENV"); venv != "" {
		for _, name := range []string{"bin/python", "Scripts/python.exe"} {
			p := filepath.Join(venv, filepath.FromSlash(name))
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
	}
	for _, name := range []string{"python3", "python"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("--sys-prefix: no python3 or python on PATH; activate the Python environment Jupyter runs in, or pass --python /path/to/python or --prefix DIR")
}

// PythonPrefix runs `python -c 'import sys; print(sys.prefix)'` and returns the
// printed directory, which must exist.
func PythonPrefix(python string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "-c", "import sys; print(sys.prefix)")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg != "" {
			msg = ": " + msg
		}
		return "", fmt.Errorf("asking %s for sys.prefix: %w%s", python, err, msg)
	}
	prefix := strings.TrimSpace(string(out))
	if prefix == "" || !filepath.IsAbs(prefix) {
		return "", fmt.Errorf("%s printed %q for sys.prefix, not an absolute directory", python, prefix)
	}
	if st, err := os.Stat(prefix); err != nil || !st.IsDir() {
		return "", fmt.Errorf("%s reports sys.prefix %s, which is not a directory", python, prefix)
	}
	return prefix, nil
}

// KernelsDir returns the kernels directory (…/share/jupyter/kernels or the
// user's …/jupyter/kernels) that opt selects. It does not create it.
func KernelsDir(opt Options) (string, error) {
	switch opt.Location {
	case User:
		d, err := UserDataDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(d, "kernels"), nil
	case SysPrefix:
		py, err := FindPython(opt.Python)
		if err != nil {
			return "", err
		}
		prefix, err := PythonPrefix(py)
		if err != nil {
			return "", err
		}
		return filepath.Join(prefix, "share", "jupyter", "kernels"), nil
	case Prefix:
		if opt.Prefix == "" {
			return "", errors.New("--prefix needs a directory, e.g. --prefix /usr/local")
		}
		p, err := filepath.Abs(opt.Prefix)
		if err != nil {
			return "", fmt.Errorf("--prefix %s: %w", opt.Prefix, err)
		}
		return filepath.Join(p, "share", "jupyter", "kernels"), nil
	}
	return "", fmt.Errorf("unknown install location %d: use User, SysPrefix or Prefix", int(opt.Location))
}

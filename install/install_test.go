package install

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// fakeBinary writes an executable file standing in for the gonlm binary.
func fakeBinary(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "gonlm")
	if err := os.WriteFile(p, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func readSpec(t *testing.T, dir string) Spec {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s Spec
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("kernel.json does not parse: %v\n%s", err, b)
	}
	return s
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func TestCheckName(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"gonlm", "gonlm", true},
		{"GoNLM", "gonlm", true},
		{"go-1.26_nlm", "go-1.26_nlm", true},
		{"", "", false},
		{".", "", false},
		{"..", "", false},
		{"go nlm", "", false},
		{"go/nlm", "", false},
		{"../evil", "", false},
		{"gö", "", false},
		{"a~b", "", false},
		{strings.Repeat("a", 256), "", false},
		{strings.Repeat("a", 255), strings.Repeat("a", 255), true},
	}
	for _, tt := range tests {
		got, err := CheckName(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("CheckName(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if got != tt.want {
			t.Errorf("CheckName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseEnv(t *testing.T) {
	tests := []struct {
		in   []string
		want map[string]string
		ok   bool
	}{
		{nil, map[string]string{}, true},
		{[]string{"GOMAXPROCS=2", "A_B=x=y"}, map[string]string{"GOMAXPROCS": "2", "A_B": "x=y"}, true},
		{[]string{"EMPTY="}, map[string]string{"EMPTY": ""}, true},
		{[]string{"NOEQUALS"}, nil, false},
		{[]string{"=v"}, nil, false},
		{[]string{"1A=v"}, nil, false},
		{[]string{"A-B=v"}, nil, false},
		{[]string{"A=1", "A=2"}, nil, false},
	}
	for _, tt := range tests {
		got, err := ParseEnv(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseEnv(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("ParseEnv(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSpecJSON(t *testing.T) {
	s := NewSpec("/opt/gonlm/bin/gonlm", "", map[string]string{"GOMAXPROCS": "2"})
	b, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"argv":           []any{"/opt/gonlm/bin/gonlm", "kernel", "{connection_file}"},
		"display_name":   "Go (gonlm)",
		"language":       "go",
		"interrupt_mode": "message",
		"env":            map[string]any{"GOMAXPROCS": "2"},
		"metadata":       map[string]any{"debugger": false},
	}
	if fmt.Sprint(m) != fmt.Sprint(want) {
		t.Errorf("kernel.json = %v\nwant %v", m, want)
	}
	if !bytes.HasSuffix(b, []byte("}\n")) {
		t.Errorf("kernel.json should end in a newline")
	}
	// Without env the key is left out.
	b, _ = NewSpec("/x", "Go", nil).JSON()
	if bytes.Contains(b, []byte(`"env"`)) {
		t.Errorf("empty env written: %s", b)
	}
}

func TestInstallPrefixReplaceUninstall(t *testing.T) {
	bin := fakeBinary(t)
	prefix := t.TempDir()
	opt := Options{Location: Prefix, Prefix: prefix, Binary: bin}
	kernels := filepath.Join(prefix, "share", "jupyter", "kernels")

	res, err := Install(opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Dir != filepath.Join(kernels, "gonlm") || res.Name != "gonlm" || res.Replaced {
		t.Errorf("Install = %+v", res)
	}
	if got, want := dirNames(t, res.Dir), []string{"kernel.json", "logo-32x32.png", "logo-64x64.png", "logo-svg.svg"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("kernelspec files = %v, want %v", got, want)
	}
	s := readSpec(t, res.Dir)
	if s.Argv[0] != bin || s.Language != "go" || s.InterruptMode != "message" {
		t.Errorf("kernel.json = %+v", s)
	}
	if st, err := os.Stat(res.Dir); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("kernelspec dir mode: %v %v", st.Mode(), err)
	}

	// Reinstalling with another display name replaces the whole directory and
	// leaves no temporary directories behind.
	stale := filepath.Join(res.Dir, "stale.txt")
	os.WriteFile(stale, []byte("old"), 0o644)
	opt.DisplayName = "Go 2"
	res2, err := Install(opt)
	if err != nil {
		t.Fatal(err)
	}
	if !res2.Replaced {
		t.Errorf("second Install should report Replaced")
	}
	if readSpec(t, res2.Dir).DisplayName != "Go 2" {
		t.Errorf("display name not updated")
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("file from the old kernelspec survived the reinstall: %v", err)
	}
	if got := dirNames(t, kernels); fmt.Sprint(got) != "[gonlm]" {
		t.Errorf("kernels dir holds %v, want only [gonlm]", got)
	}

	// A second name lives beside the first.
	opt.Name = "GoNLM-Dev"
	res3, err := Install(opt)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(res3.Dir) != "gonlm-dev" {
		t.Errorf("name not lower-cased: %s", res3.Dir)
	}

	// Uninstall removes only that one.
	if _, err := Uninstall(opt); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, kernels); fmt.Sprint(got) != "[gonlm]" {
		t.Errorf("after uninstall kernels dir holds %v", got)
	}
	if _, err := Uninstall(opt); err == nil || !strings.Contains(err.Error(), "nothing to uninstall") {
		t.Errorf("second Uninstall error = %v, want 'nothing to uninstall'", err)
	}
}

func TestUninstallRefusesNonKernelDir(t *testing.T) {
	prefix := t.TempDir()
	dir := filepath.Join(prefix, "share", "jupyter", "kernels", "gonlm")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "precious.txt"), []byte("x"), 0o644)
	if _, err := Uninstall(Options{Location: Prefix, Prefix: prefix}); err == nil {
		t.Fatal("Uninstall removed a directory without kernel.json")
	}
	if _, err := os.Stat(filepath.Join(dir, "precious.txt")); err != nil {
		t.Errorf("unrelated file was touched: %v", err)
	}
}

func TestUserLocation(t *testing.T) {
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	res, err := Install(Options{Binary: fakeBinary(t)})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(data, "kernels", "gonlm"); res.Dir != want {
		t.Errorf("user install went to %s, want %s", res.Dir, want)
	}
}

func TestUserDataDirXDG(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("XDG_DATA_HOME applies on Linux and other Unix systems")
	}
	xdg := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("XDG_DATA_HOME", xdg)
	got, err := UserDataDir()
	if err != nil || got != filepath.Join(xdg, "jupyter") {
		t.Errorf("UserDataDir() = %q, %v; want %s", got, err, filepath.Join(xdg, "jupyter"))
	}
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", home)
	got, err = UserDataDir()
	if err != nil || got != filepath.Join(home, ".local", "share", "jupyter") {
		t.Errorf("UserDataDir() = %q, %v; want ~/.local/share/jupyter", got, err)
	}
}

// fakePython writes a shell script that behaves like `python -c ...` printing
// the given output.
func fakePython(t *testing.T, script string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs a shell script")
	}
	p := filepath.Join(t.TempDir(), "python")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSysPrefix(t *testing.T) {
	env := t.TempDir()
	tests := []struct {
		name, script string
		wantErr      string
	}{
		{"ok", "echo " + env, ""},
		{"relative", "echo relative/dir", "not an absolute directory"},
		{"missing", "echo " + filepath.Join(env, "nope"), "not a directory"},
		{"fails", "echo broken >&2; exit 3", "broken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			py := fakePython(t, tt.script)
			res, err := Install(Options{Location: SysPrefix, Python: py, Binary: fakeBinary(t), Name: "gonlm-" + tt.name})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(env, "share", "jupyter", "kernels", "gonlm-ok"); res.Dir != want {
				t.Errorf("installed to %s, want %s", res.Dir, want)
			}
		})
	}
}

func TestSysPrefixVirtualEnv(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs a shell script")
	}
	venv := t.TempDir()
	os.MkdirAll(filepath.Join(venv, "bin"), 0o755)
	os.WriteFile(filepath.Join(venv, "bin", "python"), []byte("#!/bin/sh\necho "+venv+"\n"), 0o755)
	t.Setenv("VIRTUAL_ENV", venv)
	dir, err := KernelsDir(Options{Location: SysPrefix})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(venv, "share", "jupyter", "kernels"); dir != want {
		t.Errorf("KernelsDir = %s, want %s", dir, want)
	}
	if _, err := FindPython(filepath.Join(venv, "no-such-python")); err == nil {
		t.Errorf("FindPython accepted a missing --python")
	}
}

func TestResolveBinary(t *testing.T) {
	dir := t.TempDir()
	noexec := filepath.Join(dir, "noexec")
	os.WriteFile(noexec, []byte("x"), 0o644)
	gobuild := filepath.Join(os.TempDir(), "go-build-gonlm-test-"+filepath.Base(dir), "b001", "exe")
	os.MkdirAll(filepath.Dir(gobuild), 0o755)
	os.WriteFile(gobuild, []byte("x"), 0o755)
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(filepath.Dir(gobuild))) })

	good := fakeBinary(t)
	tests := []struct {
		bin, wantErr string
	}{
		{good, ""},
		{filepath.Join(dir, "missing"), "build it first"},
		{dir, "is a directory"},
		{noexec, "not executable"},
		{gobuild, "go run"},
	}
	for _, tt := range tests {
		got, err := ResolveBinary(tt.bin)
		if tt.wantErr == "" {
			if err != nil || got != tt.bin {
				t.Errorf("ResolveBinary(%s) = %s, %v", tt.bin, got, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ResolveBinary(%s) error = %v, want it to mention %q", tt.bin, err, tt.wantErr)
		}
	}
	// A relative path is made absolute.
	t.Chdir(filepath.Dir(good))
	got, err := ResolveBinary("gonlm")
	if err != nil || got != good {
		t.Errorf("ResolveBinary(relative) = %s, %v; want %s", got, err, good)
	}
}

func TestCommand(t *testing.T) {
	bin := fakeBinary(t)
	prefix := t.TempDir()
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	t.Setenv("VIRTUAL_ENV", "")
	tests := []struct {
		args    []string
		wantOut string
		wantErr string
		check   string // a kernelspec dir that must (or, with "!", must not) exist afterwards
	}{
		{[]string{"--binary", bin}, "Installed kernelspec gonlm in " + filepath.Join(data, "kernels", "gonlm"), "", filepath.Join(data, "kernels", "gonlm")},
		{[]string{"--user", "--binary", bin}, "Updated kernelspec gonlm", "", ""},
		{[]string{"--prefix", prefix, "--name", "go-x", "--binary", bin, "--env", "GOMAXPROCS=2"}, "Installed kernelspec go-x", "", filepath.Join(prefix, "share/jupyter/kernels/go-x")},
		{[]string{"--prefix", prefix, "--name", "go-x", "--uninstall"}, "Removed kernelspec go-x", "", "!" + filepath.Join(prefix, "share/jupyter/kernels/go-x")},
		{[]string{"--user", "--sys-prefix"}, "", "only one of", ""},
		{[]string{"--prefix", prefix, "--sys-prefix"}, "", "only one of", ""},
		{[]string{"--python", "python3"}, "", "--python only applies", ""},
		{[]string{"--name", "bad name", "--binary", bin}, "", "characters Jupyter does not accept", ""},
		{[]string{"--env", "X"}, "", "KEY=VALUE", ""},
		{[]string{"--nope"}, "", "flag provided but not defined", ""},
		{[]string{"extra"}, "", "unexpected argument", ""},
		{[]string{"--uninstall", "--binary", bin}, "", "--uninstall takes only", ""},
		{[]string{"--prefix", "", "--binary", bin}, "", "--prefix needs a directory", ""},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		err := Command(tt.args, &out)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Command(%q) error = %v, want it to mention %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Command(%q): %v", tt.args, err)
			continue
		}
		if !strings.Contains(out.String(), tt.wantOut) {
			t.Errorf("Command(%q) printed %q, want %q", tt.args, out.String(), tt.wantOut)
		}
		if tt.check != "" {
			path, absent := strings.CutPrefix(tt.check, "!")
			_, err := os.Stat(path)
			if absent != errors.Is(err, os.ErrNotExist) {
				t.Errorf("Command(%q): %s exists = %v", tt.args, path, err == nil)
			}
		}
	}
	var out bytes.Buffer
	if err := Command([]string{"-h"}, &out); !errors.Is(err, ErrHelp) || !strings.Contains(out.String(), "usage: gonlm install") {
		t.Errorf("help: %v, %q", err, out.String())
	}
}

// jupyterCommand finds the jupyter executable of the repository's .venv (as
// `make setup` creates it), else on PATH.
func jupyterCommand() (string, bool) {
	if p, err := filepath.Abs(filepath.Join("..", ".venv", "bin", "jupyter")); err == nil {
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	p, err := exec.LookPath("jupyter")
	return p, err == nil
}

// TestJupyterSeesKernelspec installs into a private JUPYTER_DATA_DIR and asks
// the real `jupyter kernelspec list` about it.
func TestJupyterSeesKernelspec(t *testing.T) {
	jup, ok := jupyterCommand()
	if !ok {
		t.Skip("jupyter not installed (run make setup)")
	}
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	bin := fakeBinary(t)
	res, err := Install(Options{Binary: bin, Name: "gonlm-selftest"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(jup, "kernelspec", "list", "--json").Output()
	if err != nil {
		t.Fatalf("jupyter kernelspec list --json: %v", err)
	}
	var list struct {
		Kernelspecs map[string]struct {
			ResourceDir string         `json:"resource_dir"`
			Spec        map[string]any `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatalf("parsing jupyter's list: %v\n%s", err, out)
	}
	ks, ok := list.Kernelspecs["gonlm-selftest"]
	if !ok {
		t.Fatalf("jupyter does not list gonlm-selftest:\n%s", out)
	}
	if ks.ResourceDir != res.Dir {
		t.Errorf("jupyter finds it in %s, want %s", ks.ResourceDir, res.Dir)
	}
	if argv, _ := ks.Spec["argv"].([]any); len(argv) != 3 || argv[0] != bin || argv[2] != "{connection_file}" {
		t.Errorf("jupyter reads argv %v", ks.Spec["argv"])
	}
	if ks.Spec["language"] != "go" || ks.Spec["interrupt_mode"] != "message" || ks.Spec["display_name"] != DefaultDisplayName {
		t.Errorf("jupyter reads spec %v", ks.Spec)
	}
	plain, err := exec.Command(jup, "kernelspec", "list").Output()
	if err != nil || !strings.Contains(string(plain), "gonlm-selftest") || !strings.Contains(string(plain), res.Dir) {
		t.Errorf("jupyter kernelspec list:\n%s (%v)", plain, err)
	}

	if _, err := Uninstall(Options{Name: "gonlm-selftest"}); err != nil {
		t.Fatal(err)
	}
	out, err = exec.Command(jup, "kernelspec", "list", "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "gonlm-selftest") {
		t.Errorf("jupyter still lists the uninstalled kernel:\n%s", out)
	}
}

func ExampleCheckName() {
	for _, name := range []string{"GoNLM", "go nlm"} {
		n, err := CheckName(name)
		fmt.Printf("%q %v\n", n, err)
	}
	// Output:
	// "gonlm" <nil>
	// "" kernel name "go nlm" has characters Jupyter does not accept: use only ASCII letters, digits, '.', '_' and '-'
}

func ExampleNewSpec() {
	b, _ := NewSpec("/home/me/gonlm/bin/gonlm", "", nil).JSON()
	fmt.Print(string(b))
	// Output:
	// {
	//   "argv": [
	//     "/home/me/gonlm/bin/gonlm",
	//     "kernel",
	//     "{connection_file}"
	//   ],
	//   "display_name": "Go (gonlm)",
	//   "language": "go",
	//   "interrupt_mode": "message",
	//   "metadata": {
	//     "debugger": false
	//   }
	// }
}

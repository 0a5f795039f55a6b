// Package install writes and removes the Jupyter kernelspec of the gonlm kernel.
//
// A kernelspec is a directory named after the kernel (for example
// ~/.local/share/jupyter/kernels/gonlm) holding kernel.json, which tells Jupyter
// how to start the kernel, and the logos JupyterLab shows in its launcher
// (logo-svg.svg, logo-64x64.png, logo-32x32.png). The logos are drawn by this
// package from one shape list (see Logo), so the SVG and the PNGs always agree.
//
// The directory is written next to its final place and renamed into it, so a
// reader never sees a half-written kernelspec and a failed install leaves the
// previous one in place.
package install

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// DefaultName is the kernel name (the kernelspec directory name) used when none
// is given; notebooks record it in their metadata.kernelspec.name.
const DefaultName = "gonlm"

// DefaultDisplayName is the name JupyterLab shows in its launcher and kernel menu.
const DefaultDisplayName = "Go (gonlm)"

// Spec is the content of kernel.json, as described in the "Kernel specs"
// section of the Jupyter client documentation.
type Spec struct {
	// Argv is the command line that starts the kernel; Jupyter replaces
	// "{connection_file}" with the path of the connection file.
	Argv []string `json:"argv"`
	// DisplayName is shown in the user interface.
	DisplayName string `json:"display_name"`
	// Language is matched against a notebook's language when choosing a kernel.
	Language string `json:"language"`
	// InterruptMode is "message": interrupts arrive as interrupt_request on the
	// control channel instead of SIGINT.
	InterruptMode string `json:"interrupt_mode"`
	// Env holds extra environment variables for the kernel process (Jupyter
	// expands ${VAR} in the values).
	Env map[string]string `json:"env,omitempty"`
	// Metadata is free-form; JupyterLab reads "debugger" from it.
	Metadata map[string]any `json:"metadata"`
}

// NewSpec returns the kernelspec that starts the gonlm binary at bin (an
// absolute path) as `bin kernel {connection_file}`, shown as displayName (or
// DefaultDisplayName when empty), with the given extra environment (may be nil).
func NewSpec(bin, displayName string, env map[string]string) Spec {
	if displayName == "" {
		displayName = DefaultDisplayName
	}
	var e map[string]string
	if len(env) > 0 {
		e = make(map[string]string, len(env))
		for k, v := range env {
			e[k] = v
		}
	}
	return Spec{
		Argv:          []string{bin, "kernel", "{connection_file}"},
		DisplayName:   displayName,
		Language:      "go",
		InterruptMode: "message",
		Env:           e,
		Metadata:      map[string]any{"debugger": false},
	}
}

// JSON returns kernel.json's bytes: indented, keys in a fixed order, with a
// trailing newline.
func (s Spec) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding kernel.json: %w", err)
	}
	return append(b, '\n'), nil
}

// validName is the rule jupyter_client applies to kernel names
// (jupyter_client/kernelspec.py _is_valid_kernel_name): ASCII letters, digits,
// '.', '_' and '-'.
var validName = regexp.MustCompile(`^[a-z0-9._-]+$`)

// CheckName validates a kernel name and returns it in lower case, the form
// under which Jupyter stores and finds kernelspecs (names are case-insensitive).
// It rejects empty names, "." and "..", names longer than 255 bytes and any
// character outside ASCII letters, digits, '.', '_' and '-'.
func CheckName(name string) (string, error) {
	n := strings.ToLower(name)
	switch {
	case n == "":
		return "", fmt.Errorf("kernel name is empty: give a name such as %q", DefaultName)
	case n == "." || n == "..":
		return "", fmt.Errorf("kernel name %q is not allowed: use letters, digits, '.', '_' or '-', e.g. %q", name, DefaultName)
	case len(n) > 255:
		return "", fmt.Errorf("kernel name is %d bytes long; use at most 255", len(n))
	case !validName.MatchString(n):
		return "", fmt.Errorf("kernel name %q has characters Jupyter does not accept: use only ASCII letters, digits, '.', '_' and '-'", name)
	}
	return n, nil
}

// ParseEnv turns KEY=VALUE strings into a map for the kernelspec's env. Keys
// must be non-empty and made of letters, digits and '_' (not starting with a
// digit); a key given twice is an error.
func ParseEnv(pairs []string) (map[string]string, error) {
	env := make(map[string]string, len(pairs))
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, fmt.Errorf("--env %q: want KEY=VALUE", p)
		}
		if !validEnvKey(k) {
			return nil, fmt.Errorf("--env %q: the name %q must be letters, digits and '_', not starting with a digit", p, k)
		}
		if _, dup := env[k]; dup {
			return nil, fmt.Errorf("--env: %s is given twice", k)
		}
		env[k] = v
	}
	return env, nil
}

func validEnvKey(k string) bool {
	if k == "" {
		return false
	}
	for i, r := range k {
		switch {
		case r == '_', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// sortedKeys returns m's keys in order (used for stable messages).
func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

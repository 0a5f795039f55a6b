// Package archtest checks the import rules of ARCHITECTURE.md: which of the
// module's packages may import which. It has only tests.
package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/gonlm/gonlm/"

// rules: a package whose path (without the module prefix) starts with the
// key may import, of the module's own packages, only those whose paths start
// with one of the values.
var rules = map[string][]string{
	"nlm/internal/simd":    {},
	"nlm/internal/engine":  {"nlm/internal/simd"},
	"nlm/internal/grey":    {},
	"nlm/internal/finite":  {},
	"nlm/mnist":            {"nlm/internal/grey"},
	"nlm/analysis":         {"nlm/internal/", "nlm/mnist", "nlm"},
	"nlm":                  {"nlm/internal/", "nlm/mnist", "internal/atomicfile", "internal/inflight"},
	"internal/":            {},
	"kernel/display/views": {"kernel/display", "nlm", "internal/inflight"},
	"kernel/display":       {"kernel/display", "nlm", "internal/"},
	"kernel/internal/wire": {},
	"kernel/internal/cell": {},
	"kernel/internal/comm": {"kernel/display"},
	"kernel/widgets":       {"kernel/display", "kernel/internal/comm"},
	"kernel/":              {"kernel/", "nlm", "internal/"},
	"kernel":               {"kernel/internal/"},
	"install":              {},
	"cmd/gonlm":            {"kernel", "install"},
	"examples/":            {"nlm", "kernel/display"},
}

// rule returns the allowed prefixes for pkg: those of its longest matching key.
func rule(pkg string) ([]string, bool) {
	best, ok := "", false
	for k := range rules {
		if (pkg == k || strings.HasPrefix(pkg, strings.TrimSuffix(k, "/")+"/") || (strings.HasSuffix(k, "/") && strings.HasPrefix(pkg, k))) && len(k) >= len(best) {
			best, ok = k, true
		}
	}
	return rules[best], ok
}

func TestImportRules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	out, err := exec.Command("go", "list", "-json", "github.com/gonlm/gonlm/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	n := 0
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		n++
		pkg := strings.TrimPrefix(p.ImportPath, module)
		allowed, ok := rule(pkg)
		if !ok {
			t.Errorf("%s: no import rule; add one to rules and to ARCHITECTURE.md", pkg)
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			imp = strings.TrimPrefix(imp, module)
			fine := false
			for _, a := range allowed {
				if imp == strings.TrimSuffix(a, "/") || strings.HasPrefix(imp, a) || (!strings.HasSuffix(a, "/") && strings.HasPrefix(imp, a+"/")) {
					fine = true
				}
			}
			if !fine {
				t.Errorf("%s imports %s, which ARCHITECTURE.md does not allow", pkg, imp)
			}
		}
	}
	if n < 10 {
		t.Fatalf("go list found only %d packages", n)
	}
}

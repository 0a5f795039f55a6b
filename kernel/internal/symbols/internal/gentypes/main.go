// Command gentypes writes the type information of every package the symbol
// tables expose, as one zip archive with one entry per import path holding
// that package's export data (golang.org/x/tools/go/gcexportdata, the indexed
// format: each entry is self-contained, it declares every object of other
// packages that the package's API mentions).
//
// It asks the go command for the compiler's export data of each package
// (go list -export), reads it with gcexportdata and writes it again with
// gcexportdata.Write, without positions: the checker reports errors in cells,
// never in compiled packages, and without them the archive changes only when
// an API does (not when a line moves) and is the same on every machine with
// the same Go release. Entries are sorted and their time is fixed.
//
// Usage (from kernel/internal/symbols, see types.go):
//
//	go run ./internal/gentypes -o types.zip
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"log"
	"os"
	"os/exec"
	"time"

	"github.com/gonlm/gonlm/kernel/internal/symbols"
	"golang.org/x/tools/go/gcexportdata"
)

func main() {
	out := flag.String("o", "types.zip", "output `file`")
	flag.Parse()
	data, err := Generate(symbols.TypePackages())
	if err != nil {
		log.Fatal(err)
	}
	if err := writeFile(*out, data); err != nil {
		log.Fatal(err)
	}
}

// Generate returns the archive for the given import paths.
func Generate(paths []string) ([]byte, error) {
	files, err := exportFiles(paths)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range paths {
		// Each package is read on its own: its export data declares
		// everything it needs, and a shared map could hand back a package
		// that an earlier read created with only some of its objects.
		fset := token.NewFileSet()
		pkg, err := read(fset, map[string]*types.Package{}, p, files[p])
		if err != nil {
			return nil, err
		}
		var data bytes.Buffer
		if err := gcexportdata.Write(&data, nil, pkg); err != nil {
			return nil, fmt.Errorf("writing %s: %w", p, err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p, Method: zip.Deflate, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data.Bytes()); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// exportFiles returns the compiler's export data file of each path.
func exportFiles(paths []string) (map[string]string, error) {
	args := append([]string{"list", "-export", "-json=ImportPath,Export,Error"}, paths...)
	cmd := exec.Command("go", args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	files := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath, Export string
			Error              *struct{ Err string }
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		if p.Error != nil {
			return nil, fmt.Errorf("%s: %s", p.ImportPath, p.Error.Err)
		}
		files[p.ImportPath] = p.Export
	}
	for _, p := range paths {
		if files[p] == "" {
			return nil, fmt.Errorf("%s: no export data", p)
		}
	}
	return files, nil
}

// read reads the export data file of path.
func read(fset *token.FileSet, imports map[string]*types.Package, path, file string) (*types.Package, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Until Go 1.28, go list -export names the compiler's archive, from
	// which NewReader extracts the export data.
	//lint:ignore SA1019 Go 1.26 still writes archives
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pkg, err := gcexportdata.Read(r, fset, imports, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pkg, nil
}

// writeFile writes data to name through a temporary file and a rename.
func writeFile(name string, data []byte) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

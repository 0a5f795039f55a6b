package symbols_test

import (
	"bytes"
	"fmt"

	"github.com/gonlm/gonlm/kernel/internal/symbols"
	"github.com/traefik/yaegi/interp"
)

// Load every table with one Use call; cells then import packages by their
// full or short paths.
func Example() {
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out})
	if err := i.Use(symbols.Symbols); err != nil {
		fmt.Println(err)
		return
	}
	_, err := i.Eval(`import ("fmt"; "strings")`)
	if err == nil {
		_, err = i.Eval(`fmt.Println(strings.Lines != nil)`)
	}
	fmt.Print(out.String(), err)
	// Output:
	// true
	// <nil>
}

package complete_test

import (
	"fmt"

	"github.com/gonlm/gonlm/kernel/internal/cell"
	"github.com/gonlm/gonlm/kernel/internal/complete"
	"github.com/gonlm/gonlm/kernel/internal/symbols"
	"github.com/traefik/yaegi/interp"
)

// A session wires the interpreter, the tracker, the completer and the cell
// front end together, then answers complete and inspect requests.
func Example() {
	i := interp.New(interp.Options{})
	if err := i.Use(symbols.Symbols); err != nil {
		fmt.Println(err)
		return
	}
	tr := complete.NewTracker()
	comp := complete.New(i, tr, nil)
	front := cell.New(cell.Options{Resolver: comp.Resolver()})

	c, err := front.Parse("import \"gonum.org/v1/gonum/mat\"\nm := mat.NewDense(2, 2, nil)")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ch := range c.Chunks {
		if _, err := i.Eval(ch.Src); err != nil {
			fmt.Println(ch.MapError(err))
			return
		}
		front.Ran(&ch)
	}
	tr.Add(c)

	r := comp.Complete("m.SetR", 6)
	fmt.Println(r.Texts(), r.CursorStart, r.CursorEnd)
	in := comp.Inspect("mat.NewDense(", 13, 0)
	fmt.Println(in.Found)
	// Output:
	// [SetRawMatrix SetRow] 2 6
	// true
}

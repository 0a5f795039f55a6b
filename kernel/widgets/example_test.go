package widgets_test

import (
	"context"
	"fmt"

	"github.com/gonlm/gonlm/kernel/widgets"
)

// Interact re-runs its function whenever a control changes. Here, without
// a notebook (as in `gonlm run`), it runs at once and after each change the
// program makes, and the panel renders as its controls' values.
func ExampleInteract() {
	T := widgets.NewFloatSlider("T", 1, 0.5, 2, 0.1)
	onsager := widgets.NewCheckbox("Onsager term", true)
	panel := widgets.Interact(func(ctx context.Context) error {
		fmt.Printf("sampling at T = %.1f, Onsager term %v\n", T.Value(), onsager.Value())
		return nil
	}, T, onsager)
	T.SetValue(1.5)
	onsager.SetValue(false)
	fmt.Println(panel.Render().Text())
	// Output:
	// sampling at T = 1.0, Onsager term true
	// sampling at T = 1.5, Onsager term true
	// sampling at T = 1.5, Onsager term false
	// T: 1.50
	// [ ] Onsager term
}

// OnChange callbacks run with the new value; a change made from Go runs them
// at once (a user's change, on the kernel's executor between cells).
func ExampleFloatSlider_OnChange() {
	scale := widgets.NewFloatSlider("scale of J", 1, 0, 1.5, 0.05)
	scale.OnChange(func(v float64) { fmt.Printf("scale is now %.2f\n", v) })
	scale.SetValue(0.8)
	scale.SetValue(9) // clamped to the maximum
	fmt.Println(scale.Value())
	// Output:
	// scale is now 0.80
	// scale is now 1.50
	// 1.5
}

// Package widgets puts interactive controls in notebooks: sliders,
// checkboxes, dropdowns, buttons, text fields, labels, images, output areas
// and boxes that lay them out, as the standard Jupyter widgets (the
// ipywidgets 8 models that JupyterLab's widget manager, jupyterlab_widgets,
// draws), with Go callbacks that run cell code, and Interact, which re-runs a
// function whenever a control changes. Cells import it as "widgets".
//
//	T := widgets.NewFloatSlider("T", 1, 0.2, 2, 0.05)
//	out := widgets.NewOutput()
//	T.OnChange(func(v float64) {
//		out.Capture(func() { fmt.Println("T is now", v) })
//	})
//	widgets.NewVBox(T, out) // the last value: shown as a live panel
//
// A widget shows itself when it is a cell's last value or is passed to
// display.Show; every view of it (in several cells, in several open pages)
// is the same model, and changing it from Go (SetValue, SetPNG, ...) updates
// every view. A page that is reloaded while the kernel runs gets every live
// widget back, with its current state.
//
// # Callbacks
//
// OnChange and OnClick callbacks are Go functions, usually function literals
// in the cell that makes the widget. When a user moves a control, the
// kernel applies the new value at once (Value() returns it even inside a
// running cell), and runs the callbacks on the executor that runs cells:
// one at a time, after the cell that is running (if any) and before the next
// one, so a callback never races a cell. Changes made from Go (SetValue,
// Click) run the callbacks at once, on the caller's goroutine.
//
// The interrupt button stops a running callback as it stops a cell:
// interpreted code stops at once and ctx (the cell's predeclared context)
// is cancelled, so nlm calls given ctx return. What a callback prints goes
// to JupyterLab's log console; print into an Output (out.Capture) to show
// it in the notebook.
//
// A limitation of the interpreter (yaegi v0.16.1): a function literal
// created inside a function call stops working after an interrupt (calling
// it returns at once), so a callback made that way is dead once the kernel
// was interrupted; re-run the cell that made it. Callbacks that are function
// literals at a cell's top level, or top-level funcs, keep working.
//
// # Interact
//
// Interact(fn, controls...) lays out the controls above an Output and runs
// fn(ctx) into it: once at once, and again after each change. Runs are
// debounced, and a change cancels the ctx of the run it has made stale,
// which suits work that takes a second, like a Langevin run.
//
// # Without a notebook
//
// In the scripting mode (`gonlm run`) there are no front ends: widgets keep
// their values and run their callbacks on changes made from Go, and render
// as their current value: a control as a line of text ("T: 1.00"), an Image
// as a PNG file, a Box as its children's lines. Interact runs fn once at
// once with its output going where a cell's would, so the same script runs
// headless.
//
// # Protocol
//
// The kernel speaks the Jupyter widget messaging protocol 2.1.0 (see
// kernel/internal/comm): each widget is a comm on "jupyter.widget" opened
// with the model's full state (controls, layouts and styles are models of
// @jupyter-widgets/controls 2.0.0 and @jupyter-widgets/base 2.0.0, the
// output area of @jupyter-widgets/output 1.0.0), updates and echo_updates
// both ways, images as binary buffers, request_state, and the
// "jupyter.widget.control" target for reloaded pages.
package widgets

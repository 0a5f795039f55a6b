package widgets

import (
	"fmt"
	"strings"
	"sync"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/comm"
)

// Box lays out its children in a row (NewHBox) or a column (NewVBox).
// Without front ends it renders as its children's lines of text, one per
// child.
//
// Like every widget it also has ID, Close, Render and SetLayout.
type Box struct {
	*model
	cmu  sync.Mutex
	kids []Widget
}

// NewHBox returns a row of the children.
func NewHBox(children ...Widget) *Box { return newBox("HBox", children) }

// NewVBox returns a column of the children.
func NewVBox(children ...Widget) *Box { return newBox("VBox", children) }

func newBox(kind string, children []Widget) *Box {
	b := &Box{model: newModel(kind, kind+"Model", kind+"View", controlsModule, controlsVersion, true, "")}
	b.state["box_style"] = ""
	b.kids = nonNil(children)
	b.state["children"] = refs(b.kids)
	b.text = b.textOf
	b.open(b)
	return b
}

// nonNil drops nil children (a Box shows what it is given; a nil is a
// mistake it does not make worse).
func nonNil(ws []Widget) []Widget {
	out := make([]Widget, 0, len(ws))
	for _, w := range ws {
		if w != nil {
			out = append(out, w)
		}
	}
	return out
}

// refs returns the model references of widgets.
func refs(ws []Widget) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = comm.ModelPrefix + w.ID()
	}
	return out
}

// Children returns the children.
func (b *Box) Children() []Widget {
	b.cmu.Lock()
	defer b.cmu.Unlock()
	return append([]Widget(nil), b.kids...)
}

// SetChildren replaces the children.
func (b *Box) SetChildren(children ...Widget) {
	kids := nonNil(children)
	b.cmu.Lock()
	b.kids = kids
	b.cmu.Unlock()
	b.set(map[string]any{"children": refs(kids)})
}

// SetBoxStyle sets one of the predefined box styles: "success", "info",
// "warning", "danger" or "" (plain).
func (b *Box) SetBoxStyle(style string) error {
	switch style {
	case "success", "info", "warning", "danger", "":
		b.set(map[string]any{"box_style": style})
		return nil
	}
	return fmt.Errorf("widgets: box style %q is not success, info, warning, danger or \"\"", style)
}

func (b *Box) textOf() string {
	var lines []string
	for _, w := range b.Children() {
		if t := widgetText(w); t != "" {
			lines = append(lines, t)
		}
	}
	return strings.Join(lines, "\n")
}

// widgetText is a widget's line(s) of text.
func widgetText(w Widget) string {
	return w.base().Text()
}

var _ display.Renderer = (*Box)(nil)

package widgets

import (
	"fmt"
	"sort"
	"strings"
)

// layoutKeys are the CSS properties of a LayoutModel (@jupyter-widgets/base
// 2.0.0), named with underscores; each is null (unset) or a CSS string.
var layoutKeys = []string{
	"align_content", "align_items", "align_self", "border_bottom", "border_left", "border_right",
	"border_top", "bottom", "display", "flex", "flex_flow", "grid_area", "grid_auto_columns",
	"grid_auto_flow", "grid_auto_rows", "grid_column", "grid_gap", "grid_row", "grid_template_areas",
	"grid_template_columns", "grid_template_rows", "height", "justify_content", "justify_items",
	"left", "margin", "max_height", "max_width", "min_height", "min_width", "object_fit",
	"object_position", "order", "overflow", "padding", "right", "top", "visibility", "width",
}

// styleKeys are the properties of each style model (@jupyter-widgets/controls
// 2.0.0) with their defaults.
var styleKeys = map[string]map[string]any{
	"DescriptionStyleModel": {"description_width": ""},
	"SliderStyleModel":      {"description_width": "", "handle_color": nil},
	"CheckboxStyleModel":    {"description_width": "", "background": nil},
	"TextStyleModel":        {"description_width": "", "background": nil, "font_size": nil, "text_color": nil},
	"LabelStyleModel": {"description_width": "", "background": nil, "font_family": nil, "font_size": nil,
		"font_style": nil, "font_variant": nil, "font_weight": nil, "text_color": nil, "text_decoration": nil},
	"ButtonStyleModel": {"button_color": nil, "font_family": "", "font_size": "", "font_style": "",
		"font_variant": "", "font_weight": "", "text_color": "", "text_decoration": ""},
}

// layoutModel is the CSS box of a widget (its size, margins, flex layout); set
// its properties with the widget's SetLayout.
type layoutModel struct{ *model }

func newLayout() *layoutModel {
	m := newModel("Layout", "LayoutModel", "LayoutView", baseModule, baseVersion, false, "")
	for _, k := range layoutKeys {
		m.state[k] = nil
	}
	return &layoutModel{m}
}

// set sets name, value pairs; "" sets null.
func (l *layoutModel) set(nv []string) error {
	delta, err := pairs(nv, func(name string) (any, bool) {
		i := sort.SearchStrings(layoutKeys, name)
		return nil, i < len(layoutKeys) && layoutKeys[i] == name
	}, "Layout", layoutKeys)
	if err != nil {
		return err
	}
	l.model.set(delta)
	return nil
}

// styleModel holds the style properties of a widget (description width, colours,
// fonts); set them with the widget's SetStyle.
type styleModel struct {
	*model
	defaults map[string]any
}

func newStyle(name string) *styleModel {
	m := newModel("Style", name, "StyleView", controlsModule, controlsVersion, false, "")
	m.identity["_view_module"] = baseModule
	m.identity["_view_module_version"] = baseVersion
	defaults := styleKeys[name]
	for k, v := range defaults {
		m.state[k] = v
	}
	return &styleModel{m, defaults}
}

func (s *styleModel) set(nv []string) error {
	var names []string
	for k := range s.defaults {
		names = append(names, k)
	}
	sort.Strings(names)
	delta, err := pairs(nv, func(name string) (any, bool) {
		d, ok := s.defaults[name]
		return d, ok
	}, s.identity["_model_name"].(string), names)
	if err != nil {
		return err
	}
	s.model.set(delta)
	return nil
}

// pairs turns name, value pairs into a state delta; an empty value becomes
// the property's default.
func pairs(nv []string, known func(string) (any, bool), what string, names []string) (map[string]any, error) {
	if len(nv)%2 != 0 {
		return nil, fmt.Errorf("widgets: %s properties come in name, value pairs; got %d strings", what, len(nv))
	}
	delta := map[string]any{}
	for i := 0; i < len(nv); i += 2 {
		name := strings.ReplaceAll(nv[i], "-", "_")
		def, ok := known(name)
		if !ok {
			return nil, fmt.Errorf("widgets: %s has no property %q; it has %s", what, nv[i], strings.Join(names, ", "))
		}
		if nv[i+1] == "" {
			delta[name] = def
		} else {
			delta[name] = nv[i+1]
		}
	}
	return delta, nil
}

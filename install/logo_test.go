package install

import (
	"bytes"
	"encoding/xml"
	"image/color"
	"image/png"
	"io"
	"testing"
)

// near reports whether two colours differ by at most tol in every channel.
func near(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) bool { v := int(x) - int(y); return v <= tol && v >= -tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

func TestLogoPNG(t *testing.T) {
	for _, size := range []int{32, 64, 128} {
		b, err := LogoPNG(size)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Fatalf("size %d: image is %v", size, r)
		}
		at := func(x, y float64) color.NRGBA { // logo coordinates
			s := float64(size) / logoSize
			return color.NRGBAModel.Convert(img.At(int(x*s), int(y*s))).(color.NRGBA)
		}
		checks := []struct {
			name string
			x, y float64
			want color.NRGBA
		}{
			{"corner is transparent", 0.5, 0.5, color.NRGBA{}},
			{"background", 32, 58, logoBackground},
			{"node centre", logoNodes[0][0], logoNodes[0][1], logoNode},
			{"node ring", logoNodes[2][0] + 7, logoNodes[2][1], logoRing},
		}
		for _, c := range checks {
			if c.name == "node ring" && size < 64 {
				continue // the 2-unit ring is a single blended pixel at 32×32
			}
			got := at(c.x, c.y)
			if c.want.A == 0 {
				if got.A != 0 {
					t.Errorf("size %d: %s: alpha %d", size, c.name, got.A)
				}
				continue
			}
			if !near(got, c.want, 12) {
				t.Errorf("size %d: %s at (%g,%g) = %v, want %v", size, c.name, c.x, c.y, got, c.want)
			}
		}
	}
	// The middle of an edge is the edge colour blended over the background.
	img, _ := LogoImage(64)
	a, b := logoNodes[0], logoNodes[2]
	got := color.NRGBAModel.Convert(img.At(int((a[0]+b[0])/2), int((a[1]+b[1])/2))).(color.NRGBA)
	if near(got, logoBackground, 20) || got.A != 255 {
		t.Errorf("edge midpoint %v looks like bare background", got)
	}
	for _, bad := range []int{0, -1, 5000} {
		if _, err := LogoPNG(bad); err == nil {
			t.Errorf("LogoPNG(%d) accepted", bad)
		}
	}
}

func TestLogoSVG(t *testing.T) {
	dec := xml.NewDecoder(bytes.NewReader(LogoSVG()))
	counts := map[string]int{}
	var root xml.StartElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root.Name.Local == "" {
				root = se
			}
			counts[se.Name.Local]++
		}
	}
	if root.Name.Local != "svg" || root.Name.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root element %v", root.Name)
	}
	attrs := map[string]string{}
	for _, a := range root.Attr {
		attrs[a.Name.Local] = a.Value
	}
	if attrs["viewBox"] != "0 0 64 64" {
		t.Errorf("viewBox = %q", attrs["viewBox"])
	}
	n := len(logoNodes)
	want := map[string]int{"svg": 1, "title": 1, "rect": 1, "line": n * (n - 1) / 2, "circle": 2 * n}
	for k, v := range want {
		if counts[k] != v {
			t.Errorf("%d <%s> elements, want %d", counts[k], k, v)
		}
	}
}

func BenchmarkLogoPNG64(b *testing.B) {
	for b.Loop() {
		if _, err := LogoPNG(64); err != nil {
			b.Fatal(err)
		}
	}
}

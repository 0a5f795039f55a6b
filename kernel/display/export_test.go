package display

import "time"

// Test helpers of the internal tests, for the external ones (package
// display_test, which can use displaytest without an import cycle).
var (
	DecodePNG  = decodePNG
	ParseXML   = parseXML
	PNGFixture = testPNG
	LinePlot   = linePlot
	Keys       = keys
)

// Digits is a test Gridder of n 28×28 images.
func Digits(n int) Gridder { return digits{n} }

// FakeClock sets the time p started and the time of its last Set.
func (p *Progress) FakeClock(start, now time.Time) {
	p.mu.Lock()
	p.start, p.now = start, now
	p.mu.Unlock()
}

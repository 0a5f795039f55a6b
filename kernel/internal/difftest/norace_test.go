//go:build !race

package difftest

var testVariants = Variants

const parallel = true

var raceSkip = map[string]string{}

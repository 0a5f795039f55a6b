//go:build !race

package difftest

var testVariants = Variants

const parallel = true

func raceSkip(string) (string, bool) { return "", false }

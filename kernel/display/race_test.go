//go:build race

package display

const raceEnabled = true

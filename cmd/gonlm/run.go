package main

import (
	"os"

	"github.com/gonlm/gonlm/kernel"
)

func init() { commands["run"] = runScript }

// runScript implements `gonlm run` (see kernel.RunScript); it exits with the
// script's status.
func runScript(args []string) error {
	if status := kernel.RunScript(args); status != 0 {
		os.Exit(status)
	}
	return nil
}

package main

import (
	"errors"
	"os"

	"github.com/gonlm/gonlm/install"
)

func init() { commands["install"] = runInstall }

// runInstall implements `gonlm install`: it writes (or with --uninstall
// removes) the Jupyter kernelspec that runs this binary; see install.Usage.
func runInstall(args []string) error {
	err := install.Command(args, os.Stdout)
	if errors.Is(err, install.ErrHelp) {
		return nil
	}
	return err
}

// Command gonlm is the gonlm Jupyter kernel and its tools, one binary with
// subcommands:
//
//	gonlm kernel <connection-file>   run the kernel (what kernel.json starts)
//	gonlm install [...]              install the kernelspec (see install.go)
//	gonlm run <script.go>            run a notebook-style Go script (see run.go)
//	gonlm version                    print the version
//
// Subcommands other than kernel and version live in files of their own that
// add themselves to commands from init.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"

	"github.com/gonlm/gonlm/kernel"
)

// commands maps subcommand names to their implementations; each receives the
// arguments after its name. install.go and run.go register "install"
// (runInstall) and "run" (runScript) from their init functions, e.g.
//
//	func init() { commands["install"] = runInstall }
var commands = map[string]func(args []string) error{
	"kernel":  runKernel,
	"version": runVersion,
}

// summaries holds the usage line of each command (optional for registered ones).
var summaries = map[string]string{
	"kernel":  "kernel <connection-file>    run the Jupyter kernel (Jupyter starts it from kernel.json)",
	"version": "version                     print the version",
	"install": "install [flags]             install the Jupyter kernelspec (gonlm install -h)",
	"run":     "run <script.go> [args]      run a Go script as a notebook would (gonlm run -h)",
}

// errUsage makes main print the usage and exit with status 2.
var errUsage = errors.New("usage")

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	name := os.Args[1]
	if name == "-h" || name == "--help" || name == "help" {
		usage()
		return
	}
	cmd, ok := commands[strings.TrimPrefix(name, "--")]
	if !ok {
		fmt.Fprintf(os.Stderr, "gonlm: unknown command %q\n\n", name)
		usage()
		os.Exit(2)
	}
	if err := cmd(os.Args[2:]); err != nil {
		if errors.Is(err, errUsage) {
			usage()
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "gonlm %s: %v\n", name, err)
		os.Exit(1)
	}
}

func usage() {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(os.Stderr, "usage: gonlm <command> [arguments]\n\ncommands:")
	for _, n := range names {
		line := summaries[n]
		if line == "" {
			line = n
		}
		fmt.Fprintf(os.Stderr, "  gonlm %s\n", line)
	}
}

func runKernel(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: gonlm kernel <connection-file>", errUsage)
	}
	// GONLM_CPUPROFILE=file writes a CPU profile of the kernel's whole run.
	if path := os.Getenv("GONLM_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	return kernel.Run(context.Background(), args[0])
}

func runVersion(args []string) error {
	fmt.Printf("gonlm %s (%s %s/%s", kernel.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				fmt.Printf(", commit %s", s.Value[:12])
			}
		}
	}
	fmt.Println(")")
	return nil
}

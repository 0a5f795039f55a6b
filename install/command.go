package install

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Usage is the help text of `gonlm install`.
const Usage = `usage: gonlm install [--user | --sys-prefix [--python PY] | --prefix DIR]
                     [--name NAME] [--display-name TEXT] [--env KEY=VALUE]...
                     [--binary PATH] [--uninstall]

Installs the Jupyter kernelspec that runs this gonlm binary as a Go kernel
(kernel.json and logos), or removes it with --uninstall.

Where:
  --user          the per-user Jupyter data directory (the default):
                  $JUPYTER_DATA_DIR/kernels, else ~/.local/share/jupyter/kernels
  --sys-prefix    the Python environment Jupyter runs in: {sys.prefix}/share/jupyter/kernels,
                  asking --python, else $VIRTUAL_ENV/bin/python, else python3 on PATH
  --prefix DIR    DIR/share/jupyter/kernels

Check the result with: jupyter kernelspec list
`

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }

func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// ErrHelp is returned by Command when help was asked for (-h, --help); the
// usage has then been written to out.
var ErrHelp = flag.ErrHelp

// Command runs `gonlm install` with the arguments after "install", reporting
// to out. It returns an error describing what was wrong (bad flags, an
// unwritable directory, a missing python), or ErrHelp after printing help.
func Command(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("gonlm install", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		user, sysPrefix, uninstall bool
		opt                        Options
		env                        multiFlag
	)
	fs.BoolVar(&user, "user", false, "install for the current user (default)")
	fs.BoolVar(&sysPrefix, "sys-prefix", false, "install into the Python environment's sys.prefix")
	fs.StringVar(&opt.Prefix, "prefix", "", "install into `DIR`/share/jupyter/kernels")
	fs.StringVar(&opt.Python, "python", "", "python to ask for sys.prefix with --sys-prefix")
	fs.StringVar(&opt.Name, "name", DefaultName, "kernel `NAME` (letters, digits, '.', '_', '-')")
	fs.StringVar(&opt.DisplayName, "display-name", DefaultDisplayName, "name shown by Jupyter")
	fs.StringVar(&opt.Binary, "binary", "", "gonlm executable kernel.json runs (default: this one)")
	fs.Var(&env, "env", "KEY=VALUE for the kernel's environment (repeatable)")
	fs.BoolVar(&uninstall, "uninstall", false, "remove the kernelspec instead")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(out, Usage)
			return ErrHelp
		}
		return fmt.Errorf("%w\n\n%s", err, Usage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (flags only)\n\n%s", fs.Arg(0), Usage)
	}
	chosen := 0
	prefixSet := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "prefix" {
			prefixSet = true
		}
	})
	for _, b := range []bool{user, sysPrefix, prefixSet} {
		if b {
			chosen++
		}
	}
	if chosen > 1 {
		return errors.New("give only one of --user, --sys-prefix and --prefix")
	}
	switch {
	case sysPrefix:
		opt.Location = SysPrefix
	case prefixSet:
		opt.Location = Prefix
	default:
		opt.Location = User
	}
	if opt.Python != "" && opt.Location != SysPrefix {
		return errors.New("--python only applies with --sys-prefix")
	}
	parsed, err := ParseEnv(env)
	if err != nil {
		return fmt.Errorf("%w", err)
	}
	opt.Env = parsed

	if uninstall {
		if len(env) > 0 || opt.Binary != "" {
			return errors.New("--uninstall takes only --name and the location flags")
		}
		res, err := Uninstall(opt)
		if err != nil {
			return fmt.Errorf("--uninstall: %w", err)
		}
		fmt.Fprintf(out, "Removed kernelspec %s from %s\n", res.Name, res.Dir)
		return nil
	}
	res, err := Install(opt)
	if err != nil {
		return fmt.Errorf("%w", err)
	}
	verb := "Installed"
	if res.Replaced {
		verb = "Updated"
	}
	fmt.Fprintf(out, "%s kernelspec %s in %s\n  runs: %s\n  check: jupyter kernelspec list\n",
		verb, res.Name, res.Dir, strings.Join(res.Spec.Argv, " "))
	return nil
}

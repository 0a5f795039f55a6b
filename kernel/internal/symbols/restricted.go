package symbols

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
)

// This file provides the substitutes that `yaegi extract` references instead
// of the real symbols when it extracts os and log (its "restricted" names:
// osExit, osFindProcess, logFatal, logFatalf, logFatalln, logNew and
// logLogger). A cell must never end or signal the kernel process.

// Exit is the panic value of os.Exit, log.Fatal* and (*log.Logger).Fatal*
// called from a cell. The kernel recovers it like any panic; a session may
// recognise it (errors.As on the interp.Panic value) to report "os.Exit(code)"
// without a stack.
type Exit struct {
	// Code is the status the cell passed to os.Exit (1 for log.Fatal*).
	Code int
}

// Error says that the kernel refused to exit.
func (e Exit) Error() string {
	return fmt.Sprintf("os.Exit(%d) called: the cell was stopped, the kernel keeps running", e.Code)
}

// errOwnProcess is returned by os.FindProcess for the kernel's own pid.
var errOwnProcess = errors.New("os.FindProcess: a cell may not signal the kernel's own process")

// osExit replaces os.Exit: it panics with Exit{code}.
func osExit(code int) { panic(Exit{Code: code}) }

// osFindProcess replaces os.FindProcess: it refuses the kernel's own pid.
func osFindProcess(pid int) (*os.Process, error) {
	if pid == os.Getpid() {
		return nil, errOwnProcess
	}
	return os.FindProcess(pid)
}

// logFatal replaces log.Fatal: it logs like log.Print, then panics with Exit{1}.
func logFatal(v ...any) {
	_ = log.Output(2, fmt.Sprint(v...))
	panic(Exit{Code: 1})
}

// logFatalf replaces log.Fatalf: it logs like log.Printf, then panics with Exit{1}.
func logFatalf(format string, v ...any) {
	_ = log.Output(2, fmt.Sprintf(format, v...))
	panic(Exit{Code: 1})
}

// logFatalln replaces log.Fatalln: it logs like log.Println, then panics with Exit{1}.
func logFatalln(v ...any) {
	_ = log.Output(2, fmt.Sprintln(v...))
	panic(Exit{Code: 1})
}

// logLogger replaces log.Logger for cells: the same methods, but Fatal*
// panic with Exit{1} instead of exiting.
type logLogger struct {
	l *log.Logger
}

// logNew replaces log.New and returns the restricted logger.
func logNew(out io.Writer, prefix string, flag int) *logLogger {
	return &logLogger{l: log.New(out, prefix, flag)}
}

// Fatal logs like Print, then panics with Exit{1}.
func (g *logLogger) Fatal(v ...any) {
	_ = g.l.Output(2, fmt.Sprint(v...))
	panic(Exit{Code: 1})
}

// Fatalf logs like Printf, then panics with Exit{1}.
func (g *logLogger) Fatalf(format string, v ...any) {
	_ = g.l.Output(2, fmt.Sprintf(format, v...))
	panic(Exit{Code: 1})
}

// Fatalln logs like Println, then panics with Exit{1}.
func (g *logLogger) Fatalln(v ...any) {
	_ = g.l.Output(2, fmt.Sprintln(v...))
	panic(Exit{Code: 1})
}

// Flags returns the logger's output flags.
func (g *logLogger) Flags() int { return g.l.Flags() }

// Output writes one log event, as (*log.Logger).Output.
func (g *logLogger) Output(calldepth int, s string) error { return g.l.Output(calldepth+1, s) }

// Panic logs like Print, then panics with the message.
func (g *logLogger) Panic(v ...any) { g.l.Panic(v...) }

// Panicf logs like Printf, then panics with the message.
func (g *logLogger) Panicf(format string, v ...any) { g.l.Panicf(format, v...) }

// Panicln logs like Println, then panics with the message.
func (g *logLogger) Panicln(v ...any) { g.l.Panicln(v...) }

// Prefix returns the logger's prefix.
func (g *logLogger) Prefix() string { return g.l.Prefix() }

// Print logs its operands as fmt.Print.
func (g *logLogger) Print(v ...any) { g.l.Print(v...) }

// Printf logs its operands as fmt.Printf.
func (g *logLogger) Printf(format string, v ...any) { g.l.Printf(format, v...) }

// Println logs its operands as fmt.Println.
func (g *logLogger) Println(v ...any) { g.l.Println(v...) }

// SetFlags sets the logger's output flags.
func (g *logLogger) SetFlags(flag int) { g.l.SetFlags(flag) }

// SetOutput sets the logger's destination.
func (g *logLogger) SetOutput(w io.Writer) { g.l.SetOutput(w) }

// SetPrefix sets the logger's prefix.
func (g *logLogger) SetPrefix(prefix string) { g.l.SetPrefix(prefix) }

// Writer returns the logger's destination.
func (g *logLogger) Writer() io.Writer { return g.l.Writer() }

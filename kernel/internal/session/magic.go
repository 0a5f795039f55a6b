package session

import (
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/gonlm/gonlm/kernel/display"
)

// Commands a cell may hold besides Go, as in IPython and GoNB. They are
// lines that start with ! or % (in the first column, outside strings and
// comments; neither starts a Go statement). The session takes them out
// before the cell front end sees the cell and runs the cell's parts in
// order: Go lines between commands run as cells of their own, with the line
// numbers of the whole cell, and the value of the cell's last expression is
// shown when the cell ends with Go.
const magicHelp = `Commands a cell may hold besides Go (each on a line of its own, in the first column):

  !cmd            run cmd with /bin/sh; its output shows as it runs. A line
                  ending in \ continues on the next. A failing command fails
                  the cell; an interrupt stops it (SIGINT, SIGKILL 2 s later).
  %time code      run the Go code on the rest of the line and print its wall
                  and CPU time (CPU time of the whole kernel process)
  %%time          (the cell's first line) time the whole cell
  %who [text]     the session's variables with their types and values
                  (those whose type contains text)
  %env            the environment; %env NAME shows one variable,
                  %env NAME=value (or NAME value) sets it for cells
                  (os.Getenv), compiled code and ! commands
  %help           this list

Also: ?name or name? shows the documentation of name.
`

// segment kinds.
const (
	segGo = iota
	segShell
	segTime
	segWho
	segEnv
	segHelp
)

// segment is one part of a cell: Go lines, or one command.
type segment struct {
	kind int
	line int    // 0-based line where it starts
	arg  string // the command's text: shell command, %who filter, %env argument
	src  string // Go source (segGo, segTime), padded so positions are the cell's
}

// splitMagics splits a cell at its command lines. It returns nil segments
// for a cell without commands. timeCell reports a %%time first line (taken
// out of the segments).
func splitMagics(code string) (segs []segment, timeCell bool, err *Error) {
	lines := strings.Split(code, "\n")
	if first := strings.TrimRight(lines[0], " \t\r"); strings.HasPrefix(first, "%%") {
		if first != "%%time" {
			return nil, false, magicError(code, 1, fmt.Sprintf("unknown cell command %s: %%%%time is the one there is (%%help lists the commands)", first))
		}
		timeCell = true
		lines[0] = ""
	}
	inside := goContinuations(lines)
	var goStart = -1
	flushGo := func(end int) {
		if goStart < 0 {
			return
		}
		src := strings.Repeat("\n", goStart) + strings.Join(lines[goStart:end], "\n")
		if strings.TrimSpace(src) != "" {
			segs = append(segs, segment{kind: segGo, line: goStart, src: src})
		}
		goStart = -1
	}
	magics := 0
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if inside[i] || l == "" || (l[0] != '!' && l[0] != '%') {
			if goStart < 0 {
				goStart = i
			}
			continue
		}
		flushGo(i)
		magics++
		start := i
		if l[0] == '!' {
			cmd := strings.TrimRight(l[1:], " \t\r")
			for strings.HasSuffix(cmd, "\\") && i+1 < len(lines) {
				i++ // the shell reads backslash-newline as a continuation
				cmd += "\n" + strings.TrimRight(lines[i], " \t\r")
			}
			if strings.TrimSpace(cmd) == "" {
				return nil, false, magicError(code, start+1, "! needs a shell command, such as !ls -l")
			}
			segs = append(segs, segment{kind: segShell, line: start, arg: strings.TrimSpace(cmd)})
			continue
		}
		name, arg, _ := strings.Cut(strings.TrimRight(l[1:], " \t\r"), " ")
		arg = strings.TrimSpace(arg)
		switch name {
		case "time":
			if arg == "" {
				return nil, false, magicError(code, start+1, "%time needs Go code on the same line, such as %time s, err := p.Generate(ctx, m, 36, 2); use %%time on the first line to time a cell")
			}
			// Blank the command, keeping the code's columns.
			src := strings.Repeat("\n", start) + strings.Repeat(" ", len(l)-len(strings.TrimLeft(l[len("%time"):], " \t"))) + strings.TrimLeft(l[len("%time"):], " \t")
			segs = append(segs, segment{kind: segTime, line: start, src: src})
		case "who":
			segs = append(segs, segment{kind: segWho, line: start, arg: arg})
		case "env":
			segs = append(segs, segment{kind: segEnv, line: start, arg: arg})
		case "help":
			segs = append(segs, segment{kind: segHelp, line: start})
		case "":
			return nil, false, magicError(code, start+1, "% needs a command name; %help lists them")
		default:
			if strings.HasPrefix(name, "%") {
				return nil, false, magicError(code, start+1, fmt.Sprintf("%%%s must be the cell's first line", name))
			}
			return nil, false, magicError(code, start+1, fmt.Sprintf("unknown command %%%s; %%help lists the commands", name))
		}
	}
	flushGo(len(lines))
	if magics == 0 {
		segs = nil
		if timeCell {
			segs = []segment{{kind: segGo, src: strings.Join(lines, "\n")}}
		}
	}
	return segs, timeCell, nil
}

// goContinuations marks the lines that begin inside a Go token spanning
// lines (a raw string or a block comment): they are never commands. Command
// lines are not scanned.
func goContinuations(lines []string) []bool {
	inside := make([]bool, len(lines))
	raw, comment := false, false
	for i, l := range lines {
		inside[i] = raw || comment
		if !inside[i] && l != "" && (l[0] == '!' || l[0] == '%') {
			continue
		}
		for j := 0; j < len(l); j++ {
			switch {
			case raw:
				if l[j] == '`' {
					raw = false
				}
			case comment:
				if strings.HasPrefix(l[j:], "*/") {
					comment = false
					j++
				}
			case l[j] == '`':
				raw = true
			case strings.HasPrefix(l[j:], "/*"):
				comment = true
				j++
			case strings.HasPrefix(l[j:], "//"):
				j = len(l)
			case l[j] == '"' || l[j] == '\'':
				q := l[j]
				for j++; j < len(l) && l[j] != q; j++ {
					if l[j] == '\\' {
						j++
					}
				}
			}
		}
	}
	return inside
}

// magicError is a failed command at line (1-based) of the cell.
func magicError(code string, line int, msg string) *Error {
	e := &Error{Ename: EnameMagic, Evalue: msg, Line: line}
	return e.finish(code)
}

// Names used as ename by commands.
const (
	EnameMagic = "UsageError" // a command the session does not know, or misused
	EnameShell = "ShellError" // a ! command that failed
)

// run runs a cell: its Go code, or its parts when it holds commands.
func (s *Session) run(c *cellRun) *Error {
	code := c.req.Code
	segs, timeCell, err := splitMagics(code)
	if err != nil {
		return err
	}
	if segs == nil {
		return s.runGo(c, code, code)
	}
	var t timing
	if timeCell {
		t = startTiming()
	}
	err = s.runSegments(c, segs, code)
	if timeCell {
		s.syncOutput()
		fmt.Fprint(s.magicWriter(), t.report())
	}
	return err
}

func (s *Session) runSegments(c *cellRun, segs []segment, code string) *Error {
	for _, sg := range segs {
		if why := c.stop.stopped(); why != "" {
			return stoppedError(why, nil)
		}
		c.mu.Lock()
		c.result = nil // the value shown is the last part's
		c.mu.Unlock()
		var err *Error
		switch sg.kind {
		case segGo:
			err = s.runGo(c, sg.src, code)
		case segTime:
			t := startTiming()
			err = s.runGo(c, sg.src, code)
			s.syncOutput()
			fmt.Fprint(s.magicWriter(), t.report())
		case segShell:
			err = s.shell(c, sg, code)
		case segWho:
			s.who(sg.arg)
		case segEnv:
			err = s.env(sg, code)
		case segHelp:
			io.WriteString(s.magicWriter(), magicHelp)
		}
		if err != nil {
			return err
		}
		c.mu.Lock()
		failed := c.resultErr != nil
		c.mu.Unlock()
		if failed {
			return nil // Execute reports the returned error
		}
	}
	return nil
}

// magicWriter is where commands print: standard output (captured in the
// kernel, so in order with the cells' prints).
func (s *Session) magicWriter() io.Writer {
	if s.magicOut != nil {
		return s.magicOut
	}
	return os.Stdout
}

// shell runs a ! command with /bin/sh in its own process group, with the
// cells' environment, its output going where the cells' output goes. The
// first interrupt sends it SIGINT, the session's stop SIGKILL.
func (s *Session) shell(c *cellRun, sg segment, code string) *Error {
	cmd := exec.Command("/bin/sh", "-c", sg.arg)
	cmd.Env = s.environ()
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if s.magicOut != nil {
		cmd.Stdout, cmd.Stderr = s.magicOut, s.magicOut
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	fail := func(msg string) *Error {
		e := &Error{Ename: EnameShell, Evalue: msg, Line: sg.line + 1}
		return e.finish(code)
	}
	if err := cmd.Start(); err != nil {
		return fail(fmt.Sprintf("!%s: %v", firstLine(sg.arg), err))
	}
	done := make(chan struct{})
	go func() {
		pid := cmd.Process.Pid
		select {
		case <-c.ctx.Done():
			_ = syscall.Kill(-pid, syscall.SIGINT)
		case <-done:
			return
		}
		select {
		case <-c.stop.ctx.Done():
			_ = syscall.Kill(-pid, syscall.SIGKILL)
		case <-done:
		}
	}()
	err := cmd.Wait()
	close(done)
	if why := c.stop.stopped(); why != "" {
		return stoppedError(why, nil)
	}
	if err != nil {
		msg := fmt.Sprintf("!%s: %v", firstLine(sg.arg), err)
		if c.stop.interrupted() {
			return stoppedError("", errors.New(msg))
		}
		return fail(msg)
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// osFunc returns function name of package os as the cells see it: yaegi
// gives cells a virtual environment (os.Getenv, Setenv, Environ), separate
// from the process's.
func (s *Session) osFunc(name string) (reflect.Value, bool) {
	f, ok := s.interp.Symbols("os")["os"][name]
	return f, ok && f.Kind() == reflect.Func
}

// environ returns the environment the cells see.
func (s *Session) environ() []string {
	if f, ok := s.osFunc("Environ"); ok {
		if out := f.Call(nil); len(out) == 1 {
			if env, ok := out[0].Interface().([]string); ok {
				return env
			}
		}
	}
	return os.Environ()
}

// env runs %env: list, show or set variables. A variable set is set for the
// cells (their virtual environment) and for the process (compiled code, !
// commands).
func (s *Session) env(sg segment, code string) *Error {
	w := s.magicWriter()
	arg := sg.arg
	if arg == "" {
		env := s.environ()
		sort.Strings(env)
		for _, kv := range env {
			fmt.Fprintln(w, kv)
		}
		return nil
	}
	name, value, set := strings.Cut(arg, "=")
	if !set {
		name, value, set = strings.Cut(arg, " ")
	}
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if name == "" || strings.ContainsAny(name, " \t=") {
		return magicError(code, sg.line+1, fmt.Sprintf("%%env %s: give NAME, NAME=value or NAME value", arg))
	}
	if !set {
		for _, kv := range s.environ() {
			if k, v, _ := strings.Cut(kv, "="); k == name {
				fmt.Fprintln(w, v)
				return nil
			}
		}
		fmt.Fprintf(w, "%s is not set\n", name)
		return nil
	}
	if err := os.Setenv(name, value); err != nil {
		return magicError(code, sg.line+1, fmt.Sprintf("%%env: %v", err))
	}
	if f, ok := s.osFunc("Setenv"); ok {
		f.Call([]reflect.Value{reflect.ValueOf(name), reflect.ValueOf(value)})
	}
	fmt.Fprintf(w, "env: %s=%s\n", name, value)
	return nil
}

// who prints the session's variables (those whose type contains filter),
// with their types and a short value.
func (s *Session) who(filter string) {
	s.runMu.Lock()
	globals := s.interp.Globals()
	s.runMu.Unlock()
	type row struct{ name, typ, value string }
	var rows []row
	for name, v := range globals {
		if strings.HasPrefix(name, "_") || !v.IsValid() {
			continue
		}
		typ := v.Type().String()
		if tn, ok := s.tracker.TypeOf(name); ok {
			typ = tn
		} else if strings.Contains(typ, "struct {") {
			typ = "struct"
		}
		if filter != "" && !strings.Contains(typ, filter) {
			continue
		}
		rows = append(rows, row{name, typ, shortValue(v)})
	}
	w := s.magicWriter()
	if len(rows) == 0 {
		if filter != "" {
			fmt.Fprintf(w, "no variables of a type containing %q\n", filter)
		} else {
			fmt.Fprintln(w, "no variables")
		}
		return
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	nw, tw := len("Variable"), len("Type")
	for _, r := range rows {
		nw, tw = max(nw, len(r.name)), max(tw, len([]rune(r.typ)))
	}
	fmt.Fprintf(w, "%-*s  %-*s  %s\n", nw, "Variable", tw, "Type", "Value")
	fmt.Fprintf(w, "%s  %s  %s\n", strings.Repeat("-", nw), strings.Repeat("-", tw), strings.Repeat("-", 5))
	for _, r := range rows {
		fmt.Fprintf(w, "%-*s  %-*s  %s\n", nw, r.name, tw, r.typ, r.value)
	}
}

// shortValue describes a variable's value in at most 60 columns, without
// rendering it (no images are drawn for %who).
func shortValue(v reflect.Value) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		if v.IsNil() {
			return "nil"
		}
	}
	if v.CanInterface() {
		switch x := v.Interface().(type) {
		case mat.Matrix:
			r, c := x.Dims()
			return fmt.Sprintf("%d×%d", r, c)
		case error:
			return cut60(x.Error())
		case fmt.Stringer:
			return cut60(x.String())
		}
	}
	switch v.Kind() {
	case reflect.String:
		return cut60(fmt.Sprintf("%q", v.String()))
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64,
		reflect.Complex64, reflect.Complex128:
		return fmt.Sprint(v.Interface())
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
		return fmt.Sprintf("len %d", v.Len())
	case reflect.Func:
		return "func"
	}
	if v.CanInterface() && (v.Kind() == reflect.Struct || (v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct)) {
		x := v.Interface()
		switch x := x.(type) {
		case interface{ Len() int }:
			if _, grid := x.(display.Gridder); grid {
				return fmt.Sprintf("%d images", x.Len()) // a sample set
			}
		}
		switch x.(type) {
		case display.Renderer, display.Gridder, display.Album, image.Image, *plot.Plot:
			return "" // drawing it to describe it would be slow
		}
		if b, ok := display.Render(x); ok {
			return cut60(b.Text()) // Go syntax, cut
		}
	}
	return ""
}

func cut60(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return strings.TrimRightFunc(s, unicode.IsSpace)
}

// timing is the start of a %time measurement.
type timing struct {
	wall      time.Time
	user, sys time.Duration
}

func cpuTimes() (user, sys time.Duration) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

func startTiming() timing {
	u, s := cpuTimes()
	return timing{wall: time.Now(), user: u, sys: s}
}

// report formats the times since t as IPython's %time does.
func (t timing) report() string {
	wall := time.Since(t.wall)
	u, s := cpuTimes()
	u, s = u-t.user, s-t.sys
	return fmt.Sprintf("CPU times: user %s, sys: %s, total: %s\nWall time: %s\n", fmtTime(u), fmtTime(s), fmtTime(u+s), fmtTime(wall))
}

// fmtTime prints a duration with three significant digits in s, ms, µs or ns.
func fmtTime(d time.Duration) string {
	unit, scale := "ns", 1.0
	switch {
	case d >= time.Second:
		unit, scale = "s", float64(time.Second)
	case d >= time.Millisecond:
		unit, scale = "ms", float64(time.Millisecond)
	case d >= time.Microsecond:
		unit, scale = "µs", float64(time.Microsecond)
	}
	v := float64(d) / scale
	switch {
	case v >= 100 || unit == "ns":
		return fmt.Sprintf("%.0f %s", v, unit)
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, unit)
	}
	return fmt.Sprintf("%.2f %s", v, unit)
}

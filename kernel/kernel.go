// Package kernel is the gonlm Jupyter kernel and scripting mode as two entry
// points for the gonlm command. Everything else of the kernel is internal:
// the wire protocol, the cell session, the cell front end, completion and the
// interpreter's symbol tables live under kernel/internal; the packages cells
// import, display and display/views, are public.
package kernel

import (
	"context"

	"github.com/gonlm/gonlm/kernel/internal/dispatch"
	"github.com/gonlm/gonlm/kernel/internal/script"
)

// Version is the kernel's version, reported in kernel_info_reply.
const Version = dispatch.Version

// Run serves the Jupyter kernel described by connectionFile until a
// shutdown_request, SIGTERM or ctx ends it.
func Run(ctx context.Context, connectionFile string) error {
	return dispatch.Run(ctx, connectionFile)
}

// RunScript runs `gonlm run` with the arguments after "run" (see
// script.Usage: `gonlm run -h`) on the process's standard streams and returns
// the exit status: 0 when the script ran to the end, 1 when it failed, 2 for
// bad usage, 130 when interrupted.
func RunScript(args []string) int {
	return script.Main(args)
}

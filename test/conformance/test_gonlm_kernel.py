"""Jupyter protocol conformance of the gonlm kernel.

GonlmKernelTests enables every test that jupyter_kernel_test 0.7.0 offers
(kernel_info, stdout, stderr, completion, is_complete, error, execute_result,
display_data, history tail/range/search, inspect, clear_output) and adds the
protocol features that suite does not cover: stdin (input_request, and a clear
error without it), kernel_info on the control channel, comm_info, completion of
names from earlier cells and cursor positions in code points, silent execution,
the execution counter, no execute_result after statements, error content,
stop_on_error aborts, interrupts, state persistence and the two import paths
of the display package. Fault tests are in test_gonlm_faults.py.

Every test starts from the same running kernel (setUpClass), so each code
sample imports what it uses.

The pager test (code_page_something) runs a help request, `?name`, which the
kernel answers with a "page" payload holding the documentation inspect gives.
The iopub_welcome test is skipped by jupyter_kernel_test itself: the welcome
message belongs to protocol 5.5 (XPUB), and the kernel speaks 5.3.
"""

import os
import time
import unittest
from queue import Empty

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message

import waits

KERNEL_NAME = "gonlm"  # installed by conftest.py from this checkout

TIMEOUT = 30

# Cells that are meant to fail; explain() does not list them.
ERROR_CELL = "a := 1\nb := undefinedThing + a"
FAILING_FIRST = 'import "time"\ntime.Sleep(300 * time.Millisecond)\npanic("first fails")'
PANIC_CELL = 'panic("conformance: deliberate panic")'
EXPECTED_ERRORS = {ERROR_CELL, FAILING_FIRST, PANIC_CELL}


class GonlmKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'

    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\nfmt.Fprintln(os.Stderr, "to stderr")'

    # Completion: package members after "pkg." (replacing the typed prefix),
    # and names declared in earlier cells.
    completion_samples = [
        {"text": 'import "strings"\nstrings.ToUp', "matches": {"ToUpper", "ToUpperSpecial"}},
        {"text": 'import "strings"\nstrings.TrimSp', "matches": {"TrimSpace"}},
        {"text": "strings.HasPre", "matches": {"HasPrefix"}},
    ]

    complete_code_samples = [
        "x := 1",
        'import "fmt"\nfmt.Println("hi")',
        "func add(a, b int) int { return a + b }",
        "for i := 0; i < 3; i++ {\n}",
        "type point struct{ X, Y float64 }",
    ]
    incomplete_code_samples = [
        "func f() {",
        "for i := 0; i < 3; i++ {",
        "x := []int{1,\n2,",
        "fmt.Println(1,",
        "s := `raw string",
    ]
    invalid_code_samples = [
        "x := )",
        "func 1f() {}",
        "}",
    ]

    code_generate_error = PANIC_CELL

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": 'import "strings"\nstrings.Repeat("go", 3)', "result": "gogogo"},
        {"code": "half := 2.5\nhalf * 2", "result": "5"},
    ]

    code_display_data = [
        {"code": 'import "display"\ndisplay.Markdown("**bold**")', "mime": "text/markdown"},
        {"code": 'import "display"\ndisplay.HTML("<b>hi</b>")', "mime": "text/html"},
        {
            "code": 'import "display"\n'
            'display.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>`)',
            "mime": "image/svg+xml",
        },
        {"code": 'import "display"\ndisplay.Latex(`$e^{i\\pi} = -1$`)', "mime": "text/latex"},
        {
            "code": 'import "display"\ndisplay.JSON(map[string]int{"a": 1})',
            "mime": "application/json",
        },
        {
            "code": 'import (\n\t"display"\n\t"image"\n)\n'
            "display.Image(image.NewGray(image.Rect(0, 0, 8, 8)))",
            "mime": "image/png",
        },
    ]

    # Matches only the strings.Repeat sample (history search uses glob syntax
    # over the whole input).
    code_history_pattern = "*strings.Repeat*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "strings.Repeat"
    code_page_something = "?strings.Repeat"

    code_clear_output = 'import "display"\ndisplay.Clear(false)'

    # ---- helpers ---------------------------------------------------------------

    @staticmethod
    def explain(code, reply, msgs=()):
        """Prints what the kernel sent for a failed cell (pytest shows it on failure)."""
        c = reply["content"]
        if c.get("status") == "ok" or code in EXPECTED_ERRORS:
            return
        lines = [f"kernel replied {c.get('status')!r} to {code!r}: "
                 f"{c.get('ename')}: {c.get('evalue')}"]
        lines += ["    iopub " + m["msg_type"] + ": " + repr(m["content"])[:500]
                  for m in msgs if m["msg_type"] in ("stream", "error")]
        print("\n".join(lines))
        log = os.environ.get("GONLM_CONFORMANCE_LOG")
        if log:
            with open(log, "a") as f:
                f.write("\n".join(lines) + "\n")

    def execute_helper(self, code, *args, **kwargs):
        reply, msgs = super().execute_helper(code, *args, **kwargs)
        self.explain(code, reply, msgs)
        return reply, msgs

    def run_cell(self, code, allow_stdin=False, stop_on_error=True, silent=False,
                 store_history=True, timeout=TIMEOUT):
        """Executes code, answering no input requests; returns (reply, iopub msgs)."""
        msg_id = self.kc.execute(code, silent=silent, store_history=store_history,
                                 allow_stdin=allow_stdin, stop_on_error=stop_on_error)
        reply = self.reply_to(msg_id, timeout)
        msgs = self.iopub_until_idle(msg_id)
        self.explain(code, reply, msgs)
        return reply, msgs

    def reply_to(self, msg_id, timeout=TIMEOUT):
        return waits.reply_to(self.kc, msg_id, timeout)

    def iopub_until_idle(self, msg_id, timeout=TIMEOUT):
        """IOPub messages whose parent is msg_id, up to its idle status, each validated."""
        return waits.iopub_until_idle(self.kc, msg_id, timeout, check=validate_message)

    @staticmethod
    def stdout_of(msgs):
        return "".join(m["content"]["text"] for m in msgs
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")

    # ---- stdin --------------------------------------------------------------

    def test_input_request(self):
        self.flush_channels()
        code = 'import "fmt"\nvar name string\nfmt.Scanln(&name)\nfmt.Println("hello, " + name)'
        msg_id = self.kc.execute(code, allow_stdin=True)
        try:
            req = self.kc.get_stdin_msg(timeout=TIMEOUT)
        except Empty:
            self.km.interrupt_kernel()  # do not leave the kernel blocked in Scanln
            raise AssertionError("no input_request on the stdin channel") from None
        # Answer first, so a failed check below cannot leave the kernel waiting.
        self.kc.input("gopher")
        # Checked by hand: jupyter_kernel_test 0.7.0's schema wrongly types
        # input_request.password as a number (the spec says boolean).
        self.assertEqual(req["header"]["msg_type"], "input_request")
        self.assertEqual(req["parent_header"]["msg_id"], msg_id)
        self.assertIsInstance(req["content"]["prompt"], str)
        self.assertIs(req["content"]["password"], False)
        try:
            reply = self.reply_to(msg_id, timeout=10)
        except (AssertionError, Empty):
            # Unblock the kernel so the tests after this one are not affected.
            self.km.interrupt_kernel()
            self.reply_to(msg_id)
            self.iopub_until_idle(msg_id)
            raise AssertionError(
                "the cell did not finish after input_reply: the kernel ignored the reply "
                "(jupyter_client's KernelClient.input() sends input_reply with an empty "
                "parent_header, as nbclient and jupyter console do)") from None
        validate_message(reply, "execute_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIn("hello, gopher", self.stdout_of(self.iopub_until_idle(msg_id)))

    def test_input_not_allowed(self):
        """With allow_stdin=false no input_request is sent and the read fails clearly."""
        self.flush_channels()
        code = 'import "fmt"\nvar s string\n_, err := fmt.Scanln(&s)\nfmt.Println("read error:", err)'
        reply, msgs = self.run_cell(code, allow_stdin=False)
        with self.assertRaises(Empty):
            self.kc.get_stdin_msg(timeout=0.5)
        self.assertEqual(reply["content"]["status"], "ok")
        out = self.stdout_of(msgs)
        self.assertIn("read error:", out)
        self.assertNotIn("<nil>", out)
        self.assertIn("stdin", out.lower())

    # ---- other channels and requests ----------------------------------------

    def test_kernel_info_on_control(self):
        msg = self.kc.session.msg("kernel_info_request")
        self.kc.control_channel.send(msg)
        reply = self.kc.get_control_msg(timeout=TIMEOUT)
        validate_message(reply, "kernel_info_reply", msg["header"]["msg_id"])
        info = reply["content"]["language_info"]
        self.assertEqual(info["name"], "go")
        self.assertEqual(info["file_extension"], ".go")
        self.assertTrue(reply["content"]["protocol_version"].startswith("5."))
        for key, want in [("mimetype", "text/x-go"), ("pygments_lexer", "go"), ("codemirror_mode", "go")]:
            self.assertEqual(info.get(key), want, key)
        links = reply["content"].get("help_links", [])
        self.assertTrue(links and all(l.get("text") and l.get("url") for l in links), links)

    def test_kernel_info_publishes_status(self):
        """kernel_info_request on shell publishes busy then idle with it as parent
        (jupyter_server's nudge waits for an IOPub message before it trusts the
        connection)."""
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        self.reply_to(msg_id)
        states = []
        deadline = time.monotonic() + 5
        while "idle" not in states and time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.5)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status":
                states.append(msg["content"]["execution_state"])
        self.assertEqual(states, ["busy", "idle"])

    def test_completion_of_cell_names(self):
        """Names declared in earlier cells complete, and cursor_start marks the prefix."""
        self.flush_channels()
        self.run_cell("gonlmConformanceValue := 3\nfunc gonlmConformanceFunc() {}")
        code = "x := gonlmConformanceV"
        msg_id = self.kc.complete(code)
        reply = self.reply_to(msg_id)
        validate_message(reply, "complete_reply", msg_id)
        self.assertIn("gonlmConformanceValue", reply["content"]["matches"])
        self.assertNotIn("gonlmConformanceFunc", reply["content"]["matches"])
        self.assertEqual(reply["content"]["cursor_end"], len(code))
        self.assertEqual(reply["content"]["cursor_start"], len("x := "))

    def test_completion_code_points(self):
        """cursor_pos counts Unicode code points, not bytes or UTF-16 units."""
        self.flush_channels()
        code = 's := "😀é"; strings.TrimSp'
        msg_id = self.kc.complete(code, cursor_pos=len(code))
        reply = self.reply_to(msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(set(reply["content"]["matches"]), {"TrimSpace"})
        self.assertEqual(reply["content"]["cursor_end"], len(code))
        self.assertEqual(reply["content"]["cursor_start"], len(code) - len("TrimSp"))

    def test_display_import_paths_agree(self):
        """"display" and its full import path name the same package, so a cell may
        import either after the other (both are documented)."""
        self.flush_channels()
        for code in ['import "display"\ndisplay.Text("short path")',
                     'import "github.com/gonlm/gonlm/kernel/display"\ndisplay.Text("full path")']:
            with self.subTest(code=code):
                reply, msgs = self.run_cell(code)
                self.assertEqual(reply["content"]["status"], "ok")
                self.assertIn("display_data", [m["msg_type"] for m in msgs])

    def test_comm_info(self):
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.reply_to(msg_id)
        validate_message(reply, "comm_info_reply", msg_id)
        self.assertEqual(reply["content"]["comms"], {})

    # ---- execution semantics ------------------------------------------------

    def test_state_persists(self):
        self.flush_channels()
        reply, _ = self.run_cell("persisted := 20")
        self.assertEqual(reply["content"]["status"], "ok")
        reply, msgs = self.run_cell("persisted + 1")
        results = [m for m in msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, msgs)
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "21")

    def test_no_result_after_statement(self):
        """An assignment, an import or a void call produce no execute_result."""
        self.flush_channels()
        for code in ["y := 5", 'import "math"', "func void() {}\nvoid()"]:
            with self.subTest(code=code):
                reply, msgs = self.run_cell(code)
                self.assertEqual(reply["content"]["status"], "ok")
                self.assertEqual([m for m in msgs if m["msg_type"] == "execute_result"], [])

    def test_execution_count(self):
        self.flush_channels()
        first, _ = self.run_cell("1")
        n = first["content"]["execution_count"]
        second, msgs = self.run_cell("2")
        self.assertEqual(second["content"]["execution_count"], n + 1)
        inputs = [m for m in msgs if m["msg_type"] == "execute_input"]
        self.assertEqual(inputs[0]["content"]["execution_count"], n + 1)
        # Neither store_history=false nor silent=true advances the counter.
        third, _ = self.run_cell("3", store_history=False)
        fourth, _ = self.run_cell("4", silent=True)
        fifth, _ = self.run_cell("5")
        self.assertEqual(fifth["content"]["execution_count"], n + 2)
        for r in (third, fourth):
            self.assertEqual(r["content"]["status"], "ok")

    def test_silent(self):
        """silent=true publishes nothing but busy and idle."""
        self.flush_channels()
        reply, msgs = self.run_cell('import "fmt"\nfmt.Println("quiet")\n7', silent=True)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["msg_type"] for m in msgs], ["status"])

    def test_error_content(self):
        """A compile error names the problem and the cell line."""
        self.flush_channels()
        reply, msgs = self.run_cell(ERROR_CELL)
        self.assertEqual(reply["content"]["status"], "error")
        errors = [m for m in msgs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        text = reply["content"]["evalue"] + "\n".join(reply["content"]["traceback"])
        self.assertIn("undefinedThing", text)
        self.assertIn("2", text)  # line 2 of the cell

    def test_stop_on_error_aborts_queue(self):
        self.flush_channels()
        # The failing cell sleeps first, so the second request is certainly
        # waiting in the queue when the error happens.
        failing = self.kc.execute(FAILING_FIRST, stop_on_error=True)
        queued = self.kc.execute("100 + 1")
        first = self.reply_to(failing)
        self.assertEqual(first["content"]["status"], "error")
        second = self.reply_to(queued)
        # ipykernel answers "aborted" (the status jupyter_client and JupyterLab
        # expect); the 5.1 spec also allows "error".
        self.assertIn(second["content"]["status"], ("aborted", "error"))
        self.iopub_until_idle(failing)
        self.iopub_until_idle(queued)
        # The queue is released afterwards.
        reply, msgs = self.run_cell("100 + 2")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_zz_interrupt(self):
        """interrupt_request stops a busy loop; the kernel and its state survive.

        Named to run last of this class: it is the most disruptive.
        """
        self.flush_channels()
        self.run_cell("survivor := 41")
        msg_id = self.kc.execute("for {\n}")
        time.sleep(0.5)
        t0 = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.reply_to(msg_id, timeout=10)
        self.assertLess(time.monotonic() - t0, 2.0, "interrupt took over 2 s")
        self.assertEqual(reply["content"]["status"], "error")
        self.iopub_until_idle(msg_id)
        reply, msgs = self.run_cell("survivor + 1")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")


class GonlmIopubWelcomeTests(jupyter_kernel_test.IopubWelcomeTests):
    """iopub_welcome is a protocol 5.5 feature (XPUB IOPub socket); the kernel
    speaks 5.3, so this test reports a skip rather than being left out silently."""

    kernel_name = KERNEL_NAME
    support_iopub_welcome = False


if __name__ == "__main__":
    unittest.main()

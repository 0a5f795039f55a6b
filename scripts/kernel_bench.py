#!/usr/bin/env python3
"""Measures the gonlm kernel against ipykernel in the same run.

For each kernel it reports:
  * cold start: from spawning the process to the first kernel_info_reply
    (median of --starts runs);
  * the round trip of a trivial cell (execute_request "1 + 1" until both the
    execute_reply and the idle status have arrived), median and p99 over --cells;
  * resident memory (RSS) when idle after start and after those cells.

Both kernels are spawned directly with a connection file written here (no
KernelManager in the timed path) and driven by the same raw ZeroMQ client
(jupyter_client's Session signs and parses), so client overhead is small and
the same for both.

Targets (issue 3): trivial cell median <= 1 ms and at least 5x faster than
ipykernel; cold start <= 150 ms; idle RSS <= 60 MiB. With --check the script
exits 1 when gonlm misses one.

Usage: scripts/kernel_bench.py --gonlm bin/gonlm [--cells 200] [--starts 5]
       [--json out/bench/kernel_bench.json] [--check]
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import psutil
import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.session import Session

MiB = 1024 * 1024


def percentile(xs, p):
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


class Kernel:
    """One kernel process on a fresh connection file, driven over raw ZeroMQ
    sockets with jupyter_client's Session for signing (no client threads or
    event loop in the timed path)."""

    def __init__(self, argv_for):
        self.dir = tempfile.mkdtemp(prefix="kbench-")
        self.cf = os.path.join(self.dir, "kernel.json")
        write_connection_file(self.cf, ip="127.0.0.1")
        with open(self.cf) as f:
            info = json.load(f)
        self.argv = argv_for(self.cf)
        self.session = Session(key=info["key"].encode(), signature_scheme=info["signature_scheme"])
        self.ctx = zmq.Context()
        url = lambda port: f"tcp://127.0.0.1:{info[port]}"
        self.shell = self.ctx.socket(zmq.DEALER)
        self.shell.connect(url("shell_port"))
        self.control = self.ctx.socket(zmq.DEALER)
        self.control.connect(url("control_port"))
        self.iopub = self.ctx.socket(zmq.SUB)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.connect(url("iopub_port"))
        self.proc = None

    def recv(self, sock, timeout):
        if not sock.poll(int(timeout * 1000)):
            return None
        _, msg = self.session.recv(sock, mode=0)
        return msg

    def start(self, timeout=60):
        """Spawns the kernel; returns seconds until the first kernel_info_reply."""
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        msg_id = self.session.send(self.shell, "kernel_info_request", {})["header"]["msg_id"]
        deadline = t0 + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.argv}: exited with {self.proc.returncode} before replying")
            msg = self.recv(self.shell, 0.5)
            if msg and msg["parent_header"].get("msg_id") == msg_id:
                return time.perf_counter() - t0
        raise RuntimeError(f"{self.argv[0]}: no kernel_info_reply within {timeout}s")

    def drain_iopub(self):
        while self.recv(self.iopub, 0.2):
            pass

    def cell(self, code, timeout=30):
        """Runs code; returns the seconds until both execute_reply and idle arrived."""
        t0 = time.perf_counter()
        content = {"code": code, "silent": False, "store_history": True,
                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
        msg_id = self.session.send(self.shell, "execute_request", content)["header"]["msg_id"]
        got_reply = got_idle = False
        poller = zmq.Poller()
        poller.register(self.shell, zmq.POLLIN)
        poller.register(self.iopub, zmq.POLLIN)
        deadline = t0 + timeout
        while not (got_reply and got_idle):
            left = deadline - time.perf_counter()
            if left <= 0:
                raise RuntimeError(f"cell {code!r} did not finish within {timeout}s")
            for sock, _ in poller.poll(int(left * 1000)):
                _, msg = self.session.recv(sock, mode=0)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if sock is self.shell:
                    if msg["content"]["status"] != "ok":
                        raise RuntimeError(f"cell {code!r} failed: {msg['content']}")
                    got_reply = True
                elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    got_idle = True
        return time.perf_counter() - t0

    def rss(self):
        """RSS of the kernel process and its children."""
        p = psutil.Process(self.proc.pid)
        total = p.memory_info().rss
        for c in p.children(recursive=True):
            try:
                total += c.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total

    def stop(self):
        try:
            if self.proc and self.proc.poll() is None:
                self.session.send(self.control, "shutdown_request", {"restart": False})
                self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        finally:
            self.ctx.destroy(linger=0)
            for f in os.listdir(self.dir):
                os.unlink(os.path.join(self.dir, f))
            os.rmdir(self.dir)


def measure(name, argv_for, cells, starts, code):
    start_times = []
    for _ in range(starts):
        k = Kernel(argv_for)
        try:
            start_times.append(k.start())
        finally:
            k.stop()
    k = Kernel(argv_for)
    try:
        k.start()
        k.drain_iopub()
        for _ in range(10):  # warm-up, not counted
            k.cell(code)
        time.sleep(1)
        idle = k.rss()
        rts = [k.cell(code) for _ in range(cells)]
        after = k.rss()
    finally:
        k.stop()
    return {
        "kernel": name,
        "cold_start_ms": 1000 * statistics.median(start_times),
        "cell_median_ms": 1000 * statistics.median(rts),
        "cell_p99_ms": 1000 * percentile(rts, 99),
        "rss_idle_mib": idle / MiB,
        "rss_after_cells_mib": after / MiB,
        "cells": cells,
        "starts": starts,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gonlm", default="bin/gonlm", help="gonlm binary")
    ap.add_argument("--cells", type=int, default=200)
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--json", default="out/bench/kernel_bench.json")
    ap.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = ap.parse_args()

    gonlm = str(pathlib.Path(args.gonlm).resolve())
    if not os.access(gonlm, os.X_OK):
        sys.exit(f"{gonlm} is not an executable: run make build")
    rows = [
        measure("gonlm", lambda cf: [gonlm, "kernel", cf], args.cells, args.starts, "1 + 1"),
        measure("ipykernel", lambda cf: [sys.executable, "-m", "ipykernel_launcher", "-f", cf],
                args.cells, args.starts, "1 + 1"),
    ]
    print(f"{'kernel':<10} {'start ms':>9} {'cell med ms':>12} {'cell p99 ms':>12} "
          f"{'RSS idle MiB':>13} {'RSS after MiB':>14}")
    for r in rows:
        print(f"{r['kernel']:<10} {r['cold_start_ms']:9.1f} {r['cell_median_ms']:12.3f} "
              f"{r['cell_p99_ms']:12.3f} {r['rss_idle_mib']:13.1f} {r['rss_after_cells_mib']:14.1f}")
    g, ipy = rows
    speedup = ipy["cell_median_ms"] / g["cell_median_ms"]
    checks = [
        ("trivial cell median <= 1 ms", g["cell_median_ms"] <= 1.0, f"{g['cell_median_ms']:.3f} ms"),
        ("cell >= 5x faster than ipykernel", speedup >= 5, f"{speedup:.1f}x"),
        ("cold start <= 150 ms", g["cold_start_ms"] <= 150, f"{g['cold_start_ms']:.0f} ms"),
        ("idle RSS <= 60 MiB", g["rss_idle_mib"] <= 60, f"{g['rss_idle_mib']:.1f} MiB"),
    ]
    for label, ok, value in checks:
        print(f"{'PASS' if ok else 'MISS'}  {label}: {value}")
    out = pathlib.Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"results": rows, "speedup": speedup,
                               "targets": {c[0]: c[1] for c in checks}}, indent=2) + "\n")
    print(f"written {out}")
    if args.check and not all(ok for _, ok, _ in checks):
        sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Speed comparison for issue 5: gonlm's compiled sampler (Go, float32: the
# AVX-512 packed products where the CPU has them, else OpenBLAS) against the
# authors' PyTorch formulation and a tuned PyTorch one, on the CPU, same
# thread count, interleaved in rounds within one run.
#
#   nlm/bench/bench.sh [ROUNDS] [THREADS]      (defaults: 3 rounds, 2 threads)
#
# Creates/uses the project venv at .venv (python3 -m venv; pip install torch
# numpy from PyPI). Prints one line per issue-5 target with the ratio and
# PASS/FAIL, plus the measured GEMM peak and the FMA ceiling (the kernel on
# L1-resident data), and for each ratio the most that float32 code whose
# products ran at that ceiling could reach. Target 4 (a notebook cell's
# overhead over compiled Go) comes from kernel/internal/session's
# TestSamplerCellOverhead, run once. Never sets OPENBLAS_CORETYPE or
# OPENBLAS_L2_SIZE. Figures are medians over rounds; on a shared machine
# run it when the machine is otherwise idle.
set -euo pipefail
ROUNDS=${1:-3}
THREADS=${2:-2}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/python" ]; then
	python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import torch, numpy' 2>/dev/null; then
	"$VENV/bin/pip" install --quiet torch numpy
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
go test -c -o "$OUT/nlm.test" ./nlm/
go test -c -o "$OUT/fast.test" ./nlm/internal/engine/
go test -c -o "$OUT/simd.test" ./nlm/internal/simd/
export NLM_THREADS=$THREADS
for r in $(seq 1 "$ROUNDS"); do
	echo "round $r/$ROUNDS ..." >&2
	"$OUT/fast.test" -test.run '^$' -test.bench '^BenchmarkSgemmPeak' -test.benchtime 20x -test.cpu "$THREADS" >>"$OUT/go.txt"
	"$OUT/fast.test" -test.run '^$' -test.bench '^BenchmarkMulPacked$' -test.benchtime 100x -test.cpu "$THREADS" >>"$OUT/go.txt"
	"$OUT/simd.test" -test.run '^$' -test.bench '^BenchmarkKernelPeak$' -test.benchtime 200000x -test.cpu "$THREADS" >>"$OUT/go.txt"
	"$OUT/nlm.test" -test.run '^$' -test.bench '^BenchmarkStep1000$' -test.benchtime 30x -test.cpu "$THREADS" >>"$OUT/go.txt"
	"$VENV/bin/python" nlm/bench/torch_bench.py --threads "$THREADS" --ops step1000 --reps1000 30 >>"$OUT/torch.txt"
	"$OUT/nlm.test" -test.run '^$' -test.bench '^BenchmarkStep36$' -test.benchtime 300x -test.cpu "$THREADS" >>"$OUT/go.txt"
	"$VENV/bin/python" nlm/bench/torch_bench.py --threads "$THREADS" --ops step36 --reps36 300 >>"$OUT/torch.txt"
	"$OUT/nlm.test" -test.run '^$' -test.bench '^BenchmarkTrainUpdate$' -test.benchtime 5x -test.cpu "$THREADS" >>"$OUT/go.txt"
	"$VENV/bin/python" nlm/bench/torch_bench.py --threads "$THREADS" --ops update --repsupd 3 >>"$OUT/torch.txt"
done
# Target 4 on the kernel side: a notebook cell driving the compiled sampler
# against compiled Go (kernel/internal/session's TestSamplerCellOverhead).
echo "cell overhead ..." >&2
GONLM_MEASURE=1 go test -v -count=1 -run '^TestSamplerCellOverhead$' ./kernel/internal/session/ >"$OUT/cell.txt" 2>&1 || true
"$VENV/bin/python" - "$OUT/go.txt" "$OUT/torch.txt" "$THREADS" "$OUT/cell.txt" <<'PY'
import json, re, statistics, sys
go_txt, torch_txt, threads, cell_txt = sys.argv[1:5]
go = {}
for line in open(go_txt):
    m = re.match(r"Benchmark(\w+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(.*)", line)
    if not m:
        continue
    name, ns, rest = m.group(1), float(m.group(2)), m.group(3)
    go.setdefault(name, []).append({"ms": ns / 1e6, "rest": rest})
tor = {}
for line in open(torch_txt):
    d = json.loads(line)
    tor.setdefault((d["side"], d["op"]), []).append(d["ms"])
med = lambda xs: statistics.median(xs)
def metric(name, unit):
    vals = []
    for d in go.get(name, []):
        m = re.search(r"([\d.]+) " + re.escape(unit), d["rest"])
        if m:
            vals.append(float(m.group(1)))
    return vals
g = {k: med([d["ms"] for d in v]) for k, v in go.items()}
t = {k: med(v) for k, v in tor.items()}
gb = {k: min(d["ms"] for d in v) for k, v in go.items()}
tb = {k: min(v) for k, v in tor.items()}
blas = max(metric("SgemmPeak", "GFLOP/s") + metric("SgemmPeak2048", "GFLOP/s"))
packed = max(metric("MulPacked", "GFLOP/s") or [0])
peak = max(blas, packed)  # the best GEMM measured: OpenBLAS sgemm or our packed product
fma = max(metric("KernelPeak", "GFLOP/s") or [float("nan")])  # FMA ceiling, data in L1
rss = max(metric("TrainUpdate", "peakRSS_MB") or [float("nan")])
print(f"threads {threads}; {len(go['Step1000'])} rounds; figures are medians (best of rounds in brackets)")
print(f"go:            step1000 {g['Step1000']:.2f} [{gb['Step1000']:.2f}] ms, step36 {g['Step36']:.3f} [{gb['Step36']:.3f}] ms, update {g['TrainUpdate']:.1f} [{gb['TrainUpdate']:.1f}] ms")
for side in ("authors", "tuned"):
    print(f"torch {side+':':<8} step1000 {t[(side,'step1000')]:.2f} [{tb[(side,'step1000')]:.2f}] ms, step36 {t[(side,'step36')]:.3f} [{tb[(side,'step36')]:.3f}] ms, update {t[(side,'update')]:.1f} [{tb[(side,'update')]:.1f}] ms")
# FLOP of each timed operation: a step is two N×N products per chain; an
# update (Algorithm 1, B = M = 1000, n_t = 10) is 10 steps plus two statistics
# of two products each.
work = {"Step1000": 4 * 1000 * 784**2, "Step36": 4 * 36 * 784**2, "TrainUpdate": (10 * 4 + 2 * 4) * 1000 * 784**2}
def line(label, side, op, gop, target):
    r, rb = t[(side, op)] / g[gop], tb[(side, op)] / gb[gop]
    # The most any float32 code could reach: its products alone at the FMA ceiling.
    ceil = t[(side, op)] / (work[gop] / (fma * 1e9) * 1e3)
    print(f"{label:<54} {r:6.2f}x [{rb:5.2f}x]  (target >= {target}x; at most {ceil:.2f}x at the FMA ceiling)  {'PASS' if r >= target else 'FAIL'}")
line("1a step N=784 x1000 chains vs authors' PyTorch", "authors", "step1000", "Step1000", 4)
line("1b step N=784 x36 chains vs authors' PyTorch", "authors", "step36", "Step36", 4)
line("1c training update (paper sizes) vs authors' PyTorch", "authors", "update", "TrainUpdate", 3.5)
line("2  step N=784 x1000 chains vs tuned PyTorch", "tuned", "step1000", "Step1000", 1.5)
flops = lambda ms: work["Step1000"] / (ms / 1e3) / 1e9
pct, pctb = 100 * flops(g["Step1000"]) / peak, 100 * flops(gb["Step1000"]) / peak
print(f"{'3  step x1000 as % of the measured GEMM peak':<54} {pct:6.1f}% [{pctb:5.1f}%]  (step {flops(g['Step1000']):.0f} GFLOP/s; GEMM peak {peak:.0f} GFLOP/s = max of OpenBLAS sgemm {blas:.0f} and packed product {packed:.0f}; FMA ceiling {fma:.0f}; target >= 60%)  {'PASS' if pct >= 60 else 'FAIL'}")
cell = open(cell_txt).read()
orch = re.search(r"orchestration: \S+ per cell = ([\d.]+)% of", cell)
wall = re.search(r"wall time: median ([-+\d.]+)%", cell)
noise = re.search(r"median \|control\| ([\d.]+)%", cell)
if orch and wall and noise:
    o, w, nz = float(orch.group(1)), float(wall.group(1)), float(noise.group(1))
    ok = o < 2 and w - nz < 2
    print(f"{'4  notebook-cell overhead over compiled Go':<54} {o:6.2f}%   (orchestration; wall-time median {w:+.2f}%, noise {nz:.2f}%; target < 2%)  {'PASS' if ok else 'FAIL'}")
else:
    print(f"{'4  notebook-cell overhead over compiled Go':<54} not measured: TestSamplerCellOverhead printed no figures")
print(f"{'5  peak RSS, training update at paper sizes (P=18000)':<54} {rss:6.0f} MB  (target < 200 MB)  {'PASS' if rss < 200 else 'FAIL'}")
print("load average (1, 5, 15 min) at the end:", open("/proc/loadavg").read().split()[:3])
PY

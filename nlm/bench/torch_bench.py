#!/usr/bin/env python3
"""PyTorch (CPU) side of the gonlm speed comparison (issue 5).

Two formulations of the Neural Langevin Machine's hot paths, states as
COLUMNS (N x B) as in the authors' code and shared/MODEL.md:

  authors: straightforward tensor expressions, allocating temporaries
           X <- (1-dt) X + dt H - dt phi'(X) * (J^T (H - X)) + sqrt(2 T dt) xi
  tuned:   contiguous buffers, a pre-transposed J^T, in-place ops and out=

  tuned-bf16 (--bf16): tuned with bf16 products (torch.mm on bfloat16
           tensors; X, the noise and the update stay float32)

Timed operations (N = 784): one Langevin step with 1000 chains and with 36
chains, and one learning update of Algorithm 1 (B = M = 1000, n_t = 10);
with --matmul one product J·P in float32 and bf16 instead.
Prints one JSON object per line: {"side": ..., "op": ..., "ms": ...}.
"""
import argparse
import json
import math
import time

import torch

N, T, DT, NT, K, LAM = 784, 1.0, 0.01, 10, 0.0005, 2e-6


def authors_step(J, X, T=T, dt=DT):
    H = J @ torch.tanh(X)
    X = (1 - dt) * X + dt * H - dt * (1 - torch.tanh(X) ** 2) * (J.T @ (H - X)) \
        + math.sqrt(2 * T * dt) * torch.randn_like(X)
    return X


def authors_S(J, X, T=T):
    P = torch.tanh(X)
    return (X - J @ P) @ P.T / (T * X.shape[1])


def authors_update(J, chains, batch):
    D = authors_S(J, batch)
    for _ in range(NT):
        chains = authors_step(J, chains)
    Mo = authors_S(J, chains)
    J = (1 - LAM) * J - K * (Mo - D)
    kl = torch.mean((Mo - D) ** 2)
    return J, chains, kl


class Tuned:
    """In-place, preallocated formulation for a fixed batch size."""

    def __init__(self, J, b):
        self.J = J.contiguous()
        self.JT = J.T.contiguous()
        self.P = torch.empty(N, b)
        self.H = torch.empty(N, b)
        self.G = torch.empty(N, b)
        self.noise = torch.empty(N, b)
        self.sigma = math.sqrt(2 * T * DT)

    def set_j(self, J):
        self.J = J
        self.JT.copy_(J.T)

    def step(self, X):
        P, H, G = self.P, self.H, self.G
        torch.tanh(X, out=P)
        torch.mm(self.J, P, out=H)
        H.sub_(X)                       # R = H - X
        torch.mm(self.JT, H, out=G)     # J^T R
        P.mul_(P).neg_().add_(1).mul_(G)  # (1 - P^2) * G
        X.add_(H, alpha=DT).sub_(P, alpha=DT)
        self.noise.normal_()
        X.add_(self.noise, alpha=self.sigma)
        return X

    def S(self, X, out, alpha, beta):
        P, H = self.P, self.H
        torch.tanh(X, out=P)
        torch.mm(self.J, P, out=H)
        torch.sub(X, H, out=H)          # X - H
        torch.addmm(out, H, P.T, beta=beta, alpha=alpha, out=out)


def _mm_f32_available():
    """Whether torch.mm takes out_dtype (bf16 inputs, float32 result)."""
    try:
        a = torch.ones(2, 2, dtype=torch.bfloat16)
        return torch.mm(a, a, out_dtype=torch.float32).dtype == torch.float32
    except (TypeError, RuntimeError):
        return False


class TunedBF16(Tuned):
    """Tuned with bf16 products: J, J^T and the products' right-hand sides
    (phi(X), R) in bfloat16, torch.mm on bfloat16 tensors (oneDNN on AMX
    where the CPU has it), float32 results where torch.mm offers them
    (out_dtype) else a bf16 result converted; X, the noise and the update
    stay float32, as in gonlm's bf16 step."""

    F32 = _mm_f32_available()

    def __init__(self, J, b):
        super().__init__(J, b)
        self.Jb = J.to(torch.bfloat16)
        self.JTb = J.T.contiguous().to(torch.bfloat16)
        self.Pb = torch.empty(N, b, dtype=torch.bfloat16)
        self.Hb = torch.empty(N, b, dtype=torch.bfloat16)

    def set_j(self, J):
        self.J = J
        self.Jb.copy_(J)
        self.JTb.copy_(J.T)

    def mm(self, A, B, out):
        if self.F32:
            out.copy_(torch.mm(A, B, out_dtype=torch.float32))
        else:
            torch.mm(A, B, out=self.Hb)
            out.copy_(self.Hb)

    def step(self, X):
        P, H, G = self.P, self.H, self.G
        torch.tanh(X, out=P)
        self.Pb.copy_(P)
        self.mm(self.Jb, self.Pb, H)
        H.sub_(X)                       # R = H - X
        self.Pb.copy_(H)                # bf16(R)
        self.mm(self.JTb, self.Pb, G)   # J^T R
        P.mul_(P).neg_().add_(1).mul_(G)
        X.add_(H, alpha=DT).sub_(P, alpha=DT)
        self.noise.normal_()
        X.add_(self.noise, alpha=self.sigma)
        return X

    def S(self, X, out, alpha, beta):
        P, H = self.P, self.H
        torch.tanh(X, out=P)
        self.Pb.copy_(P)
        self.mm(self.Jb, self.Pb, H)
        torch.sub(X, H, out=H)          # X - H
        Hb = H.to(torch.bfloat16)
        PTb = self.Pb.T
        if self.F32:
            out.mul_(beta).add_(torch.mm(Hb, PTb, out_dtype=torch.float32), alpha=alpha)
        else:
            out.mul_(beta).add_(torch.mm(Hb, PTb).float(), alpha=alpha)


def tuned_update(tb, tm, J, chains, batch, delta):
    tb.S(batch, delta, -1.0 / (T * batch.shape[1]), 0.0)   # delta = -D
    for _ in range(NT):
        tm.step(chains)
    tm.S(chains, delta, 1.0 / (T * chains.shape[1]), 1.0)  # delta = Mo - D
    J.mul_(1 - LAM).add_(delta, alpha=-K)
    tb.set_j(J)
    tm.set_j(J)
    return delta.square().mean()


def timeit(fn, reps, warm=2):
    for _ in range(warm):
        fn()
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t0) / reps * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps1000", type=int, default=30)
    ap.add_argument("--reps36", type=int, default=300)
    ap.add_argument("--repsupd", type=int, default=3)
    ap.add_argument("--ops", default="step1000,step36,update")
    ap.add_argument("--bf16", action="store_true", help="also time the in-place step and update with bf16 products")
    ap.add_argument("--matmul", action="store_true", help="time one product J·P (1000 and 36 chains) in float32 and bf16 instead")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    ops = a.ops.split(",")
    J0 = torch.randn(N, N) * (2 / math.sqrt(N))
    J0.fill_diagonal_(0)
    out = []
    for chains, reps, op in ((1000, a.reps1000, "step1000"), (36, a.reps36, "step36")):
        if op not in ops:
            continue
        X = torch.randn(N, chains)
        st = {"X": X}

        def fa():
            st["X"] = authors_step(J0, st["X"])
        out.append(("authors", op, timeit(fa, reps)))
        tn = Tuned(J0, chains)
        X2 = torch.randn(N, chains)
        out.append(("tuned", op, timeit(lambda: tn.step(X2), reps)))
        if a.bf16:
            tb = TunedBF16(J0, chains)
            X3 = torch.randn(N, chains)
            out.append(("tuned-bf16", op, timeit(lambda: tb.step(X3), reps)))
    if a.matmul:
        Jb = J0.to(torch.bfloat16)
        for chains, reps in ((1000, a.reps1000), (36, a.reps36)):
            P = torch.tanh(torch.randn(N, chains))
            H = torch.empty(N, chains)
            out.append(("torch-f32", f"mm{chains}", timeit(lambda: torch.mm(J0, P, out=H), reps)))
            Pb, Hb = P.to(torch.bfloat16), torch.empty(N, chains, dtype=torch.bfloat16)
            out.append(("torch-bf16", f"mm{chains}", timeit(lambda: torch.mm(Jb, Pb, out=Hb), reps)))
        ops = []
    if "update" in ops:
        data = torch.rand(N, 1000) * 2 - 1
        st = {"J": J0.clone(), "C": torch.randn(N, 1000)}

        def fu():
            st["J"], st["C"], _ = authors_update(st["J"], st["C"], data)
        out.append(("authors", "update", timeit(fu, a.repsupd, warm=1)))
        J = J0.clone()
        tb, tm = Tuned(J, 1000), Tuned(J, 1000)
        C = torch.randn(N, 1000)
        delta = torch.empty(N, N)
        out.append(("tuned", "update", timeit(lambda: tuned_update(tb, tm, J, C, data, delta), a.repsupd, warm=1)))
        if a.bf16:
            J = J0.clone()
            tb, tm = TunedBF16(J, 1000), TunedBF16(J, 1000)
            C = torch.randn(N, 1000)
            out.append(("tuned-bf16", "update", timeit(lambda: tuned_update(tb, tm, J, C, data, delta), a.repsupd, warm=1)))
    for side, op, ms in out:
        print(json.dumps({"side": side, "op": op, "ms": ms, "threads": a.threads}), flush=True)


if __name__ == "__main__":
    main()

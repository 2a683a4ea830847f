#!/usr/bin/env python3
"""Synthetic data files of MNIST's size and format, for timing `nettrace train` without the download.

Writes train-images-idx3-ubyte.gz (60000×28×28 unsigned bytes), train-labels-idx1-ubyte.gz (60000
classes 0..9) and the t10k-… pair (10000 of each), gzipped IDX as MNIST is published. The same
seed gives the same bytes. Each class has a random prototype image (pixels 0 or 255); a sample is
its class's prototype with about one pixel in ten flipped, so a network can learn them.

With --npy, also x_train.npy/y_train.npy/x_test.npy/y_test.npy, and with --npz, mnist.npz (arrays
X and y, the training set): the inputs as float64 pixel/255, the numbers nettrace reads from the
IDX files, so training on any of them gives the same results. These need numpy.

Pure Python (plus numpy for --npy/--npz): a few seconds for the IDX files.

Usage: python3 scripts/synthetic_mnist.py [--out DIR] [--seed S] [--train N] [--test N] [--npy] [--npz] [--plain]
"""
import argparse
import gzip
import os
import random
import struct

ROWS = COLS = 28
PIXELS = ROWS * COLS
CLASSES = 10
# Byte values below this become a flipped pixel: 26/256 ≈ one pixel in ten.
FLIP = bytes(255 if v < 26 else 0 for v in range(256))


def samples(rng, prototypes, n):
    """(images, labels) as bytes: n images of PIXELS bytes each, n labels."""
    labels = rng.randbytes(n).translate(bytes(v % CLASSES for v in range(256)))
    images = bytearray()
    for label in labels:
        noise = int.from_bytes(rng.randbytes(PIXELS).translate(FLIP), "big")
        images += (prototypes[label] ^ noise).to_bytes(PIXELS, "big")
    return bytes(images), labels


def idx(kind, dims, values):
    """An IDX file: 00 00, the type, the number of dimensions, big-endian u32 dimensions, the values."""
    return bytes([0, 0, kind, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + values


def write(path, data, plain):
    if plain:
        path = path[: -len(".gz")]
        with open(path, "wb") as f:
            f.write(data)
    else:
        # mtime=0: the same bytes on every run.
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as f:
            f.write(data)
    print(f"wrote {path} ({os.path.getsize(path):,} bytes)")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=".", help="the directory to write to (default: the current one)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--train", type=int, default=60000, help="training samples (default 60000)")
    p.add_argument("--test", type=int, default=10000, help="test samples (default 10000)")
    p.add_argument("--npy", action="store_true", help="also write .npy arrays (needs numpy)")
    p.add_argument("--npz", action="store_true", help="also write mnist.npz, arrays X and y (needs numpy)")
    p.add_argument("--plain", action="store_true", help="write IDX files without gzip")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    prototypes = [int.from_bytes(rng.randbytes(PIXELS).translate(bytes(255 * (v & 1) for v in range(256))), "big")
                  for _ in range(CLASSES)]
    sets = {}
    for name, n in [("train", args.train), ("t10k", args.test)]:
        images, labels = samples(rng, prototypes, n)
        sets[name] = (images, labels)
        write(os.path.join(args.out, f"{name}-images-idx3-ubyte.gz"), idx(0x08, [n, ROWS, COLS], images), args.plain)
        write(os.path.join(args.out, f"{name}-labels-idx1-ubyte.gz"), idx(0x08, [n], labels), args.plain)
    if args.npy or args.npz:
        import numpy as np

        def arrays(name):
            images, labels = sets[name]
            x = np.frombuffer(images, dtype=np.uint8).reshape(-1, PIXELS) / 255.0
            return x, np.frombuffer(labels, dtype=np.uint8)

        if args.npy:
            for name, suffix in [("train", "train"), ("t10k", "test")]:
                x, y = arrays(name)
                for array, stem in [(x, "x"), (y, "y")]:
                    path = os.path.join(args.out, f"{stem}_{suffix}.npy")
                    np.save(path, array)
                    print(f"wrote {path} ({os.path.getsize(path):,} bytes)")
        if args.npz:
            x, y = arrays("train")
            path = os.path.join(args.out, "mnist.npz")
            np.savez(path, X=x, y=y)
            print(f"wrote {path} ({os.path.getsize(path):,} bytes)")


if __name__ == "__main__":
    main()

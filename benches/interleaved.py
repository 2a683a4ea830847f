#!/usr/bin/env python3
"""Times nettrace binaries against each other on MNIST-sized training, one run of each in turn, so
that the drift of a shared machine's speed weighs on all of them alike.

Each binary trains target/mnist-ROWS/mnist.json (784-128-10, SGD, batch 64, file order; the files
benches/mnist_threads.sh ROWS writes) for EPOCHS epochs on THREADS threads, RUNS times; a binary may
carry environment variables after commas (`target/release/nettrace,RAYON_NUM_THREADS=1`). Prints
each binary's median, fastest and slowest milliseconds per epoch, wall clock, whole process.

Usage: benches/interleaved.py ROWS EPOCHS THREADS RUNS BINARY[,VAR=VALUE...] ...
Example: benches/interleaved.py 12000 3 1 10 /tmp/nettrace-before target/release/nettrace
"""
import os
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    rows, epochs, threads, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    d = f"target/mnist-{rows}"
    args = ["train", f"{d}/mnist.json", "--data", f"{d}/train-images-idx3-ubyte.gz",
            "--labels", f"{d}/train-labels-idx1-ubyte.gz", "--epochs", str(epochs),
            "--batch-size", "64", "--lr", "0.1", "--json", "--threads", threads]
    times = {binary: [] for binary in sys.argv[5:]}
    for _ in range(runs):
        for spec in times:
            binary, *variables = spec.split(",")
            env = dict(os.environ, **dict(v.split("=", 1) for v in variables))
            start = time.perf_counter()
            subprocess.run([binary, *args], env=env, capture_output=True, check=True)
            times[spec].append((time.perf_counter() - start) * 1000 / epochs)
    for spec, ms in times.items():
        print(f"{spec}: median {statistics.median(ms):.0f} ms per epoch, fastest {min(ms):.0f}, slowest {max(ms):.0f}")


if __name__ == "__main__":
    main()

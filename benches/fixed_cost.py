#!/usr/bin/env python3
"""What a training run costs besides its epochs: starting, reading the network file and the gzipped
data files, and exiting. Times `nettrace train` on MNIST-sized training for FEW and for MANY epochs,
one run of each in turn (so that the drift of a shared machine's speed weighs on both alike), and
splits the medians into a time per epoch and the rest.

It trains target/mnist-ROWS/mnist.json (784-128-10, SGD, batch 64, file order; the files
benches/mnist_threads.sh ROWS writes) on THREADS threads (default 1), RUNS times each.

Usage: benches/fixed_cost.py ROWS FEW MANY RUNS [THREADS]
Example: benches/fixed_cost.py 12000 1 3 9
"""
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    rows, few, many, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    threads = sys.argv[5] if len(sys.argv) > 5 else "1"
    if not 0 < few < many:
        sys.exit("FEW and MANY: epochs, 0 < FEW < MANY")
    d = f"target/mnist-{rows}"

    def seconds(epochs):
        args = ["target/release/nettrace", "train", f"{d}/mnist.json",
                "--data", f"{d}/train-images-idx3-ubyte.gz", "--labels", f"{d}/train-labels-idx1-ubyte.gz",
                "--epochs", str(epochs), "--batch-size", "64", "--lr", "0.1", "--json", "--threads", threads]
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True)
        return time.perf_counter() - start

    times = {few: [], many: []}
    for _ in range(runs):
        for epochs in times:
            times[epochs].append(seconds(epochs))
    short, long = (statistics.median(times[e]) * 1000 for e in (few, many))
    per_epoch = (long - short) / (many - few)
    print(f"{rows} rows, {threads} thread(s): {few} epochs {short:.0f} ms, {many} epochs {long:.0f} ms "
          f"(medians of {runs}): {per_epoch:.0f} ms per epoch, {short - few * per_epoch:.0f} ms besides")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Training speed at MNIST's size against PyTorch, both tools back to back in one run so that the
# load of the machine weighs on both alike: 784-128-10 (ReLU, softmax, cross-entropy), SGD η = 0.1,
# batch 64, file order, the loss over all rows after each epoch, on synthetic gzipped IDX files
# (scripts/synthetic_mnist.py, seed 0) of ROWS images (default 12000).
# nettrace: the whole process (reading the gzipped files included) with --threads 1 and 2, divided
# by the epochs. PyTorch: its training loop alone (benches/train_torch.py), float64 and float32 on
# 1 and 2 threads. ROUNDS rounds (default 3); each prints one line per run, in ms per epoch (wall
# clock, and the CPU time, which the load of the machine disturbs less), then how many times
# nettrace's time each PyTorch run takes (above 1: nettrace is faster). Last, each run's median over
# the rounds and the same ratios of the medians, which a round that the machine slowed moves less.
# Needs python3 and PyTorch (pip install torch).
# Usage: benches/mnist_threads.sh [ROWS] [EPOCHS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-12000}
epochs=${2:-5}
rounds=${3:-3}
cargo build --release --quiet
dir=target/mnist-$rows
mkdir -p "$dir"
[ -f "$dir/train-images-idx3-ubyte.gz" ] ||
  python3 scripts/synthetic_mnist.py --out "$dir" --train "$rows" --test 1000 >/dev/null
target/release/nettrace init --sizes 784,128,10 --activations relu,softmax --init he_uniform --seed 1 \
  --loss cross_entropy --lr 0.1 --name mnist --output "$dir/mnist.json" >/dev/null
python3 - "$dir" "$epochs" "$rounds" <<'PY'
import os, statistics, subprocess, sys, time
dir, epochs, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = ["--data", f"{dir}/train-images-idx3-ubyte.gz", "--labels", f"{dir}/train-labels-idx1-ubyte.gz",
        "--epochs", str(epochs), "--batch-size", "64", "--lr", "0.1"]
def nettrace(threads):
    cmd = ["target/release/nettrace", "train", f"{dir}/mnist.json", *data, "--json", "--threads", str(threads)]
    before, start = os.times(), time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    after = os.times()
    cpu = after.children_user + after.children_system - before.children_user - before.children_system
    return (time.perf_counter() - start) / epochs, cpu / epochs, out.splitlines()[-1]
def torch(threads, float32=False):
    cmd = ["python3", "benches/train_torch.py", f"{dir}/mnist.json", *data, "--threads", str(threads)]
    run = subprocess.run(cmd + (["--float32"] if float32 else []), capture_output=True, text=True, check=True)
    line = run.stderr.split("torch training loop: ")[1]
    ms, cpu = float(line.split(" ms")[0]), float(line.split("(")[1].split(" ms")[0])
    return ms / 1000 / epochs, cpu / 1000 / epochs, run.stdout.splitlines()[-1]
runs = [("nettrace float64, 1 thread (whole process)", lambda: nettrace(1)),
        ("nettrace float64, 2 threads (whole process)", lambda: nettrace(2)),
        ("PyTorch float64, 1 thread (loop alone)", lambda: torch(1)),
        ("PyTorch float64, 2 threads (loop alone)", lambda: torch(2)),
        ("PyTorch float32, 1 thread (loop alone)", lambda: torch(1, True)),
        ("PyTorch float32, 2 threads (loop alone)", lambda: torch(2, True))]
def ratios(label, wall):
    n1, n2 = wall[runs[0][0]], wall[runs[1][0]]
    for name, _ in runs[2:]:
        print(f"{label}: {name} takes {wall[name] / n1:.2f}x nettrace's 1 thread, {wall[name] / n2:.2f}x its 2")
walls = []
for round in range(1, rounds + 1):
    wall = {}
    for name, run in runs:
        wall[name], cpu, last = run()
        print(f"round {round}: {name}: {wall[name] * 1000:.0f} ms per epoch ({cpu * 1000:.0f} ms CPU)   {last}")
    ratios(f"round {round}", wall)
    walls.append(wall)
median = {name: statistics.median(w[name] for w in walls) for name, _ in runs}
for name, _ in runs:
    print(f"median of {rounds} rounds: {name}: {median[name] * 1000:.0f} ms per epoch")
ratios(f"median of {rounds} rounds", median)
PY

#!/usr/bin/env bash
# Training speed: the whole nettrace process against PyTorch's training loop alone, on the digits
# network (64-32-10, ReLU/softmax, cross-entropy, batch 32, 20 epochs, SGD η = 0.1, float64, file
# order, the same initial weights), then peak memory and the per-epoch losses of both.
# Needs torch (pip install torch); uses hyperfine when installed.
# Usage: benches/train_vs_torch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
args=(networks/digits.json --data networks/data/digits.csv --epochs 20 --batch-size 32 --lr 0.1)
cmd="target/release/nettrace train ${args[*]} --json"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs 20 -N "$cmd"
else
  python3 - "$cmd" <<'PY'
import subprocess, sys, time
cmd = sys.argv[1].split()
times = []
for _ in range(20):
    t = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - t)
times.sort()
print(f"nettrace whole process: median {times[10]*1000:.1f} ms, min {times[0]*1000:.1f} ms (20 runs)")
PY
fi
for i in 1 2 3; do python3 benches/train_torch.py "${args[@]}" >/dev/null; done
for epochs in 20 200; do
  /usr/bin/time -f "peak RSS %M KB with $epochs epochs" target/release/nettrace train networks/digits.json \
    --data networks/data/digits.csv --epochs $epochs --batch-size 32 --lr 0.1 --json >/dev/null
done
python3 benches/compare_losses.py

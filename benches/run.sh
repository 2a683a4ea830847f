#!/usr/bin/env bash
# How long one traced step takes, whole process, against PyTorch doing the same computation.
# Needs hyperfine (apt-get install hyperfine) and, for the comparison, torch (pip install torch).
# Usage: benches/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/nettrace
hyperfine --warmup 20 -N \
  "$bin run networks/two_layer.json --json" \
  "$bin run networks/two_layer.json" \
  "$bin run networks/xor.json --json" \
  "$bin run networks/two_layer.json --format markdown" \
  "$bin run networks/xor.json --format latex" \
  "$bin run networks/two_layer.json --why layers[1].weights[0][1]" \
  "$bin graph networks/xor.json" \
  "$bin graph networks/two_layer.json --per-neuron"
# At scale: a 512-512-512-10 network with a batch of 256.
python3 scripts/big_network.py > /tmp/big.json
hyperfine --warmup 1 --runs 5 -N "$bin run --json /tmp/big.json" "$bin run /tmp/big.json"
/usr/bin/time -f "run --json: peak RSS %M KB" "$bin" run --json /tmp/big.json > /dev/null
if python3 -c 'import torch' 2>/dev/null; then
  hyperfine --warmup 2 --runs 10 "python3 benches/run_torch.py"
  python3 benches/run_torch.py --loop 2000
fi

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
  "$bin run networks/two_layer.json --why W[1][1][2]" \
  "$bin run networks/two_layer.json --format html" \
  "$bin graph networks/xor.json" \
  "$bin graph networks/two_layer.json --per-neuron" \
  "$bin check networks/xor.json --json" \
  "$bin grade networks/two_layer.json networks/answers/two_layer.json" \
  "$bin grade networks/two_layer.json networks/answers/two_layer_learner.json" \
  "$bin step networks/two_layer.json -n 100 --accumulate -q"
# The gradient check does two forward passes per parameter: a 64-32-10 network (2,410 parameters)
# on a batch of 8 samples, seeded.
big=$(mktemp --suffix=.json)
trap 'rm -f "$big"' EXIT
python3 - "$big" <<'PY'
import json, random, sys
random.seed(1)
sizes = [64, 32, 10]
layers = [{"weights": [[random.uniform(-0.3, 0.3) for _ in range(i)] for _ in range(o)],
           "bias": [0.0] * o, "activation": a}
          for i, o, a in zip(sizes, sizes[1:], ["tanh", "softmax"])]
x = [[random.uniform(-1, 1) for _ in range(64)] for _ in range(8)]
y = [[1.0 if k == n % 10 else 0.0 for k in range(10)] for n in range(8)]
json.dump({"loss": "cross_entropy", "inputs": x, "targets": y, "layers": layers}, open(sys.argv[1], "w"))
PY
hyperfine --warmup 2 -N "$bin check $big --json"
# At scale: a 512-512-512-10 network with a batch of 256.
python3 scripts/big_network.py > /tmp/big.json
hyperfine --warmup 1 --runs 5 -N "$bin run --json /tmp/big.json" "$bin run /tmp/big.json"
/usr/bin/time -f "run --json: peak RSS %M KB" "$bin" run --json /tmp/big.json > /dev/null
if python3 -c 'import torch' 2>/dev/null; then
  hyperfine --warmup 2 --runs 10 "python3 benches/run_torch.py"
  python3 benches/run_torch.py --loop 2000
fi

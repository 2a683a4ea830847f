#!/usr/bin/env python3
"""Writes a big network file for speed and memory measurements (see benches/run.sh).

    python3 scripts/big_network.py > /tmp/big.json               # 512-512-512-10, batch 256
    python3 scripts/big_network.py 784 128 10 --batch 64 > /tmp/mnist_like.json
"""
import argparse
import json
import random

parser = argparse.ArgumentParser()
parser.add_argument("sizes", nargs="*", type=int, default=[512, 512, 512, 10])
parser.add_argument("--batch", type=int, default=256)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
rng = random.Random(args.seed)
sizes = args.sizes
layers = []
for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
    bound = (1.0 / n_in) ** 0.5
    layers.append({
        "weights": [[rng.uniform(-bound, bound) for _ in range(n_in)] for _ in range(n_out)],
        "bias": [rng.uniform(-bound, bound) for _ in range(n_out)],
        "activation": "softmax" if i == len(sizes) - 2 else "relu",
    })
inputs = [[rng.uniform(-1, 1) for _ in range(sizes[0])] for _ in range(args.batch)]
targets = []
for _ in range(args.batch):
    row = [0.0] * sizes[-1]
    row[rng.randrange(sizes[-1])] = 1.0
    targets.append(row)
print(json.dumps({"name": "big", "loss": "cross_entropy", "learning_rate": 0.01,
                  "inputs": inputs, "targets": targets, "layers": layers}))

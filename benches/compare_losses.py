#!/usr/bin/env python3
"""Per-epoch losses of nettrace against PyTorch (benches/train_torch.py) for sgd, momentum and
adam on the digits network, and the worst relative difference of each.

Usage: python3 benches/compare_losses.py [--epochs N]   (after cargo build --release)
"""
import argparse, json, subprocess

p = argparse.ArgumentParser()
p.add_argument("--epochs", type=int, default=20)
args = p.parse_args()
common = ["networks/digits.json", "--data", "networks/data/digits.csv", "--epochs", str(args.epochs),
          "--batch-size", "32"]
for optimizer, lr in [("sgd", "0.1"), ("momentum", "0.05"), ("adam", "0.01")]:
    opts = common + ["--optimizer", optimizer, "--lr", lr]
    ours = subprocess.run(["target/release/nettrace", "train", *opts, "--json"], capture_output=True, text=True,
                          check=True).stdout
    torch = subprocess.run(["python3", "benches/train_torch.py", *opts], capture_output=True, text=True,
                           check=True).stdout
    a = [json.loads(l)["loss"] for l in ours.splitlines()]
    b = [json.loads(l)["loss"] for l in torch.splitlines()]
    assert len(a) == len(b) == args.epochs
    worst = max(abs(x - y) / abs(y) for x, y in zip(a, b))
    print(f"{optimizer:9} epochs {args.epochs}  final loss {a[-1]:.17g} (torch {b[-1]:.17g})  worst rel diff {worst:.3g}")

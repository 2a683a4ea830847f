"""The computation of `nettrace run networks/two_layer.json` in PyTorch (float64), for comparison.

Prints the same loss, gradients and loss after the update. Run by hand: python3 benches/run_torch.py
With --loop N it repeats the step N times in-process and prints the time per step.
"""
import sys
import time

import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)


def step():
    x = torch.tensor([1.0, 2.0])
    y = torch.tensor([1.0])
    W1 = torch.tensor([[0.1, 0.2], [0.3, 0.4]], requires_grad=True)
    b1 = torch.tensor([0.0, 0.0], requires_grad=True)
    W2 = torch.tensor([[0.5], [0.6]], requires_grad=True)
    b2 = torch.tensor([0.0], requires_grad=True)
    z1 = x @ W1 + b1
    a1 = torch.relu(z1)
    z2 = a1 @ W2 + b2
    loss = 0.5 * ((z2 - y) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        for p in (W1, b1, W2, b2):
            p -= 0.1 * p.grad
        loss_after = 0.5 * ((torch.relu(x @ W1 + b1) @ W2 + b2 - y) ** 2).sum()
    return loss.item(), W1.grad.tolist(), W2.grad.tolist(), loss_after.item()


if len(sys.argv) > 2 and sys.argv[1] == "--loop":
    n = int(sys.argv[2])
    start = time.perf_counter()
    for _ in range(n):
        step()
    print(f"{(time.perf_counter() - start) / n * 1e6:.1f} µs per step (PyTorch, in-process)")
else:
    print(step())

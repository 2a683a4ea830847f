#!/usr/bin/env python3
"""Writes tests/fixtures/optimizers.json: the parameters after each of the first three steps of
torch.optim.SGD, SGD(momentum=0.9) and Adam on a tiny network, in float64, for tests/it/train.rs.

Usage: python3 scripts/optimizer_reference.py
"""
import json
import torch

torch.set_default_dtype(torch.float64)
network = {
    "name": "optimizer_reference",
    "layout": "out_in",
    "inputs": [[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0]],
    "targets": [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]],
    "loss": "cross_entropy",
    "learning_rate": 0.1,
    "layers": [
        {"weights": [[0.3, -0.2], [0.1, 0.4], [-0.5, 0.25]], "bias": [0.05, -0.1, 0.0], "activation": "tanh"},
        {"weights": [[0.2, -0.3, 0.6], [-0.4, 0.1, 0.35], [0.15, 0.5, -0.25]], "bias": [0.0, 0.1, -0.05],
         "activation": "softmax"},
    ],
}
cases = []
for optimizer, lr in [("sgd", 0.5), ("momentum", 0.3), ("adam", 0.05)]:
    params = []
    for layer in network["layers"]:
        params += [torch.tensor(layer["weights"], requires_grad=True), torch.tensor(layer["bias"], requires_grad=True)]
    opt = {"sgd": lambda: torch.optim.SGD(params, lr=lr),
           "momentum": lambda: torch.optim.SGD(params, lr=lr, momentum=0.9),
           "adam": lambda: torch.optim.Adam(params, lr=lr)}[optimizer]()
    x, y = torch.tensor(network["inputs"]), torch.tensor(network["targets"])
    steps = []
    for _ in range(3):
        opt.zero_grad()
        z = torch.tanh(x @ params[0].T + params[1]) @ params[2].T + params[3]
        loss = torch.nn.functional.cross_entropy(z, y)
        loss.backward()
        opt.step()
        steps.append({"loss": loss.item(), "layers": [
            {"weights": params[2 * l].tolist(), "bias": params[2 * l + 1].tolist()} for l in range(2)]})
    cases.append({"optimizer": optimizer, "lr": lr, "steps": steps})
with open("tests/fixtures/optimizers.json", "w") as f:
    json.dump({"torch": torch.__version__, "network": network, "cases": cases}, f, indent=1)
    f.write("\n")

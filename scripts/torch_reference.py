"""Write tests/fixtures/torch_reference.json: random networks and every quantity of one training
step as PyTorch computes it in float64 (autograd), for tests/it/torch_reference.rs.

Run by hand (needs torch):  python3 scripts/torch_reference.py
"""
import json
import random

import torch

torch.set_default_dtype(torch.float64)
rng = random.Random(1128)

ACTS = ["identity", "relu", "leaky_relu", "sigmoid", "tanh"]
LOSSES = ["half_squared_error", "mse", "bce", "cross_entropy"]


def phi(name, z, slope):
    return {
        "identity": lambda: z,
        "relu": lambda: torch.relu(z),
        "leaky_relu": lambda: torch.nn.functional.leaky_relu(z, slope),
        "sigmoid": lambda: torch.sigmoid(z),
        "tanh": lambda: torch.tanh(z),
        "softmax": lambda: torch.softmax(z, dim=1),
    }[name]()


def loss_of(name, z_last, a_last, y):
    if name == "half_squared_error":
        return 0.5 * ((a_last - y) ** 2).sum() / y.shape[0]
    if name == "mse":
        return torch.nn.functional.mse_loss(a_last, y)
    if name == "bce":
        return torch.nn.functional.binary_cross_entropy(a_last, y)
    return torch.nn.functional.cross_entropy(z_last, y)


def forward(ws, bs, acts, x):
    zs, as_ = [], []
    a = x
    for w, b, (act, slope) in zip(ws, bs, acts):
        z = a @ w.T + b
        a = phi(act, z, slope)
        if z.requires_grad:
            z.retain_grad()
            a.retain_grad()
        zs.append(z)
        as_.append(a)
    return zs, as_


def case():
    loss = rng.choice(LOSSES)
    layout = rng.choice(["out_in", "in_out"])
    depth = rng.randint(1, 4)
    sizes = [rng.randint(1, 6) for _ in range(depth + 1)]
    if loss == "cross_entropy" and sizes[-1] == 1:
        sizes[-1] = 3
    acts = []
    for l in range(depth):
        if l + 1 < depth:
            act = rng.choice(ACTS)
        else:
            act = {"cross_entropy": "softmax", "bce": "sigmoid"}.get(loss) or rng.choice(ACTS + ["softmax"])
        acts.append((act, round(rng.uniform(0.01, 0.3), 3) if act == "leaky_relu" else 0.01))
    n = rng.randint(1, 5)
    batch = n > 1 or rng.random() < 0.5
    ws = [[[rng.uniform(-1, 1) for _ in range(sizes[l])] for _ in range(sizes[l + 1])] for l in range(depth)]
    bs = [[rng.uniform(-0.5, 0.5) for _ in range(sizes[l + 1])] for l in range(depth)]
    trainable = [rng.random() < 0.8 for _ in range(depth)]
    x = [[rng.uniform(-2, 2) for _ in range(sizes[0])] for _ in range(n)]
    k = sizes[-1]
    if loss == "cross_entropy":
        y = []
        for _ in range(n):
            if rng.random() < 0.5:
                c = rng.randrange(k)
                y.append([1.0 if i == c else 0.0 for i in range(k)])
            else:
                r = [rng.random() + 0.01 for _ in range(k)]
                y.append([v / sum(r) for v in r])
    elif loss == "bce":
        y = [[rng.random() if rng.random() < 0.5 else float(rng.randint(0, 1)) for _ in range(k)] for _ in range(n)]
    else:
        y = [[rng.uniform(-1, 1) for _ in range(k)] for _ in range(n)]
    lr = rng.uniform(0.01, 1.0)

    W = [torch.tensor(w, requires_grad=True) for w in ws]
    B = [torch.tensor(b, requires_grad=True) for b in bs]
    X, Y = torch.tensor(x), torch.tensor(y)
    zs, as_ = forward(W, B, acts, X)
    L = loss_of(loss, zs[-1], as_[-1], Y)
    L.backward()
    with torch.no_grad():
        W2 = [w - lr * w.grad for w in W]
        B2 = [b - lr * b.grad if t else b.clone() for b, t in zip(B, trainable)]
        zs2, as2 = forward(W2, B2, acts, X)
        L2 = loss_of(loss, zs2[-1], as2[-1], Y)

    def store(m):  # a weight matrix in the file's layout
        return m.T.tolist() if layout == "in_out" else m.tolist()

    def per_sample(t):
        return t.tolist() if batch else t[0].tolist()

    layers = []
    for l in range(depth):
        layer = {"weights": store(torch.tensor(ws[l])), "bias": bs[l], "activation": acts[l][0],
                 "trainable_bias": trainable[l]}
        if acts[l][0] == "leaky_relu":
            layer["slope"] = acts[l][1]
        layers.append(layer)
    net = {"name": "torch", "layout": layout, "loss": loss, "learning_rate": lr, "layers": layers}
    if batch:
        net["inputs"], net["targets"] = x, y
    else:
        net["input"], net["target"], = x[0], y[0]
    expect = {"loss": L.item(), "loss_after": L2.item(), "layers": []}
    for l in range(depth):
        entry = {
            "z": per_sample(zs[l].detach()), "a": per_sample(as_[l].detach()), "delta": per_sample(zs[l].grad),
            "grad_weights": store(W[l].grad), "grad_bias": B[l].grad.tolist(),
            "weights": store(W2[l]), "bias": B2[l].tolist(),
        }
        if l + 1 < depth:
            entry["grad_a"] = per_sample(as_[l].grad)
        expect["layers"].append(entry)
    return {"network": net, "expect": expect}


cases = [case() for _ in range(200)]
with open("tests/fixtures/torch_reference.json", "w") as f:
    json.dump({"source": "scripts/torch_reference.py, torch " + torch.__version__ + ", float64", "cases": cases}, f)
print(len(cases), "cases")

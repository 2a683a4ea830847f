#!/usr/bin/env python3
"""The PyTorch equivalent of `nettrace train`: same network file, data, batch order (file
order), optimizer and epochs, in float64 on one CPU thread. Prints one NDJSON line per epoch
(epoch, loss over all samples) on stdout and the training loop's time on stderr.

IDX data (MNIST's format, gzipped or not) is read as nettrace reads it: --data IMAGES --labels
LABELS, unsigned-byte pixels divided by --pixel-scale (255).

Usage: python3 benches/train_torch.py NET.json [--data FILE.csv | --data IMAGES --labels LABELS]
       --epochs N --lr LR [--batch-size B] [--optimizer sgd|momentum|adam] [--momentum MU]
       [--threads N] [--float32]
"""
import argparse, csv, gzip, json, struct, sys, time
import torch



def read_idx(path):
    """The values of an IDX file (gzipped or not) as a tensor of its shape."""
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    assert raw[:3] == b"\x00\x00\x08", f"{path}: not an IDX file of unsigned bytes"
    dims = struct.unpack(f">{raw[3]}I", raw[4:4 + 4 * raw[3]])
    values = torch.frombuffer(bytearray(raw[4 + 4 * raw[3]:]), dtype=torch.uint8)
    return values.reshape(dims)


def load(args):
    net = json.load(open(args.net))
    outputs = len(net["layers"][-1]["bias"])
    if args.labels:
        images = read_idx(args.data)
        x = images.reshape(images.shape[0], -1).to(torch.get_default_dtype()) / args.pixel_scale
        y = torch.nn.functional.one_hot(read_idx(args.labels).long(), outputs).to(torch.get_default_dtype())
    elif args.data:
        rows = list(csv.reader(open(args.data)))
        header, rows = rows[0], [[float(c) for c in r] for r in rows[1:] if r]
        if header[-1] == "label":
            x = torch.tensor([r[:-1] for r in rows])
            y = torch.zeros(len(rows), outputs)
            for i, r in enumerate(rows):
                y[i, int(r[-1])] = 1.0
        else:
            x = torch.tensor([r[:-outputs] for r in rows])
            y = torch.tensor([r[-outputs:] for r in rows])
    elif "inputs" in net:
        x, y = torch.tensor(net["inputs"]), torch.tensor(net["targets"])
    else:
        x, y = torch.tensor([net["input"]]), torch.tensor([net["target"]])
    layers = []
    for layer in net["layers"]:
        w = torch.tensor(layer["weights"])
        if net.get("layout", "out_in") == "in_out":
            w = w.T.contiguous()
        lin = torch.nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            lin.weight.copy_(w)
            lin.bias.copy_(torch.tensor(layer.get("bias", [0.0] * w.shape[0])))
        act = layer.get("activation", "identity")
        layers.append((lin, act, layer.get("slope", 0.01)))
    return net, x, y, layers


def forward(layers, x):
    a = x
    for lin, act, slope in layers:
        z = lin(a)
        a = {"identity": lambda z: z, "relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
             "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, slope),
             "softmax": lambda z: z}[act](z)
    return z, a


def loss_of(kind, z, a, y):
    if kind == "cross_entropy":
        return torch.nn.functional.cross_entropy(z, y)
    if kind == "bce":
        return torch.nn.functional.binary_cross_entropy(a, y)
    if kind == "mse":
        return torch.nn.functional.mse_loss(a, y)
    return 0.5 * ((a - y) ** 2).sum() / a.shape[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("net")
    p.add_argument("--data")
    p.add_argument("--labels")
    p.add_argument("--pixel-scale", type=float, default=255.0)
    p.add_argument("--epochs", type=int, default=100)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--batch-size", type=int)
    p.add_argument("--optimizer", default="sgd")
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    p.add_argument("--float32", action="store_true", help="train in float32 instead of float64")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_default_dtype(torch.float32 if args.float32 else torch.float64)
    net, x, y, layers = load(args)
    kind = net.get("loss", "half_squared_error")
    params = [t for lin, _, _ in layers for t in (lin.weight, lin.bias)]
    if args.optimizer == "sgd":
        opt = torch.optim.SGD(params, lr=args.lr)
    elif args.optimizer == "momentum":
        opt = torch.optim.SGD(params, lr=args.lr, momentum=args.momentum)
    else:
        opt = torch.optim.Adam(params, lr=args.lr)
    n = x.shape[0]
    b = min(args.batch_size or n, n)
    batches = [(x[i:i + b], y[i:i + b]) for i in range(0, n, b)]
    losses = []
    start, cpu = time.perf_counter(), time.process_time()
    for epoch in range(1, args.epochs + 1):
        for xb, yb in batches:
            opt.zero_grad()
            z, a = forward(layers, xb)
            loss_of(kind, z, a, yb).backward()
            opt.step()
        with torch.no_grad():
            z, a = forward(layers, x)
            losses.append(loss_of(kind, z, a, y).item())
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    for epoch, loss in enumerate(losses, 1):
        print(json.dumps({"epoch": epoch, "loss": loss}))
    print(f"torch training loop: {elapsed * 1000:.1f} ms for {args.epochs} epochs ({cpu * 1000:.1f} ms of CPU time)",
          file=sys.stderr)


if __name__ == "__main__":
    main()

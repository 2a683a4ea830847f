

def forward(x):
    """z[l] = W[l]·a[l−1] + b[l] and a[l] = φ(z[l]) for every layer."""
    zs, acts = [], [x]
    for linear, phi in zip(layers, ACTIVATIONS):
        z = linear(acts[-1])
        zs.append(z)
        acts.append(phi(z))
    return zs, acts


def loss_of(z, a, y):
    return @LOSS@


def loss_of_output(a, y):
    return @LOSS_OF_OUTPUT@


def grad_output(a, y):
    """∂L/∂ŷ, by autograd on the loss as a function of ŷ."""
    a = a.detach().requires_grad_()
    return torch.autograd.grad(loss_of_output(a, y), a)[0]


def phi_prime(phi, z):
    """φ′(z) of an element-wise φ, by autograd."""
    z = z.detach().requires_grad_()
    return torch.autograd.grad(phi(z).sum(), z)[0]


zs, acts = forward(X)
for t in zs + acts[1:]:
    t.retain_grad()
loss = loss_of(zs[-1], acts[-1], Y)
loss.backward()
params = [l.weight for l in layers] + [l.bias for l, t in zip(layers, TRAINABLE_BIAS) if t]
torch.optim.SGD(params, lr=LR).step()  # θ ← θ − η·∂L/∂θ
with torch.no_grad():
    zs_after, acts_after = forward(X)
    loss_after = loss_of(zs_after[-1], acts_after[-1], Y)


def per_sample(t):
    rows = t.detach().tolist()
    return rows if BATCH else rows[0]


def stored(w):
    return (w if LAYOUT == "out_in" else w.t()).detach().tolist()


def step(phase, layer, name, value):
    return {"phase": phase, "layer": layer, "name": name, "value": value}


L = len(layers)
steps = []
for l in range(1, L + 1):
    steps.append(step("forward", l, "z", per_sample(zs[l - 1])))
    steps.append(step("forward", l, "a", per_sample(acts[l])))
steps.append(step("loss", None, "loss", loss.item()))
steps.append(step("backward", None, "grad_output", per_sample(grad_output(acts[L], Y))))
for l in range(L, 0, -1):
    if l < L:
        steps.append(step("backward", l, "grad_a", per_sample(acts[l].grad)))
    if ELEMENT_WISE[l - 1]:
        steps.append(step("backward", l, "phi_prime", per_sample(phi_prime(ACTIVATIONS[l - 1], zs[l - 1]))))
    steps.append(step("backward", l, "delta", per_sample(zs[l - 1].grad)))  # δ[l] = ∂L/∂z[l]
    steps.append(step("backward", l, "grad_weights", stored(layers[l - 1].weight.grad)))
    steps.append(step("backward", l, "grad_bias", layers[l - 1].bias.grad.tolist()))
for l in range(1, L + 1):
    steps.append(step("update", l, "weights", stored(layers[l - 1].weight)))
    steps.append(step("update", l, "bias", layers[l - 1].bias.detach().tolist()))
print(json.dumps({"steps": steps, "loss": loss.item(), "loss_after": loss_after.item()}, indent=1))

data = gu.load_images("mnist", fallback="fashion_mnist", value_range=(0, 1), device=device)    # the paper's pixels
print(data)
Z = 100


def uniform_noise(n, generator=None):
    """z ~ U(-sqrt 3, sqrt 3)^Z: mean 0 and variance 1 per entry, the paper's noise."""
    return (2 * torch.rand(n, Z, device=device, generator=generator) - 1) * math.sqrt(3)


class Maxout(nn.Module):
    """h_i = max_j (W x + b)_{ij}: `units` maxima of `pieces` linear functions each."""

    def __init__(self, in_features, units, pieces):
        super().__init__()
        self.units, self.pieces = units, pieces
        self.linear = nn.Linear(in_features, units * pieces)

    def forward(self, x):
        return self.linear(x).view(len(x), self.units, self.pieces).amax(-1)


def paper_networks():
    """The paper's generator and maxout discriminator, initialised as in its code."""
    G = nn.Sequential(nn.Linear(Z, 1200), nn.ReLU(), nn.Linear(1200, 1200), nn.ReLU(), nn.Linear(1200, data.dim),
                      nn.Sigmoid(), nn.Unflatten(1, data.image_shape))
    D = nn.Sequential(nn.Flatten(), nn.Dropout(0.2), Maxout(data.dim, 240, 5), nn.Dropout(0.5), Maxout(240, 240, 5),
                      nn.Dropout(0.5), nn.Linear(240, 1), nn.Flatten(0))
    for net, r in ((G, 0.05), (D, 0.005)):
        for m in net.modules():
            if isinstance(m, nn.Linear):
                nn.init.uniform_(m.weight, -r, r)
                nn.init.zeros_(m.bias)
    with torch.no_grad():                      # an untrained G draws the mean image: sigmoid(bias) = pixel means
        G[4].bias.copy_(torch.logit(data.train_mean.flatten().clamp(1e-3, 1 - 1e-3)))
    return G.to(device), D.to(device)


def paper_sgd(params, updates_per_epoch=500):
    """SGD with momentum; after t updates lr = max(0.1 / 1.000004^t, 1e-6) and, after e finished epochs,
    momentum = 0.5 + 0.2 min(e / 249, 1). The count t lives in the optimizer's state: a resumed run continues."""
    opt = torch.optim.SGD(params, lr=0.1, momentum=0.5)

    def after_update():
        for group in opt.param_groups:
            group["updates"] = group.get("updates", 0) + 1
            group["lr"] = max(0.1 / 1.000004 ** group["updates"], 1e-6)
            group["momentum"] = 0.5 + (0.7 - 0.5) * min(group["updates"] // updates_per_epoch / 249, 1.0)

    return opt, after_update


def held_fixed(D, *inputs):
    """D(inputs) with D's parameters taken as constants: the gradient reaches the inputs (the generator), not D."""
    constants = {name: p.detach() for name, p in D.named_parameters()}
    return torch.func.functional_call(D, constants, inputs)


def paper_updates(G, D):
    """Both players in one SGD step, as the authors' code does: D along the gradient of half its two cross-entropies,
    G along the non-saturating loss's, both gradients taken at the same (G, D) from one batch of noise."""
    opt, schedule = paper_sgd([*D.parameters(), *G.parameters()])

    def loss(x):
        fake = G(uniform_noise(len(x)))
        real_logit, fake_logit = D(x), D(fake.detach())
        d_obj = 0.5 * (bce(real_logit, torch.ones_like(real_logit)) + bce(fake_logit, torch.zeros_like(fake_logit)))
        g_logit = held_fixed(D, fake)                                          # D held fixed in G's objective
        g_obj = bce(g_logit, torch.ones_like(g_logit))
        return d_obj + g_obj, {"D": d_obj, "G": g_obj, "D(x)": torch.sigmoid(real_logit).mean(),
                               "D(G(z))": torch.sigmoid(fake_logit).mean()}

    return gu.Update("D and G", opt, loss, after_step=schedule)


G, D = paper_networks()
gu.report(f"Generator: {gu.models.count_parameters(G):,} parameters; discriminator: {gu.models.count_parameters(D):,} "
          "(the paper's layer sizes: 100·1200 + 1200 + 1200·1200 + 1200 + 1200·784 + 784 = 2,503,984 and "
          "784·1200 + 1200 + 240·1200 + 1200 + 240 + 1 = 1,231,441).")
assert gu.models.count_parameters(G) == 2_503_984 and gu.models.count_parameters(D) == 1_231_441

N_CRITIC = 5
TOY_SEEDS = (0, 1, 2)
SCALE = {"ring": 1.414, "grid": 2.828}                     # the authors' scaling of the two mixtures
TOYS = {"ring": (gu.data.ring_centers() / SCALE["ring"], 0.02 / SCALE["ring"]),
        "grid": (gu.data.grid_centers() / SCALE["grid"], 0.05 / SCALE["grid"])}
METHODS = ("clipping", "penalty")
LAMBDA_TOY, CLIP = 0.1, 0.01


def toy_data(toy, n, seed):
    """n points of a mixture at the authors' scale, drawn and scaled on the CPU, then moved: the same numbers on any
    device (times the reciprocal, as CUDA divides by a number, so that the GPU runs' data match)."""
    x = gu.data.sample_toy(toy, n, device="cpu", generator=torch.Generator().manual_seed(seed))
    return (x * (1 / SCALE[toy])).to(device)


def toy_players(seed=0, width=128):
    torch.manual_seed(seed)
    G = mlp([2, width, width, width, 2]).to(device)
    f = nn.Sequential(mlp([2, width, width, width, 1]), nn.Flatten(0)).to(device)
    return G, f


def critic_update(f, method, fake_of, lam=LAMBDA_TOY):
    """The critic's move for 'clipping' (RMSProp 5e-5, then clip to [-c, c]) or 'penalty' (Adam 1e-4, (0.5, 0.9))."""
    if method == "clipping":
        opt = torch.optim.RMSprop(f.parameters(), lr=5e-5)
    else:
        opt = torch.optim.Adam(f.parameters(), lr=1e-4, betas=(0.5, 0.9))

    def clip():
        with torch.no_grad():
            for p in f.parameters():
                p.clamp_(-CLIP, CLIP)

    def critic_step(x):
        fake = fake_of(x).detach()
        loss = wasserstein_critic_loss(f(x), f(fake))
        extras = {"W estimate": -loss}
        if method == "penalty":
            penalty, norms = gradient_penalty(f, x, fake)
            loss = loss + lam * penalty
            extras["gradient norm"] = norms.mean()
        return loss, extras

    if method == "clipping":
        clip()
    return gu.Update("critic", opt, critic_step, repeats=N_CRITIC, after_step=clip if method == "clipping" else None)


def generator_update(G, f, method):
    """The generator's move with its method's optimiser."""
    opt = (torch.optim.RMSprop(G.parameters(), lr=5e-5) if method == "clipping"
           else torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.5, 0.9)))
    return gu.Update("G", opt, lambda x: -f(G(torch.randn(len(x), 2, device=device))).mean())


grid_x = torch.linspace(-2.2, 2.2, 120, device=device)
xx, yy = torch.meshgrid(grid_x, grid_x, indexing="xy")
plane = torch.stack([xx.flatten(), yy.flatten()], 1)


def draw_critic(ax, f, points, centers, title):
    """The critic's value over the plane (colour), points (black), the modes (yellow)."""
    with torch.no_grad():
        value = f(plane).view(120, 120)
    ax.contourf(xx.cpu(), yy.cpu(), value.cpu(), levels=30, cmap="coolwarm")
    p = points.cpu()
    ax.scatter(p[:, 0], p[:, 1], s=1, c="k", alpha=0.3)
    ax.scatter(centers[:, 0], centers[:, 1], s=20, c="yellow", marker="x")
    ax.set(title=title, xticks=[], yticks=[], xlim=(-2.2, 2.2), ylim=(-2.2, 2.2))
    ax.title.set_fontsize(9)

"""The numbers of chapter 14's exercises, for their solutions (written in the notebook's markdown).

Exercise 1 (more power iterations): the chapter's SNGAN with five power iterations per forward pass in every
normalised layer, STEPS generator steps from three seeds: the judge's numbers at the chapter's checks and the seconds
per generator step, beside the chapter's one-iteration runs read from their records at the same steps.
Exercise 2 (spectral norm with the non-saturating loss): the same critic trained with chapter 6's binary
cross-entropy (gu.gan.discriminator_loss / generator_loss), one critic step per generator step, three seeds.
Exercise 3 (the convolution's true norm): the spectral norm of a 3x3 convolution's full linear map on 8x8 images
against that of its reshaped kernel, for 20 random kernels (no training).

It runs the chapter's own cells (imports and the SNGAN cell, whose runs load the shipped seeds). Run alone (one
torch process at a time, ~45 minutes on a 2-core CPU at the defaults):

    GEN_UTILS_DATA=... python tools/next/ch14_exercises.py [steps]
"""
from __future__ import annotations

import sys
import time

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "chapters/14_sngan.ipynb"
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 2100   # a multiple of the chapter's 300-step checks
SEEDS = (0, 1, 2)


def chapter_namespace(path: str = NOTEBOOK) -> dict:
    """The chapter's imports and its SNGAN cell up to its figures (the shipped runs load, nothing trains)."""
    return cells.chapter_namespace(path, ("data = gu.load_images(", "\ntorch.manual_seed(0)"),
                                   ("Z, WIDTH, BATCH = 100", "\nsamples = generate(G, 32"))


def bce_updates(ns: dict, G, critic):
    """Chapter 6's non-saturating game with the SNGAN networks and optimisers: one critic step, then G's."""
    gu, torch, Z, device = ns["gu"], ns["torch"], ns["Z"], ns["device"]
    opt_critic = torch.optim.Adam(critic.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))

    def critic_step(x):
        fake = G(torch.randn(len(x), Z, device=device)).detach()
        return gu.gan.discriminator_loss(critic(x), critic(fake))

    def generator_step(x):
        return gu.gan.generator_loss(critic(G(torch.randn(len(x), Z, device=device))))

    return [gu.Update("critic", opt_critic, critic_step), gu.Update("G", opt_g, generator_step)]


def run(ns: dict, seed: int, label: str, n_iter: int = 1, loss: str = "hinge") -> None:
    """One SNGAN run of STEPS generator steps with the chapter's checks."""
    gu, Z = ns["gu"], ns["Z"]
    G, critic = ns["make_sngan"](seed)
    for m in critic.modules():
        if hasattr(m, "parametrizations"):
            m.parametrizations.weight[0].n_iter = n_iter
    updates = ns["sngan_updates"](G, critic) if loss == "hinge" else bce_updates(ns, G, critic)
    start = time.time()
    h = gu.fit({"G": G, "critic": critic}, updates, ns["data"].x_train, steps=STEPS, batch_size=ns["BATCH"],
               seed=seed, desc=f"{label}, seed {seed}", progress=False, callback_every=300,
               callback=lambda step: ns["judged"](ns["generate"](G, 2000, Z, seed=1)))
    print(f"{label} seed {seed} ({h.seconds / STEPS:.4f} s a generator step, {time.time() - start:.0f} s in all): "
          + "; ".join(f"{k} {', '.join(f'{x:.4g}' for x in v)}" for k, v in h.checks.items()), flush=True)


def true_norms(ns: dict, kernels: int = 20) -> None:
    """Exercise 3: the 3x3 convolution's map on 8x8 images against the reshaped kernel, spectral norms."""
    torch = ns["torch"]
    gen = torch.Generator().manual_seed(0)
    ratios = []
    for _ in range(kernels):
        conv = torch.nn.Conv2d(4, 4, 3, padding=1, bias=False)
        with torch.no_grad():
            conv.weight.copy_(torch.randn(conv.weight.shape, generator=gen))
            basis = torch.eye(4 * 64).view(4 * 64, 4, 8, 8)
            M = conv(basis).flatten(1).T                     # column i: the map applied to basis image i
        ratios.append((torch.linalg.matrix_norm(M, ord=2) / torch.linalg.matrix_norm(conv.weight.flatten(1), ord=2)).item())
    print(f"true norm / reshaped-kernel norm over {kernels} random 4->4 3x3 kernels on 8x8: min {min(ratios):.3f}, "
          f"mean {sum(ratios) / len(ratios):.3f}, max {max(ratios):.3f} (at most 3)", flush=True)


def main() -> None:
    ns = chapter_namespace()
    true_norms(ns)
    for seed in SEEDS:                                     # the chapter's runs at the same checks
        checks = ns["runs"][seed]["history"].checks
        keep = [i for i, step in enumerate(checks["step"]) if step <= STEPS]
        print(f"chapter (hinge, one iteration) seed {seed} ({ns['runs'][seed]['history'].seconds / ns['G_STEPS']:.4f} s "
              "a generator step, on its own device): " + "; ".join(
                  f"{k} {', '.join(f'{checks[k][i]:.4g}' for i in keep)}" for k in checks), flush=True)
    for seed in SEEDS:
        run(ns, seed, "hinge, one iteration (this machine)")
    for seed in SEEDS:
        run(ns, seed, "hinge, five iterations", n_iter=5)
    for seed in SEEDS:
        run(ns, seed, "binary cross-entropy, one iteration", loss="bce")


if __name__ == "__main__":
    main()

"""The numbers of chapter 12's exercises, for their solutions (written in the notebook's markdown).

Exercise 1 (Adam instead of RMSProp): the chapter's WGAN with Adam (lr 1e-4, betas (0.5, 0.999)) for both players,
STEPS generator steps from three seeds, the critic's estimate of W on validation images and the judge's numbers at
the chapter's checks (every 200 generator steps), beside the chapter's RMSProp runs read from their records at the
same steps.
Exercise 2 (the clipping constant): c = 0.1 and c = 0.001, the same measures.
Exercise 3 (the critic of a fixed generator): the median seed's shipped generator held fixed, a fresh critic trained
CRITIC_STEPS steps with the chapter's RMSProp and clipping, its estimate against the training-time one.

It runs the chapter's own cells (imports, recipe, training definitions, and its runs, which load the shipped seeds),
so the networks, data, schedule and checks are the chapter's. Run alone (one torch process at a time, ~90 minutes
on a 2-core CPU at the defaults: a run of 1,000 generator steps is about 8,500 updates, 7.5 minutes):

    GEN_UTILS_DATA=... python tools/next/ch12_exercises.py [steps] [critic steps]
"""
from __future__ import annotations

import statistics
import sys
import time

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "chapters/12_wgan.ipynb"
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
CRITIC_STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
SEEDS = (0, 1, 2)


def chapter_namespace(path: str = NOTEBOOK) -> dict:
    """The chapter's imports, its recipe, and its training cell (the shipped runs load, nothing trains)."""
    return cells.chapter_namespace(path, ("Z, CLIP, WIDTH, BATCH", "\nsteps_at = ["), ("G_STEPS = gu.budget", "\nfig, ax"))


def mean_change(values) -> float:
    """The mean absolute change between consecutive logged values: how much a curve jitters."""
    return statistics.fmean(abs(b - a) for a, b in zip(values, values[1:]))


def run(ns: dict, seed: int, label: str, optimizer: str = "rmsprop", clip: float | None = None) -> dict:
    """One WGAN run of STEPS generator steps with the chapter's checks; the optimiser or the clipping constant changed."""
    gu, torch = ns["gu"], ns["torch"]
    saved_clip = ns["CLIP"]
    if clip is not None:
        ns["CLIP"] = clip                                  # clip_weights reads the chapter's CLIP when it runs
    try:
        G, critic = ns["make_wgan"](seed)
        updates = ns["wgan_updates"](G, critic)
        if optimizer == "adam":
            updates[0].optimizer = torch.optim.Adam(critic.parameters(), lr=1e-4, betas=(0.5, 0.999))
            updates[1].optimizer = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.5, 0.999))
        start = time.time()
        h = gu.fit({"G": G, "critic": critic}, updates, ns["data"].x_train, steps=STEPS, batch_size=ns["BATCH"],
                   seed=seed, desc=f"{label}, seed {seed}", callback=ns["checks"](G, critic), callback_every=200,
                   progress=False)
    finally:
        ns["CLIP"] = saved_clip
    out = {k: list(v) for k, v in h.checks.items()}
    out["W estimate (every 50 steps)"] = list(h["W estimate"])
    out["mean |change| of the W estimate"] = [mean_change(h["W estimate"])]
    print(f"{label} seed {seed} ({time.time() - start:.0f} s): " + "; ".join(
        f"{k} {', '.join(f'{x:.4g}' for x in v)}" for k, v in out.items()), flush=True)
    return out


def main() -> None:
    ns = chapter_namespace()
    gu, torch = ns["gu"], ns["torch"]
    for seed in SEEDS:                                     # the chapter's RMSProp runs at the same checks
        checks = ns["runs"][seed]["history"].checks
        keep = [i for i, step in enumerate(checks["step"]) if step <= STEPS]
        hc = ns["runs"][seed]["history"]
        w = [v for s, v in zip(hc.steps, hc["W estimate"]) if s <= STEPS]
        print(f"chapter (RMSProp, c = {ns['CLIP']}) seed {seed}: " + "; ".join(
            f"{k} {', '.join(f'{checks[k][i]:.4g}' for i in keep)}" for k in checks)
            + f"; W estimate (every 50 steps) {', '.join(f'{v:.4g}' for v in w)}; mean |change| {mean_change(w):.4g}",
            flush=True)
    for seed in SEEDS:
        run(ns, seed, "Adam")
    for c in (0.1, 0.001):
        for seed in SEEDS:
            run(ns, seed, f"c = {c}", clip=c)

    # exercise 3: a fresh critic on the median seed's fixed generator
    G, data, Z = ns["G"], ns["data"], ns["Z"]
    G.eval()
    val = data.x_val[:2000]
    for seed in SEEDS:
        _, critic = ns["make_wgan"](100 + seed)
        opt = torch.optim.RMSprop(critic.parameters(), lr=5e-5)

        def clip_weights(critic=critic):
            with torch.no_grad():
                for p in critic.parameters():
                    p.clamp_(-ns["CLIP"], ns["CLIP"])

        def critic_step(x, critic=critic):
            with torch.no_grad():
                fake = G(torch.randn(len(x), Z, device=x.device))
            loss = ns["wasserstein_critic_loss"](critic(x), critic(fake))
            return loss, {"W estimate": -loss}

        def estimate(step, critic=critic):
            fake = ns["generate"](G, len(val), Z, seed=7)
            with torch.no_grad():
                return {"W (validation)": (gu.map_batches(critic, val, batch_size=500).mean()
                                           - gu.map_batches(critic, fake, batch_size=500).mean()).item()}

        clip_weights()
        start = time.time()
        h = gu.fit({"critic": critic}, gu.Update("critic", opt, critic_step, after_step=clip_weights), data.x_train,
                   steps=CRITIC_STEPS, batch_size=ns["BATCH"], seed=seed, desc=f"fixed G, critic seed {seed}",
                   callback=estimate, callback_every=max(CRITIC_STEPS // 10, 1), progress=False)
        trained = ns["runs"][ns["median_seed"]]["history"].checks["W (validation)"][-1]
        print(f"fixed G (seed {ns['median_seed']}), fresh critic seed {seed} ({time.time() - start:.0f} s): W (validation) "
              f"{', '.join(f'{w:.4g}' for w in h.checks['W (validation)'])}; the training-time estimate {trained:.4g}",
              flush=True)


if __name__ == "__main__":
    main()

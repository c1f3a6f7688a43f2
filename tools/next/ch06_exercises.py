"""The numbers of chapter 6's exercises 2 ("more critic steps") and 4 ("the order of the two steps"); their
solutions are written in the notebook's markdown.

Exercise 2: on the ring, the non-saturating GAN of the chapter's toys with one and with five discriminator steps per
generator step, TOY_STEPS steps from three seeds: modes covered and the share of high-quality samples at the end.

Exercise 4: the paper's MNIST model trained 3,000 updates with the simultaneous step of the chapter and with the
sequential one of Algorithm 1 (the discriminator's step, then the generator's against the updated discriminator),
three seeds each. It runs the chapter's own cells (its imports and its MNIST parts), so the networks, noise and SGD
schedule are the chapter's. Run alone (one torch process at a time):

    GEN_UTILS_DATA=... python tools/next/ch06_exercises.py [notebook] [updates] [toy steps]

Prints, every 1,000 updates and per run: the share of saturated generator pixels (< 0.01 or > 0.99), the samples'
spread (mean per-pixel standard deviation across samples) and the judge's score and Fréchet distance of 1,000 samples.
"""
from __future__ import annotations

import sys
import time

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = sys.argv[1] if len(sys.argv) > 1 else "chapters/06_gan.ipynb"
UPDATES = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
TOY_STEPS = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
SEEDS = (0, 1, 2)


def chapter_namespace(path: str) -> dict:
    """The chapter's imports cell, its toys' definitions and its MNIST parts cell, executed (no training)."""
    return cells.chapter_namespace(path, ("def train_toy", "\nRUNS = ["), ("def paper_updates", "\nG, D = paper_networks()"))


def critic_steps(ns: dict) -> None:
    """Exercise 2: one against five discriminator steps per generator step, the non-saturating GAN on the ring."""
    gu, torch, mlp = ns["gu"], ns["torch"], ns["mlp"]
    centers, std = ns["TOYS"]["ring"]
    rows = []
    for repeats in (1, 5):
        for seed in SEEDS:
            torch.manual_seed(seed)
            G, D = mlp([ns["NOISE"], 256, 256, 2]).to(ns["device"]), mlp([2, 256, 256, 1]).to(ns["device"])
            real = gu.data.sample_toy("ring", 100_000, device=ns["device"], generator=torch.Generator().manual_seed(seed))
            updates = ns["gan_updates"](G, D, ns["NOISE"])
            updates[0].repeats = repeats
            t = time.time()
            gu.fit({"G": G, "D": D}, updates, real, steps=TOY_STEPS, batch_size=512, seed=seed, progress=False)
            z = torch.randn(5000, ns["NOISE"], device=ns["device"], generator=torch.Generator(device=ns["device"]).manual_seed(99))
            with torch.no_grad():
                c = gu.metrics.mode_coverage(G(z), centers, std)
            rows.append((repeats, seed, c))
            print(f"ring, {repeats} D steps, seed {seed} ({time.time() - t:.0f} s): {c}", flush=True)
    print(f"\n| discriminator steps per generator step | seed | modes covered (of 8) | high-quality samples |\n| --- | --- | --- | --- |")
    for repeats, seed, c in rows:
        print(f"| {repeats} | {seed} | {c['modes']:.0f} | {c['high_quality']:.0%} |")


def main() -> None:
    ns = chapter_namespace(NOTEBOOK)
    critic_steps(ns)
    gu, torch, data = ns["gu"], ns["torch"], ns["data"]
    bce, uniform_noise, paper_sgd = ns["bce"], ns["uniform_noise"], ns["paper_sgd"]

    def sequential_updates(G, D):
        """Algorithm 1's order: D's step, then G's against the updated D, each with its own paper_sgd."""
        opt_d, schedule_d = paper_sgd(D.parameters())
        opt_g, schedule_g = paper_sgd(G.parameters())

        def d_loss(x):
            real_logit, fake_logit = D(x), D(G(uniform_noise(len(x))).detach())
            return 0.5 * (bce(real_logit, torch.ones_like(real_logit)) + bce(fake_logit, torch.zeros_like(fake_logit)))

        def g_loss(x):
            g_logit = D(G(uniform_noise(len(x))))
            return bce(g_logit, torch.ones_like(g_logit))

        return [gu.Update("D", opt_d, d_loss, after_step=schedule_d), gu.Update("G", opt_g, g_loss, after_step=schedule_g)]

    judge = gu.classifier.load_classifier(data)
    reference, _ = gu.metrics.classifier_embedding(judge, data.x_test, value_range=(0, 1))
    z = uniform_noise(1000, torch.Generator(device=ns["device"]).manual_seed(1))
    results = {}
    for order, make in (("simultaneous", ns["paper_updates"]), ("sequential", sequential_updates)):
        for seed in SEEDS:
            torch.manual_seed(seed)
            G, D = ns["paper_networks"]()
            updates = make(G, D)
            updates = updates if isinstance(updates, list) else [updates]

            def check(step, G=G, order=order, seed=seed):
                with torch.no_grad(), gu.models.layers.evaluating(G):
                    x = G(z)
                feats, probs = gu.metrics.classifier_embedding(judge, x, value_range=(0, 1))
                out = {"saturated": ((x < 0.01) | (x > 0.99)).float().mean().item(), "spread": x.std(0).mean().item(),
                       "score": gu.metrics.classifier_score(probs), "fd": gu.metrics.frechet_distance(feats, reference)}
                print(f"{order} seed {seed} update {step}: " + ", ".join(f"{k} {v:.3f}" for k, v in out.items()), flush=True)
                results[order, seed, step] = out
                return out

            t = time.time()
            gu.fit({"G": G, "D": D}, updates, data.x_train, steps=UPDATES, batch_size=100, seed=seed, callback=check,
                   callback_every=1000, progress=False)
            print(f"{order} seed {seed}: {time.time() - t:.0f} s", flush=True)
    print("\n| order | seed | saturated pixels | spread | judge's score | Fréchet distance |\n| --- | --- | --- | --- | --- | --- |")
    for (order, seed, step), r in results.items():
        if step == UPDATES:
            print(f"| {order} | {seed} | {r['saturated']:.1%} | {r['spread']:.3f} | {r['score']:.2f} | {r['fd']:.3f} |")


if __name__ == "__main__":
    main()

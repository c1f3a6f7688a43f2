TOY_STEPS = gu.budget(book=20_000, laptop=1_500, fast=10)
N_EVAL = 5_000


def toy_quality(G, toy):
    """Coverage within 3 sigma and the energy distance of N_EVAL samples to N_EVAL held-out points."""
    centers, std = TOYS[toy]
    with torch.no_grad():
        samples = G(torch.randn(N_EVAL, 2, device=device, generator=torch.Generator(device=device).manual_seed(5)))
    return {**gu.metrics.mode_coverage(samples, centers.to(device), std),
            "energy": gu.metrics.energy_distance(samples, toy_data(toy, N_EVAL, seed=1000))}


toy_runs, toy_start = {}, {}
for toy in TOYS:
    x = toy_data(toy, 100_000, seed=0)
    for method in METHODS:
        for seed in TOY_SEEDS:
            G, f = toy_players(seed)
            if method == METHODS[0]:
                toy_start[toy, seed] = toy_quality(G, toy)                      # the untrained generator
            h = gu.fit({"G": G, "critic": f}, [critic_update(f, method, lambda real, G=G: G(torch.randn(len(real), 2, device=device))),
                                                generator_update(G, f, method)], x, steps=TOY_STEPS, batch_size=256, seed=seed,
                       desc=f"{toy}, {method}, seed {seed}", progress=False, evaluate=lambda G=G, toy=toy: toy_quality(G, toy),
                       checkpoint=gu.checkpoint_path(f"ch13_toy_{toy}_{method}_s{seed}"))
            toy_runs[toy, method, seed] = {"G": G, "critic": f, "history": h, **h.evaluation}

fig, axes = plt.subplots(2, 2, figsize=(9, 9))
for ax, (toy, method) in zip(axes.flat, [(t, m) for t in TOYS for m in METHODS]):
    r = toy_runs[toy, method, TOY_SEEDS[0]]
    with torch.no_grad():
        s = r["G"](torch.randn(2000, 2, device=device, generator=torch.Generator(device=device).manual_seed(6)))
    draw_critic(ax, r["critic"], s, TOYS[toy][0],
                f"{toy}, {method} (seed {TOY_SEEDS[0]}): {r['modes']} of {len(TOYS[toy][0])} modes within 3σ")
plt.suptitle(f"critic value (colour), generated samples (black), modes (yellow), after {TOY_STEPS:,} generator steps")
plt.tight_layout()
plt.show()

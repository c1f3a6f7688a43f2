FIXED_STEPS = gu.budget(book=5_000, laptop=1_000, fast=20)
fixed = {}
fig, axes = plt.subplots(2, 2, figsize=(9, 9))
for row, toy in zip(axes, TOYS):
    centers = TOYS[toy][0]
    for ax, method in zip(row, METHODS):
        _, f = toy_players(0)
        x = toy_data(toy, 100_000, seed=0)
        fake_of = lambda real: real + torch.randn_like(real)           # noqa: E731  the fixed "generator"
        h = gu.fit({"critic": f}, critic_update(f, method, fake_of), x, steps=FIXED_STEPS // N_CRITIC, batch_size=256,
                   progress=False, checkpoint=gu.checkpoint_path(f"ch13_fixed_{toy}_{method}"))
        fixed[toy, method] = h
        draw_critic(ax, f, toy_data(toy, 1000, seed=9), centers,
                    f"{toy}, {method}: critic of a fixed generator (W estimate {h.last('W estimate'):.3f})")
plt.tight_layout()
plt.show()

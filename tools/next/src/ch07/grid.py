z = unit_cube(8, torch.Generator(device=device).manual_seed(0)).repeat_interleave(N_CLASSES, 0)
y = torch.arange(N_CLASSES, device=device).repeat(8)
grids = {}
for name, dropout in (("without dropout", False), ("with dropout", True)):
    grids[name] = sample(G, z, y, dropout, seed=0)
G.eval()
fig, axes = plt.subplots(1, 2, figsize=(12, 5.2))
for ax, (name, x) in zip(axes, grids.items()):
    gu.plots.show_images(x, nrow=N_CLASSES, value_range=(0, 1), ax=ax, title=f"seed {median_seed}, {name}")
plt.show()
spread_z = {mode: gu.seeds.Spread(tuple(runs[s]["pixel spread"][mode] for s in SEEDS), SEEDS)
          for mode in ("z only", "dropout masks only")}
real_spread = sum(data.x_test[data.y_test == c].flatten(1).std(0).mean().item() for c in range(N_CLASSES)) / N_CLASSES
gu.report(f"Spread of the pixels within a class (standard deviation over 100 samples, averaged over pixels and "
          f"classes): when only $z$ varies, {spread_z['z only'].format('.4f')}; when only the dropout masks vary (one $z$ "
          f"per class), {spread_z['dropout masks only'].format('.3f')}; the real test images of a class, {real_spread:.3f}.")

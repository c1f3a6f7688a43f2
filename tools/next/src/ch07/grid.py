gen = torch.Generator(device=device).manual_seed(0)
with torch.no_grad(), gu.models.layers.evaluating(G):
    z = unit_cube(8, gen).repeat_interleave(N_CLASSES, 0)
    grid = G(z, torch.arange(N_CLASSES, device=device).repeat(8))
show_images(grid, nrow=N_CLASSES, value_range=(0, 1), title=f"seed {median_seed}; columns: " + ", ".join(data.classes))
plt.show()

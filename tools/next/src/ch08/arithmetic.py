def classify(z):
    with torch.no_grad():
        G.eval()
        probs = torch.softmax(gu.map_batches(lambda b: classifier((G(b) + 1) / 2), z), 1)
        G.train()
    return probs


def typical(z, probs, k):
    """For each class, the k latent vectors whose images the classifier is most confident about."""
    return torch.stack([z[probs[:, c].topk(k).indices] for c in range(probs.shape[1])])   # (C, k, Z)


gen = torch.Generator(device=device).manual_seed(2)
z_fit, z_test = torch.randn(2, gu.budget(full=20_000, fast=2000), Z, device=device, generator=gen)
means = typical(z_fit, classify(z_fit), 100).mean(1)                  # m_c, shape (C, Z)
starts = typical(z_test, classify(z_test), 50)                        # (C, 50, Z)
C = len(data.classes)
transfer, control = torch.zeros(C, C), torch.zeros(C, C)
for a in range(C):
    for b in range(C):
        shift = means[b] - means[a]
        random_dir = torch.randn(Z, device=device, generator=gen)
        transfer[a, b] = (classify(starts[a] + shift).argmax(1) == b).float().mean()
        control[a, b] = (classify(starts[a] + random_dir / random_dir.norm() * shift.norm()).argmax(1) == b).float().mean()
off = ~torch.eye(C, dtype=torch.bool)

fig, axes = plt.subplots(1, 2, figsize=(12, 5))
for ax, m, title in ((axes[0], transfer, "z + (m_b - m_a)"), (axes[1], control, "z + random direction")):
    im = ax.imshow(m, vmin=0, vmax=1, cmap="viridis")
    ax.set_xticks(range(C), data.classes, rotation=90, fontsize=7)
    ax.set_yticks(range(C), data.classes, fontsize=7)
    ax.set(xlabel="target class b", ylabel="start class a", title=f"{title}: share named b")
fig.colorbar(im, ax=axes, shrink=0.8)
plt.show()

best = int(transfer.masked_fill(~off, -1).argmax())          # the pair (a, b) that worked best
a, b = divmod(best, C)
t = torch.linspace(0, 1, 8, device=device)
G.eval()
with torch.no_grad():
    rows = {f"sample {i + 1}": G(starts[a, i] + t[:, None] * (means[b] - means[a])) for i in range(4)}
    rows["G(m_c)"] = G(means)
G.train()
show_rows(rows, value_range=(-1, 1), title=f"{data.classes[a]} → {data.classes[b]} (top rows, t from 0 to 1); "
          "last row: the class means m_c decoded")
plt.show()
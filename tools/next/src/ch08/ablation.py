ABLATION_STEPS = gu.budget(book=2_000, laptop=100, fast=5)
FC_MATCHED = 50                     # hidden units that keep G + D at the full recipe's parameter count (checked below)
VARIANTS = {
    "all guidelines": ({}, {}),
    "pooling, no strides": ({"upsample": "nearest"}, {"downsample": "pool"}),
    "no batch norm": ({"norm": "none"}, {"norm": "none"}),
    "FC hidden layers (parameter-matched)": ({"fc_hidden": FC_MATCHED}, {"fc_hidden": FC_MATCHED}),
    "linear G output": ({"output": "none"}, {}),
    "LeakyReLU in G": ({"activation": "leaky_relu"}, {}),
    "ReLU in D": ({}, {"activation": "relu"}),
}
size = lambda g_kw, d_kw: sum(count_parameters(m) for m in make_dcgan(g_kw, d_kw))  # noqa: E731
full_size, fc_size = size(*VARIANTS["all guidelines"]), size(*VARIANTS["FC hidden layers (parameter-matched)"])
assert abs(fc_size / full_size - 1) < 0.05, f"the FC variant has {fc_size:,} parameters against {full_size:,}"


def evaluate_variant(G):
    """The judge on 5,000 samples and 16 of them as a PNG, stored with the run's record."""
    x = generate(G, gu.budget(full=5000, fast=500), Z)
    return {**judged(x), "n": len(x), "samples_png": gu.plots.encode_grid(x[:16], nrow=16, value_range=(-1, 1))}


ablation = {}
for name, (g_kw, d_kw) in VARIANTS.items():
    for seed in SEEDS:
        Gv, Dv = make_dcgan(g_kw, d_kw, seed=seed)
        tag = name.split(" (")[0].replace(" ", "_").replace(",", "")
        h = gu.fit({"G": Gv, "D": Dv}, dcgan_updates(Gv, Dv), data.x_train, steps=ABLATION_STEPS, batch_size=128,
                   seed=seed, desc=f"{name}, seed {seed}", keep=["G"], evaluate=lambda Gv=Gv: evaluate_variant(Gv),
                   checkpoint=gu.checkpoint_path(f"ch08_ablation_{tag}_s{seed}"))
        ablation[name, seed] = {"history": h, "parameters": count_parameters(Gv) + count_parameters(Dv), **h.evaluation}

fig, axes = plt.subplots(1, 2, figsize=(13, 3.8))
for i, name in enumerate(VARIANTS):
    h = ablation[name, SEEDS[0]]["history"]
    axes[0].plot(h.steps, h["D(G(z))"], color=f"C{i}", label=name)
    axes[1].plot(h.steps, h["G"], color=f"C{i}", label=name)
axes[0].set(title=f"D(G(z)) during training (seed {SEEDS[0]})", xlabel="step")
axes[1].set(title="generator loss", xlabel="step", yscale="log")
axes[0].legend(fontsize="small")
plt.show()
fig, axes = plt.subplots(len(VARIANTS), 1, figsize=(9, 0.75 * len(VARIANTS)))
for ax, name in zip(axes, VARIANTS):                     # each run's 16 samples, kept with its record
    gu.plots.show_grid(gu.plots.decode_grid(ablation[name, SEEDS[0]]["samples_png"]), ax=ax)
    ax.set_title(f"{name}: FD {ablation[name, SEEDS[0]]['fd']:.3f}", fontsize=8, loc="left")
fig.suptitle(f"16 samples per variant (seed {SEEDS[0]})")
plt.tight_layout()
plt.show()

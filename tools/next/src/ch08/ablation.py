ABLATION_STEPS = gu.budget(book=2_000, laptop=100, fast=5)
# G's projection of z is one linear map, Z x (2 WIDTH * 49) weights; a hidden layer of k units in its place costs
# (Z + 1) k + (k + 1) 2 WIDTH * 49, so this k keeps G's parameter count (checked below). D keeps its own network: a
# hidden layer there costs 2 WIDTH * 49 weights a unit, more than D's whole count at a hundred units.
FC_MATCHED = round((Z * 2 * WIDTH * 49 - 2 * WIDTH * 49) / (Z + 1 + 2 * WIDTH * 49))
VARIANTS = {
    "all guidelines": ({}, {}),
    "pooling, no strides": ({"upsample": "nearest"}, {"downsample": "pool"}),
    "no batch norm": ({"norm": "none"}, {"norm": "none"}),
    "FC hidden layer in G (parameter-matched)": ({"fc_hidden": FC_MATCHED}, {}),
    "linear G output": ({"output": "none"}, {}),
    "LeakyReLU in G": ({"activation": "leaky_relu"}, {}),
    "ReLU in D": ({}, {"activation": "relu"}),
}
full_size = count_parameters(make_dcgan()[0])
fc_size = count_parameters(make_dcgan(*VARIANTS["FC hidden layer in G (parameter-matched)"])[0])
assert FC_MATCHED == 97, f"the table above says 97 units, not {FC_MATCHED}"
assert abs(fc_size / full_size - 1) < 0.01, f"the FC variant's G has {fc_size:,} parameters against {full_size:,}"


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

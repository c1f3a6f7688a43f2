here = gu.gan.seeds_summary(runs, batch_size=BATCH)
parts = {"DCGAN (ch. 8)": "08_dcgan", "WGAN (ch. 12)": "12_wgan", "WGAN-GP (ch. 13)": "13_wgan_gp"}
summaries, left_out = {}, []
for label, name in parts.items():
    res, why = gu.results.comparable(name, data)
    summary = (res or {}).get("numbers", {}).get("seeds_summary")
    if summary is None:
        left_out.append(f"{label}: {why or 'its results file has no seeds_summary (run before this comparison existed)'}")
        continue
    summaries[label] = summary
summaries["SNGAN (ch. 14, this run)"] = here
device_of = {label: {s["device"] for s in v["seeds"].values()} for label, v in summaries.items()}
ours = device_of["SNGAN (ch. 14, this run)"]
for label in list(summaries):
    if device_of[label] != ours:
        left_out.append(f"{label}: trained on {', '.join(sorted(device_of[label]))}, not {', '.join(sorted(ours))}")
        summaries.pop(label)


def at_seconds(curve, t):
    """The Fréchet distance of the last check at or before t seconds of training."""
    before = [fd for s, fd in zip(curve["seconds"], curve["fd"]) if s <= t]
    return before[-1] if before else float("nan")


budget = min(seed["seconds"] for v in summaries.values() for seed in v["seeds"].values())
table = {}
for label, v in summaries.items():
    seeds = v["seeds"]
    ids = tuple(int(s) for s in seeds)
    table[label] = {"fd": gu.seeds.Spread(tuple(seeds[s]["fd"] for s in seeds), ids),
                    "score": gu.seeds.Spread(tuple(seeds[s]["score"] for s in seeds), ids),
                    "fd at budget": gu.seeds.Spread(tuple(at_seconds(seeds[s]["curve"], budget) for s in seeds), ids),
                    "hours": gu.seeds.Spread(tuple(seeds[s]["seconds"] / 3600 for s in seeds), ids),
                    "steps": next(iter(seeds.values()))["steps"], "critic": v["critic_steps_per_step"], "batch": v["batch_size"]}
gu.report(f"Mean ± sd over the seeds; training on {', '.join(sorted(ours))}:\n\n"
          f"| model | generator steps × critic steps each, batch | training time (h) | Fréchet distance at {budget / 3600:.2f} h | "
          "Fréchet distance at the end | judge's score at the end |\n| --- | --- | --- | --- | --- | --- |\n"
          + "\n".join(f"| {m} | {t['steps']:,} × {t['critic']:.3g}, {t['batch']} | {t['hours'].format('.2f')} | {t['fd at budget'].format('.4f')} | "
                      f"{t['fd'].format('.4f')} | {t['score'].format('.2f')} |" for m, t in table.items())
          + "".join(f"\n\nLeft out, {w}." for w in left_out))
fig, ax = plt.subplots(figsize=(9, 4))
for i, (label, v) in enumerate(summaries.items()):
    for j, seed in enumerate(v["seeds"].values()):
        ax.plot([s / 3600 for s in seed["curve"]["seconds"]], seed["curve"]["fd"], color=f"C{i}", lw=1, alpha=0.8,
                label=label if j == 0 else None)
ax.axvline(budget / 3600, color="k", ls=":", label="the shortest run")
ax.set(yscale="log", xlabel="hours of training", ylabel="Fréchet distance (2,000 samples)",
       title="the four GANs of this part, every seed, on one device")
ax.legend(fontsize="small")
plt.show()

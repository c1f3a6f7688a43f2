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
elsewhere = {label: ", ".join(sorted(d)) for label, d in device_of.items() if d != ours}  # no time column for these


def at_seconds(curve, t):
    """The Fréchet distance of the last check at or before t seconds of training."""
    before = [fd for s, fd in zip(curve["seconds"], curve["fd"]) if s <= t]
    return before[-1] if before else float("nan")


budget = min(seed["seconds"] for label, v in summaries.items() if label not in elsewhere for seed in v["seeds"].values())
table = {}
for label, v in summaries.items():
    seeds = v["seeds"]
    ids = tuple(int(s) for s in seeds)
    table[label] = {"fd": gu.seeds.Spread(tuple(seeds[s]["fd"] for s in seeds), ids),
                    "score": gu.seeds.Spread(tuple(seeds[s]["score"] for s in seeds), ids),
                    "fd at budget": None if label in elsewhere else
                    gu.seeds.Spread(tuple(at_seconds(seeds[s]["curve"], budget) for s in seeds), ids),
                    "minutes": gu.seeds.Spread(tuple(seeds[s]["seconds"] / 60 for s in seeds), ids),
                    "device": elsewhere.get(label, ", ".join(sorted(ours))),
                    "steps": next(iter(seeds.values()))["steps"], "critic": v["critic_steps_per_step"], "batch": v["batch_size"]}
gu.report("Mean ± sd over the seeds:\n\n"
          f"| model | generator steps × critic steps each, batch | training time (min), device | Fréchet distance at {budget / 60:.1f} min on {', '.join(sorted(ours))} | "
          "Fréchet distance at the end | judge's score at the end |\n| --- | --- | --- | --- | --- | --- |\n"
          + "\n".join(f"| {m} | {t['steps']:,} × {t['critic']:.3g}, {t['batch']} | {t['minutes'].format('.1f')}, {t['device']} | "
                      f"{t['fd at budget'].format('.4f') if t['fd at budget'] else '– (another device)'} | "
                      f"{t['fd'].format('.4f')} | {t['score'].format('.2f')} |" for m, t in table.items())
          + "".join(f"\n\nLeft out, {w}." for w in left_out))
fig, ax = plt.subplots(figsize=(9, 4))
for i, (label, v) in enumerate((k, v) for k, v in summaries.items() if k not in elsewhere):
    for j, seed in enumerate(v["seeds"].values()):
        ax.plot([s / 60 for s in seed["curve"]["seconds"]], seed["curve"]["fd"], color=f"C{i}", lw=1, alpha=0.8,
                label=label if j == 0 else None)
ax.axvline(budget / 60, color="k", ls=":", label="the shortest run")
ax.set(yscale="log", xlabel=f"minutes of training on {', '.join(sorted(ours))}", ylabel="Fréchet distance (2,000 samples)",
       title="the GANs of this part trained on one device, every seed")
ax.legend(fontsize="small")
plt.show()

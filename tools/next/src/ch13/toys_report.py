def over_toy_seeds(toy, method, key):
    return gu.seeds.Spread(tuple(float(toy_runs[toy, method, s][key]) for s in TOY_SEEDS), TOY_SEEDS)


toy_table = {(toy, method): {k: over_toy_seeds(toy, method, k) for k in ("modes", "high_quality", "energy")}
             for toy in TOYS for method in METHODS}
floor = {toy: gu.metrics.energy_distance(toy_data(toy, N_EVAL, seed=2000), toy_data(toy, N_EVAL, seed=1000)) for toy in TOYS}
start = {toy: gu.seeds.Spread(tuple(toy_start[toy, s]["energy"] for s in TOY_SEEDS), TOY_SEEDS) for toy in TOYS}
gu.report(f"Mean ± sd over {len(TOY_SEEDS)} seeds, {TOY_STEPS:,} generator steps:\n\n"
          "| run | modes within 3σ | high-quality samples | energy distance to held-out data |\n| --- | --- | --- | --- |\n"
          + "\n".join(f"| {toy}, {method} | {t['modes'].format('.1f')} of {len(TOYS[toy][0])} | {t['high_quality'].format('.0%')} | "
                      f"{t['energy'].format('.4f')} |" for (toy, method), t in toy_table.items())
          + "\n" + "\n".join(f"| {toy}, untrained generator | – | – | {start[toy].format('.4f')} |\n"
                             f"| {toy}, held-out data (the floor) | – | – | {floor[toy]:.4f} |" for toy in TOYS)
          + "\n\n" + " ".join(gu.seeds.compare(f"on the {toy} the penalty", toy_table[toy, "penalty"]["energy"], "clipping",
                                               toy_table[toy, "clipping"]["energy"], higher_is_better=False, spec=".4f",
                                               what="energy distance") for toy in TOYS))

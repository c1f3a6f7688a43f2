variant = {name: {k: gu.seeds.Spread(tuple(ablation[name, s][k] for s in SEEDS), SEEDS) for k in ("fd", "score")}
           for name in VARIANTS}
base = variant["all guidelines"]
run_seconds = {n: sum(ablation[n, s]["history"].seconds for s in SEEDS) / len(SEEDS) for n in VARIANTS}
POOL = "pooling, no strides"
pool_cost = run_seconds[POOL] / run_seconds["all guidelines"]       # CPU time of a pooling run / a strided run
check_steps = sorted(set.intersection(*(set(runs[s]["history"].checks["step"]) for s in SEEDS)))  # checked in every seed


def at_checks(seed, key, steps=check_steps):
    """The full recipe's check values of `key` (2,000 samples each) in seed `seed`'s run, at the given steps."""
    where = list(runs[seed]["history"].checks["step"])
    return [runs[seed]["history"].checks[key][where.index(step)] for step in steps]


same_cpu = min(check_steps, key=lambda step: abs(step - ABLATION_STEPS * pool_cost))   # about a pooling run's CPU time
full_same_cpu = gu.seeds.Spread(tuple(at_checks(s, "fd", [same_cpu])[0] for s in SEEDS), SEEDS)
gu.report(f"After {ABLATION_STEPS:,} steps, mean ± sd over {len(SEEDS)} seeds (5,000 samples each):\n\n"
          "| variant | parameters (G + D) | seconds a run | Fréchet distance | judge's score |\n| --- | --- | --- | --- | --- |\n"
          + "\n".join(f"| {n} | {ablation[n, SEEDS[0]]['parameters']:,} | "
                      f"{run_seconds[n]:.0f} | {v['fd'].format('.4f')} | "
                      f"{v['score'].format('.2f')} |" for n, v in variant.items())
          + "\n\n" + "\n".join(f"- {gu.seeds.compare(n, v['fd'], 'the full recipe', base['fd'], higher_is_better=False, spec='.4f', what='Fréchet distance')}"
                               for n, v in variant.items() if n != "all guidelines")
          + f"\n\nA pooling run costs {pool_cost:.1f}× the CPU time of a strided one. At about that CPU time (step "
            f"{same_cpu:,}), the full recipe's own checks (above; 2,000 samples a seed against the ablation's 5,000) read a Fréchet distance of "
            f"{full_same_cpu.format('.4f')}. "
          + gu.seeds.compare(f"the full recipe at step {same_cpu:,}", full_same_cpu, f"pooling at step {ABLATION_STEPS:,}",
                             variant[POOL]["fd"], higher_is_better=False, spec=".4f", what="Fréchet distance"))

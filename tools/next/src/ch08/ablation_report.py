variant = {name: {k: gu.seeds.Spread(tuple(ablation[name, s][k] for s in SEEDS), SEEDS) for k in ("fd", "score")}
           for name in VARIANTS}
base = variant["all guidelines"]
gu.report(f"After {ABLATION_STEPS:,} steps, mean ± sd over {len(SEEDS)} seeds (5,000 samples each):\n\n"
          "| variant | parameters (G + D) | seconds a run | Fréchet distance | judge's score |\n| --- | --- | --- | --- | --- |\n"
          + "\n".join(f"| {n} | {ablation[n, SEEDS[0]]['parameters']:,} | "
                      f"{sum(ablation[n, s]['history'].seconds for s in SEEDS) / len(SEEDS):.0f} | {v['fd'].format('.4f')} | "
                      f"{v['score'].format('.2f')} |" for n, v in variant.items())
          + "\n\n" + "\n".join(f"- {gu.seeds.compare(n, v['fd'], 'the full recipe', base['fd'], higher_is_better=False, spec='.4f', what='Fréchet distance')}"
                               for n, v in variant.items() if n != "all guidelines"))

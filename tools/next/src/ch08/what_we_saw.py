def late_dgz(name):
    """D(G(z)) over the last 4 logged values of each seed's ablation run, the lowest and highest over the seeds."""
    ends = [sum(ablation[name, s]["history"]["D(G(z))"][-4:]) / 4 for s in SEEDS]
    return min(ends), max(ends)


LOSERS = ("FC hidden layer in G (parameter-matched)", "linear G output")
lost = max(late_dgz(n)[1] for n in LOSERS)
full_dgz = late_dgz("all guidelines")
epochs = STEPS * 128 / len(data.x_train)                                       # passes over the data
hours = gu.seeds.Spread(tuple(runs[s]["history"].seconds / 3600 for s in SEEDS), SEEDS)
curves = {s: at_checks(s, "score") for s in SEEDS}                              # at the steps every seed checked
late = gu.seeds.late_pace(curves, check_steps)                                 # the last quarter of the checks
to_nine = late.steps_to(9.0, now=spread["score"].mean)                         # more steps at that pace
seconds_per_step = sum(runs[s]["history"].seconds for s in SEEDS) / (len(SEEDS) * STEPS)
samples_terms, test_terms = terms[f"DCGAN samples (seed {median_seed})"], terms["test images"]
mlp_hours = sum(mlp.get("hours_per_seed", {}).values()) / max(len(mlp.get("hours_per_seed", {})), 1)
ranked = {n: gu.seeds.ranking(v["fd"], base["fd"], higher_is_better=False)   # 1: the variant beat the full recipe
          for n, v in variant.items() if n != "all guidelines"}
marginal = {n for n, r in ranked.items() if r and abs(variant[n]["fd"].mean - base["fd"].mean)
            < 1.2 * (variant[n]["fd"].sd + base["fd"].sd)}                   # ranked, but within 1.2 spreads
names = lambda order: ", ".join(n + (" (only just: exercise 1)" if n in marginal else "")   # noqa: E731
                                for n, r in ranked.items() if r == order) or "none"
gu.report(f"""
- **Samples.** After {STEPS:,} steps of 128 ({epochs:.0f} epochs, {hours.format('.2f')} CPU
  hours a seed), the judge gives the DCGAN's 10,000 samples a Fréchet distance of {spread['fd'].format('.4f')} (target
  ≤ 0.02, met by every seed) and a score of {spread['score'].format('.2f')} (target 9.0, reached by no seed; real
  images {real['score']:.2f}). From step {late.start:,} to the end the checks' score rose by only {late.rise.format('.2f')},
  about the checks' own sampling noise (2,000 samples each), and the rise is slowing: at that pace a score of 9 is at
  least {round(to_nine, -3):,.0f} more steps away, {to_nine * seconds_per_step / 3600:.0f} CPU hours a seed — a bound, not a forecast.
- **Where the score goes.** The samples use the ten classes almost evenly ($H(y)$ = {samples_terms['H(y)']:.3f} of
  ln 10 = 2.303), but the judge is unsure of many: $\\mathbb E_x H(y\\mid x)$ = {samples_terms['E H(y|x)']:.3f} against
  {test_terms['E H(y|x)']:.3f} for test images, {samples_terms['unsure']:.0%} of samples read with probability below
  0.9 against {test_terms['unsure']:.1%}. The gap to 9 is malformed digits, not missing ones.
- **Beside chapter 6's MLP** ({mlp.get('epochs', '?')} epochs of SGD in {mlp_hours:.2f} CPU hours a seed, against the DCGAN's
  {epochs:.0f} epochs of Adam in {hours.mean:.2f} hours): {gu.seeds.compare("chapter 6's MLP GAN", mlp_spread["score"], "the DCGAN", spread["score"], spec=".2f", what="the score") if mlp_spread else "not comparable: " + str(mlp_why)}
  {gu.seeds.compare("chapter 6's MLP GAN", mlp_spread["fd"], "the DCGAN", spread["fd"], higher_is_better=False, spec=".4f", what="the Fréchet distance") if mlp_spread else ""}
  On MNIST at these budgets the convolutional networks do not buy better samples; the chapter's case for them rests on
  the ablation and the features below.
- **The guidelines, one broken at a time** ({ABLATION_STEPS:,} steps, Fréchet distance over three seeds): worse than
  the full recipe beyond the spread: {names(-1)}; better: {names(1)}; tied: {names(0)}. Pooling buys its lower
  distance per step with {pool_cost:.1f}× the CPU time a run; given that time, the strided recipe reaches
  {full_same_cpu.mean:.4f} ± {full_same_cpu.sd:.4f} (step {same_cpu:,}), a tie with pooling's {variant[POOL]['fd'].mean:.4f} ±
  {variant[POOL]['fd'].sd:.4f}: at equal CPU time neither way of resizing wins.
- **The curves.** Two variants lose the game: with an FC hidden layer or a linear output, the discriminator ends
  rejecting the fakes (D(G(z)) at most {lost:.2f} over the last logged steps in every seed, against {full_dgz[0]:.2f}–{full_dgz[1]:.2f}
  for the full recipe), and both end far worse in Fréchet distance. Without batch norm the game looks as balanced as
  the full recipe's, yet its samples are worse: a balanced game does not mean good samples.
- **The discriminator's features.** {gu.seeds.compare("the trained discriminator", trained, "the same network with random weights", random_weights, spec=".1%", what="a linear probe with 1,000 labels")}
  Raw pixels: {pixels:.1%}.
""")
median = runs[median_seed]
chapter.record(dataset=data.title, steps=STEPS, seeds=list(SEEDS), width=WIDTH, z_dim=Z,
               generator_parameters=count_parameters(G), discriminator_parameters=count_parameters(make_dcgan()[1]),
               parzen={"mean": spread["Parzen"].mean, "se": spread["Parzen"].sd},
               sample_quality={"DCGAN": {"score": median["score"], "fd": median["fd"], "n": median["n"], "seed": median_seed},
                               "real validation images": real,
                               # the key chapter 18 reads until it is re-run
                               "DCGAN samples": {"score": median["score"], "fid": median["fd"], "n": median["n"]}},
               epochs=epochs,
               seeds_summary=gu.gan.seeds_summary(runs, batch_size=128),
               score_terms=terms,
               ablation_steps=ABLATION_STEPS,
               ablation={n: {k: v.to_dict() for k, v in s.items()} for n, s in variant.items()},
               latent_arithmetic={"transfer": transfer[off].mean().item(), "random_control": control[off].mean().item()},
               linear_probe_1000_labels={"trained DCGAN discriminator": trained.to_dict(), "same network, random weights":
                                         random_weights.to_dict(), "raw pixels": pixels},
               paper={"CIFAR-10 accuracy, DCGAN features + L2-SVM": "82.8%", "SVHN error, 1000 labels": "22.48%"},
               train_seconds=sum(r["history"].seconds for r in runs.values()),
               samples_png=gu.plots.encode_grid(generate(G, 32, Z, seed=2), nrow=16, value_range=(-1, 1)))
results = chapter.save()

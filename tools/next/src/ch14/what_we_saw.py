TARGET_SCORE, TARGET_FD = 9.0, 0.02                   # the book's targets for SNGAN (real test images score about 9.7)
spread = {k: gu.seeds.Spread(tuple(runs[s][k] for s in SEEDS), SEEDS) for k in ("score", "fd")}
curves = {s: runs[s]["history"].checks["score"] for s in SEEDS}
check_steps = runs[SEEDS[0]]["history"].checks["step"]
late = gu.seeds.late_pace(curves, check_steps)                                 # the last quarter of the checks
to_target = late.steps_to(TARGET_SCORE, now=spread["score"].mean)                      # more generator steps at that pace
TRAINED = gu.gan.training_time(runs, shipped_note=", the shipped seeds at once beside other runs")
largest_norm = max(runs[s]["gradient_norm_max"] for s in SEEDS)
score_met = [s for s in SEEDS if runs[s]["score"] >= TARGET_SCORE]
fd_met = [s for s in SEEDS if runs[s]["fd"] <= TARGET_FD]
sigmas = [v for s in SEEDS for v in runs[s]["sigmas"].values()]
bounds = [float(torch.tensor(list(runs[s]["sigmas"].values())).prod()) for s in SEEDS]                  # the product bound of each critic
ours_label = "SNGAN (ch. 14, this run)"
others = [m for m in table if m != ours_label]
versus = " ".join(gu.seeds.compare(ours_label.split(" (")[0], table[ours_label]["fd"], m.split(" (")[0], table[m]["fd"],
                                   higher_is_better=False, spec=".4f",
                                   what="the Fréchet distance at the end of each one's own budget (the table's steps and times)")
                  for m in others)
at_time = " ".join(gu.seeds.compare(ours_label.split(" (")[0], table[ours_label]["fd at budget"], m.split(" (")[0],
                                    table[m]["fd at budget"], higher_is_better=False, spec=".4f",
                                    what=f"the Fréchet distance after {budget / 60:.1f} minutes")
                   for m in others if table[m]["fd at budget"] is not None)
pace_text = (f"{late.per_step * 1000:.2f} per 1,000 generator steps: at that pace a score of {TARGET_SCORE} is about "
             f"{round(to_target, -3):,.0f} generator steps further, {to_target / G_STEPS:.1f} times this budget (a straight line through "
             "noisy checks of 2,000 samples: a rough guide)"
             if late.per_step > 0 else "nothing: more steps at this pace would not reach the target")
gu.report(f"""
- **Samples.** After {G_STEPS:,} generator steps of {BATCH} with one critic step each, SNGAN's 10,000 samples score
  {spread['score'].format('.2f')} with a Fréchet distance of {spread['fd'].format('.4f')}. The score target
  ({TARGET_SCORE}) is met by {len(score_met)} of the {len(SEEDS)} seeds, the Fréchet-distance target (≤ {TARGET_FD}) by {len(fd_met)}.
  Most samples drawn above are digits, several of them malformed.
- **Still improving, slowly.** Over the last quarter of training (steps {late.start:,} to {check_steps[-1]:,}) the score
  rose by {late.rise.format('.2f')}, {pace_text}. The runs shown trained for
  {TRAINED}; on a 2-core CPU a seed takes about
  {CPU_SECONDS_PER_G_STEP * G_STEPS / 3600:.1f} h (estimated from its first 900 steps there: {CPU_SECONDS_PER_G_STEP:.2f} s per generator step with the checks).
- **The critics use little of what the normalisation allows.** The normalised (reshaped) layers' exact spectral norms
  lie between {min(sigmas):.3f} and {max(sigmas):.3f} (one power-iteration step per forward pass lags a little behind
  the weights); their product, {min(bounds):.2f}–{max(bounds):.2f}, would bound the gradient for dense layers but not for
  these convolutions (above). The trained critics' input-gradient norms are {norms['gradient_norm_median'].format('.2f')}
  at the median and at most {largest_norm:.2f} (the mean of the seeds' maxima {norms['gradient_norm_max'].format('.2f')}).
- **Side by side.** {versus} {at_time}{' Not in the table: ' + '; '.join(left_out) + '.' if left_out else ''}
""")
parzen = gu.seeds.Spread(tuple(runs[s]["parzen"]["mean"] for s in SEEDS), SEEDS)
median = runs[median_seed]
chapter.record(dataset=data.title, generator_steps=G_STEPS, critic_steps=G_STEPS, seeds=list(SEEDS), batch=BATCH,
               generator_parameters=gu.models.count_parameters(G), critic_parameters=gu.models.count_parameters(critic),
               power_iteration_estimates=estimates, exact_sigma=exact.item(),
               untrained_sn_gradient_norm={"median": grad_norms.median().item(), "max": grad_norms.max().item()},
               # chapter 20 reads the median seed's norms under this name
               trained_sn_gradient_norm={"median": median["gradient_norm_median"], "max": median["gradient_norm_max"]},
               trained_sn_gradient_norms={k: v.to_dict() for k, v in norms.items()},
               # as chapters 6-13: the mean and sd over the seeds ("se", the key chapter 20 reads), the median seed's own
               parzen={"mean": parzen.mean, "se": parzen.sd, "seeds": parzen.to_dict(), "median_seed": median["parzen"]},
               sample_quality={"SNGAN": {"score": median["score"], "fd": median["fd"], "n": median["n"], "seed": median_seed},
                               # the key chapters 18 and 20 read until they are re-run
                               "SNGAN samples": {"score": median["score"], "fid": median["fd"], "n": median["n"]}},
               sample_quality_seeds={k: v.to_dict() for k, v in spread.items()},
               seeds_summary=here,
               comparison={label: {k: (v.to_dict() if isinstance(v, gu.seeds.Spread) else v) for k, v in t.items()}
                           for label, t in table.items()},
               left_out=left_out,
               train_seconds=sum(r["history"].seconds for r in runs.values()),
               samples_png=gu.plots.encode_grid(samples, nrow=16, value_range=(-1, 1)))
results = chapter.save()

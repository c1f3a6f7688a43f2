TARGET = 8.0                          # the book's target for the WGAN with clipping (real test images score about 9.7)
curves = {s: runs[s]["history"].checks["score"] for s in SEEDS}
check_steps = runs[SEEDS[0]]["history"].checks["step"]
back = min(5, len(check_steps) - 1)                                             # the last quarter of training
late_from = check_steps[-1 - back]
late_rise = gu.seeds.Spread(tuple(c[-1] - c[-1 - back] for c in curves.values()), SEEDS)
pace = late_rise.mean / (check_steps[-1] - late_from)                            # score per generator step
to_target = (TARGET - spread["score"].mean) / pace if pace > 0 else float("inf")
devices = sorted({runs[s]["history"].device for s in SEEDS})
SHARED = (", the shipped seeds at once beside other runs" if all(runs[s]["history"].source in ("shipped", "record only")
                                                                  for s in SEEDS) else "")
seconds = gu.seeds.Spread(tuple(runs[s]["history"].seconds for s in SEEDS), SEEDS)
last_w = {s: runs[s]["history"].checks["W (validation)"][-1] for s in SEEDS}
w_order, fd_order = sorted(SEEDS, key=last_w.get), sorted(SEEDS, key=fds.get)
reached = [s for s in SEEDS if runs[s]["score"] >= TARGET]
low_rho = min(rho.values())
gu.report(f"""
- **Samples.** After {G_STEPS:,} generator steps ({critic_steps:,} critic steps of {BATCH}, about
  {critic_steps * BATCH / len(data.x_train):.0f} passes over the training images), the WGAN's 10,000 samples score
  {spread['score'].format('.2f')} with a Fréchet distance of {spread['fd'].format('.4f')} (real images
  {real['score']:.2f} and {real['fd']:.4f}). The target of {TARGET} is reached by {len(reached) or 'none'} of the {len(SEEDS)} seeds.
  The samples drawn above are strokes of the right thickness on a clean background; some are digits, many are not.
- **Still improving.** Over the last quarter of training (steps {late_from:,} to {check_steps[-1]:,}) the score rose
  by {late_rise.format('.2f')}, {pace * 1000:.2f} per 1,000 generator steps. At that pace {TARGET} is roughly
  {round(to_target, -3):,.0f} generator steps further, {to_target / G_STEPS:.1f} times this budget (a straight line through
  noisy checks of 2,000 samples: a rough guide).
  The runs shown were trained on {', '.join(devices)} in {seconds.format('.0f')} seconds a seed of training (the checks not counted){SHARED}; on a 2-core CPU a seed takes about
  {CPU_SECONDS_PER_G_STEP * G_STEPS / 3600:.1f} h (estimated from its first 250 steps there: {CPU_SECONDS_PER_G_STEP:.2f} s per generator step with
  its critic steps and checks).
- **The estimate tracks quality.** Spearman's ρ between the critic's estimate of W on validation images and the Fréchet
  distance, over the checks after the first: {rhos.format('.2f')}, at least {low_rho:.2f} in every seed: as the estimate falls, the samples improve, as in the paper's Figure 3. Both
  fall with training time, so this says they move together, not that the estimate ranks models: across seeds at the
  end it orders them {', '.join(map(str, w_order))} (lowest estimate first), the Fréchet distance
  {', '.join(map(str, fd_order))}{' (the same order)' if w_order == fd_order else ''}.
- **Clipping.** {at_bounds.format('.0%')} of the drawn critic weights sit exactly at ±c after training and
  {near.format('.0%')} within 5% of it: the pile-up the histograms show. The critic would use larger weights if it could.
""")
median = runs[median_seed]
chapter.record(dataset=data.title, generator_steps=G_STEPS, critic_steps=critic_steps, clip=CLIP, seeds=list(SEEDS),
               spearman_w_vs_fd=rhos.to_dict(), share_weights_at_bounds=at_bounds.to_dict(),
               spearman_w_vs_fid=rhos.mean,                # the name and number chapter 20 reads until re-run
               fid_curve={"step": median["history"].checks["step"], "fid": median["history"].checks["fd"]},  # ch. 13's
               parzen={"mean": spread["Parzen"].mean, "se": spread["Parzen"].sd},
               sample_quality={"WGAN": {"score": median["score"], "fd": median["fd"], "n": median["n"], "seed": median_seed},
                               "real validation images": real,
                               # the key chapter 20 reads until it is re-run
                               "WGAN samples": {"score": median["score"], "fid": median["fd"], "n": median["n"]}},
               seeds_summary=gu.gan.seeds_summary(runs, batch_size=BATCH, critic_steps_per_step=critic_steps / G_STEPS),
               train_seconds=sum(r["history"].seconds for r in runs.values()),
               samples_png=gu.plots.encode_grid(generate(G, 32, Z, seed=2), nrow=16, value_range=(-1, 1)))
results = chapter.save()

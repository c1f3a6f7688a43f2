TARGET = 8.0                          # the book's target for the WGAN with clipping (real test images score about 9.7)
curves = {s: runs[s]["history"].checks["score"] for s in SEEDS}
check_steps = runs[SEEDS[0]]["history"].checks["step"]
late = gu.seeds.late_pace(curves, check_steps)                                 # the last quarter of the checks
to_target = late.steps_to(TARGET, now=spread["score"].mean)                      # more generator steps at that pace
TRAINED = gu.gan.training_time(runs, shipped_note=", the shipped seeds at once beside other runs")
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
- **Still improving.** Over the last quarter of training (steps {late.start:,} to {check_steps[-1]:,}) the score rose
  by {late.rise.format('.2f')}, {late.per_step * 1000:.2f} per 1,000 generator steps. At that pace {TARGET} is roughly
  {round(to_target, -3):,.0f} generator steps further, {to_target / G_STEPS:.1f} times this budget (a straight line through
  noisy checks of 2,000 samples: a rough guide).
  The runs shown were trained for {TRAINED}; on a 2-core CPU a seed takes about
  {CPU_SECONDS_PER_G_STEP * G_STEPS / 3600:.1f} h (estimated from its first 250 steps there: {CPU_SECONDS_PER_G_STEP:.2f} s per generator step with
  its critic steps and checks).
- **The estimate tracks quality.** Spearman's ρ between the critic's estimate of W on validation images and the Fréchet
  distance, over the checks after the first: {rhos.format('.2f')}, at least {low_rho:.2f} in every seed: as the estimate falls, the samples improve, as in the paper's Figure 3. Both
  fall with training time, so this says they move together, not that the estimate ranks models: across seeds at the
  end it orders them {', '.join(map(str, w_order))} (lowest estimate first), the Fréchet distance
  {', '.join(map(str, fd_order))}: another order.
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

hours = {s: r["history"].seconds / 3600 for s, r in runs.items()}
gan = gu.results.load_results().get("06_gan", {}).get("numbers", {}).get("scores", {})       # chapter 6's GAN
gan_fd = gan.get("fd", {}).get("mean")
gan_parzen = gan.get("Parzen", {})                                                          # mean and sd over its seeds
gu.report(f"""
- **The conditional game** is chapter 6's game once per class: a table discriminator trained on it ended at
  $D^*(x\\mid y)$ (largest deviation {(torch.sigmoid(theta) - d_star).abs().max():.0e}) and at the value
  $\\sum_y p(y)\\,[2\\,\\mathrm{{JS}}_y - \\log 4]$.
- **The paper's networks and SGD schedule** on MNIST ({EPOCHS} epochs, {len(SEEDS)} seeds,
  {60 * min(hours.values()):.0f}–{60 * max(hours.values()):.0f} minutes a seed on the 2-core CPU), sampled with the
  dropout they were trained with: the judge names the requested class in **{labels.format('.1%')}** of the samples (target
  95%; real test images {real_accuracy:.1%}); score **{spread['score'].format('.2f')}** (target 8.0; real images
  {real_quality['score']:.2f}), Fréchet distance {spread['fd'].format('.4f')}{f" (chapter 6's unconditional GAN: {gan_fd:.4f})" if gan_fd else ""};
  Parzen window **{spread['Parzen'].format('.0f')} nats**, above the paper's 132 ± 1.8 and below real training images'
  {ceiling['mean']:.0f}{f"; chapter 6's unconditional GAN scored {gan_parzen['mean']:.0f} ± {gan_parzen['sd']:.0f}, so the two papers' order (132 for the conditional model, 225 for the unconditional one) is reversed here" if gan_parzen else ""}.
  The paper kept its best validation estimate and does not say after how long; we measure at the end of 100 epochs.
- **The generator ignores its noise.** Within a class the pixels spread {spread_z['z only'].format('.4f')} when only
  $z$ varies and {spread_z['dropout masks only'].format('.3f')} when only the dropout masks do (real images
  {real_spread:.3f}): the variety comes from dropout. Sampled without it, as generators usually are, each class is
  one image: recall {pr['without dropout']['recall'].format('.2f')} (with dropout
  {pr['with dropout']['recall'].format('.2f')}, real validation images {real_mean['recall']:.2f}), a Parzen window of
  {spread_off['Parzen'].format('.0f')} nats, and a score of {spread_off['score'].format('.2f')}, above real images': a
  judge is most confident on one clean prototype per class. Isola et al. saw the same in pix2pix and kept dropout as
  the only noise (chapter 10).
""")
reproductions = [gu.reproductions.reproduction(
    "Parzen log-likelihood of the test images (nats)", 132, spread["Parzen"], paper_sd=1.8, paper_data="MNIST",
    our_data=data.title, paper_setting="cGAN paper, table 1: MLP generator, maxout discriminator, dropout, SGD",
    our_setting=f"the paper's networks and SGD schedule, {EPOCHS} epochs, {len(SEEDS)} seeds, sampled with dropout",
    gap_reason=f"the paper stops early on the validation likelihood; real training images score {ceiling['mean']:.0f}")]
median = runs[median_seed]
chapter.record(dataset=data.title, epochs=EPOCHS, seeds=list(SEEDS), reproductions=reproductions,
               label_accuracy=labels.to_dict(), classifier_accuracy_real=real_accuracy,
               per_class_accuracy=per_class.mean(0).tolist(),
               generator_parameters=gu.models.count_parameters(G), discriminator_parameters=gu.models.count_parameters(PaperDiscriminator()),
               parzen={"mean": spread["Parzen"].mean, "se": spread["Parzen"].sd}, parzen_ceiling=ceiling, paper_parzen="132 ± 1.8",
               per_seed={str(s): {k: r[k] for k in ("score", "fd", "n", "parzen", "label accuracy", "without dropout", "pixel spread")}
                         for s, r in runs.items()},
               scores={k: v.to_dict() for k, v in spread.items()},
               scores_without_dropout={k: v.to_dict() for k, v in spread_off.items()},
               precision_recall={m: {k: v.to_dict() for k, v in d.items()} for m, d in pr.items()},
               precision_recall_real=real_mean, pixel_spread={k: v.to_dict() for k, v in spread_z.items()},
               pixel_spread_real=real_spread, hours_per_seed=hours,
               sample_quality={"cGAN": {"score": median["score"], "fd": median["fd"], "n": median["n"], "seed": median_seed},
                               "real validation images": real_quality},
               train_seconds=sum(r["history"].seconds for r in runs.values()),
               samples_png=gu.plots.encode_grid(samples_of(G, 4, seed=2)[0][torch.arange(32) % N_CLASSES * 4 + torch.arange(32) // N_CLASSES % 4],
                                                nrow=16, value_range=(0, 1)))
results = chapter.save()

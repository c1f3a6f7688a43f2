curve = nll[headline]
k_mid = KS[min(2, len(KS) - 1)]
gain = curve[1] - curve[KS[-1]]
gain_by_mid = (curve[1] - curve[k_mid]) / gain
pub, cor = keras_stats["published"], keras_stats["corrected"]
checked = iwae_history.checks[f"-L_{K_CHECK}"]
check_epochs = [step * IWAE_BATCH / len(data.x_train) for step in iwae_history.checks["step"]]
half = next(i for i, e in enumerate(check_epochs) if e >= check_epochs[-1] / 2)   # the first check past half-way
late_gain = checked[half] - checked[-1]                                          # nats gained over the second half
hq = quality[headline]
gu.report(f"""
- **The Keras VAE of the notes**, trained for {KERAS_STEPS:,} steps of 16 (the notes': 37,500) with Keras's RMSprop, as
  published weighs its KL by an effective β = {effective_beta:.3f} (checked on a batch) and draws its codes with
  spread σ² instead of σ: on the test images the KL term assumed a mean σ of {pub['sigma the KL assumes']:.3f} while
  the codes were drawn with {pub['sigma of the drawn codes']:.3f}; the KL it computes was
  {pub['KL the loss computes (nats)']:.2f} nats, the KL of the codes it actually draws
  {pub['KL of the drawn codes (nats)']:.2f}. The corrected version (σ, β = 1) had a KL of
  {cor['KL the loss computes (nats)']:.2f} nats with a mean σ of {cor['sigma the KL assumes']:.3f}.
- **The IWAE paper's VAE** ({IWAE_EPOCHS:,} of its {PAPER_EPOCHS:,} epochs, batch {IWAE_BATCH}, its learning-rate
  stages, ReLU) scored **{ours_iwae:.2f} ± {ours_iwae_se:.2f}** nats at k = {KS[-1]} on {iw['images']:,} binarised
  {data.title} test images: {ours_iwae - 86.76:+.2f} nats from the paper's 86.76 (the book's target: ≤ 89). Over the
  second half of its training (epochs {check_epochs[half]:.0f} to {check_epochs[-1]:.0f}) the check on
  {N_CHECK:,} test images fell by {late_gain:.2f} nats. Our 512-256 VAE with d = 20 ({EPOCHS} epochs) scored
  {ours_d20:.2f} on {summaries['MLP VAE (512-256, d = 20)']['images']:,} images.
- **Importance sampling** tightened the headline's bound by {gain:.2f} nats (from the ELBO's {curve[1]:.2f});
  {gain_by_mid:.0%} of that gain was reached with k = {k_mid} samples.
- **Its samples**, {N_SAMPLES:,} pixel means at codes from the prior, score {hq['score']:.2f} with a Fréchet distance of
  {hq['fd']:.4f} by the fixed judge (target 8.0; real images {real_quality['score']:.2f}); the d = 20 VAE's
  {quality['MLP VAE (512-256, d = 20)']['score']:.2f}.
- **The PyTorch example's setup** gave a test loss of {example_test_loss:.1f} here (105.6 published, on MNIST).
- **Raising β** from {BETAS[0]:g} to {BETAS[-1]:g} ({BETA_EPOCHS} epochs each) cut the rate from
  {beta_runs[BETAS[0]]['rate']:.1f} to {beta_runs[BETAS[-1]]['rate']:.1f} nats and raised the distortion from
  {beta_runs[BETAS[0]]['distortion']:.1f} to {beta_runs[BETAS[-1]]['distortion']:.1f}; active code dimensions
  (KL > 0.01 nats) fell from {beta_runs[BETAS[0]]['active']} to {beta_runs[BETAS[-1]]['active']} of 10.
""")
if not chapter.fast:                  # the claims above, checked on the outputs they were written from
    rates = [beta_runs[b]["rate"] for b in BETAS]
    distortions = [beta_runs[b]["distortion"] for b in BETAS]
    assert rates == sorted(rates, reverse=True) and distortions == sorted(distortions), \
        f"the text says raising β lowers the rate and raises the distortion: rates {rates}, distortions {distortions}"
    assert beta_runs[BETAS[-1]]["active"] < beta_runs[BETAS[0]]["active"], "the text says dimensions collapse as β grows"
    assert 0 < gain and 0 < gain_by_mid <= 1, "the text says importance sampling tightened the bound"
    assert late_gain > 0, f"the text says the check fell over the second half of training ({late_gain:+.2f} nats)"
    assert pub["sigma of the drawn codes"] < pub["sigma the KL assumes"], "the text says σ² < σ: the codes are narrower"
chapter.record(dataset=data.title, epochs=EPOCHS, iwae_epochs=IWAE_EPOCHS, iwae_batch=IWAE_BATCH,
               n_test_images_iw=N_IW, n_test_images_headline=iw["images"], test_nll=nll, test_nll_se=nll_se,
               test_nll_d20_k5000=ours_d20, test_nll_iwae_architecture=ours_iwae,
               headline_curve={"epoch": check_epochs, f"-L_{K_CHECK}": list(checked), "test_images": N_CHECK},
               published=PUBLISHED, pytorch_example_test_loss=example_test_loss, keras_vae=keras_stats,
               keras_steps=KERAS_STEPS, effective_beta_keras=effective_beta, reproductions=reproductions,
               sample_quality={**{("VAE" if name == headline else name): {k: q[k] for k in ("score", "fd", "n")}
                                  for name, q in quality.items()},
                               "real validation images": {"score": real_quality["score"], "fd": real_quality["fid"]}},
               beta_epochs=BETA_EPOCHS,
               beta_sweep={str(b): {"rate": r["rate"], "distortion": r["distortion"], "active": r["active"]}
                           for b, r in beta_runs.items()},
               train_seconds={**{f"mlp_d{d}": h.seconds for d, h in histories.items()}, "iwae": iwae_history.seconds})
results = chapter.save()

s, cmp = scores, gu.seeds.compare
gaps = {n: sc["D gap"] for n, sc in s.items() if "D gap" in sc}
learned = [n for n, g in gaps.items() if g.mean > 0.05]
flat = [n for n, g in gaps.items() if g.mean <= 0.05]
gap_text = "; ".join(f"{n} {g.mean:.2f}" for n, g in gaps.items())
default_note = (" (the default's 8×8 discriminator among them: the paper's adversarial term is weak here)"
                if "L1+cGAN" in flat else "")
gu.report(f"""
Over {len(SEEDS)} seeds of {STEPS:,} steps (a ranking needs a gap larger than the two standard deviations added):
- The default, L1 + cGAN with 8×8 patches: the judge reads {100 * s['L1+cGAN']['label accuracy'].mean:.1f}% of its outputs
  as the input's digit (the book's target 95%; real images {100 * real_scores['label accuracy']:.1f}%).
- The discriminators, where they were trained (D(real) − D(fake) at the end): {gap_text}.
- Sharpness (real images {real_scores['sharpness']:.3f}): {cmp("L1 + cGAN", s["L1+cGAN"]["sharpness"], "L1 alone", s["L1"]["sharpness"], spec=".3f")}
  With the encoder-decoder: {cmp("L1 + cGAN", s["encoder-decoder, L1+cGAN"]["sharpness"], "L1 alone", s["encoder-decoder, L1"]["sharpness"], spec=".3f")}
- Fréchet distance (real validation images {real_scores['fd']:.4f}): {cmp("L1 + cGAN", s["L1+cGAN"]["fd"], "L1 alone", s["L1"]["fd"], higher_is_better=False, spec=".4f")}
- Per-pixel error: {cmp("L1 alone", s["L1"]["L1"], "L1 + cGAN", s["L1+cGAN"]["L1"], higher_is_better=False, spec=".3f")}
- Does the discriminator need the edges? Label accuracy: {cmp("cGAN", s["cGAN"]["label accuracy"], "GAN", s["GAN"]["label accuracy"], spec=".3f")}
  With L1: {cmp("L1 + cGAN", s["L1+cGAN"]["label accuracy"], "L1 + GAN", s["L1+GAN"]["label accuracy"], spec=".3f")}
- Skips, per-pixel error: {cmp("the U-Net", s["L1+cGAN"]["L1"], "the encoder-decoder", s["encoder-decoder, L1+cGAN"]["L1"], higher_is_better=False, spec=".3f")}
  Label accuracy: {cmp("the U-Net", s["L1+cGAN"]["label accuracy"], "the encoder-decoder", s["encoder-decoder, L1+cGAN"]["label accuracy"], spec=".3f")}
- Patches, Fréchet distance: {cmp("8×8", s["L1+cGAN"]["fd"], "1×1", s["L1+cGAN, 1×1 (PixelGAN)"]["fd"], higher_is_better=False, spec=".4f")}
  {cmp("8×8", s["L1+cGAN"]["fd"], "16×16", s["L1+cGAN, 16×16"]["fd"], higher_is_better=False, spec=".4f")}
  {cmp("8×8", s["L1+cGAN"]["fd"], "34×34", s["L1+cGAN, 34×34 (ImageGAN)"]["fd"], higher_is_better=False, spec=".4f")}
- **Reading.** On this task L1 alone already comes close: the judge reads {100 * s['L1']['label accuracy'].mean:.1f}% of
  its outputs as the right digit (real images {100 * real_scores['label accuracy']:.1f}%), and its sharpness is within
  {abs(s['L1']['sharpness'].mean - real_scores['sharpness']):.3f} of the real images'. With the U-Net the adversarial
  term changes little; with the encoder-decoder, which must squeeze the outline through 64 numbers, it restores the
  sharpness of real images. Where they were trained, these discriminators separate real from generated pairs (a gap
  above 0.05 at the end): {'; '.join(learned) or 'none'}; these barely do: {'; '.join(flat) or 'none'}{default_note}. Without L1 the conditioning matters most: an
  unconditional discriminator lets the generator drift from its input ({100 * s['GAN']['label accuracy'].mean:.0f}% of
  the GAN's outputs read as the input's digit, where chance is 10%), a conditional one ties it to the edges
  ({100 * s['cGAN']['label accuracy'].mean:.1f}%). With L1, the skips matter more than the loss.
- **Beside the paper.** The GAN row is last in the paper's table 1 and here. The paper's gain of L1 + cGAN over L1
  (0.66 against 0.42 per-pixel accuracy on Cityscapes) does not appear on edges → digits: label accuracy
  {100 * s['L1']['label accuracy'].mean:.1f}% for L1 and {100 * s['L1+cGAN']['label accuracy'].mean:.1f}% for L1 + cGAN.
""")
chapter.record(dataset=data.title, task="edges -> images", steps=STEPS, width=WIDTH, seeds=list(SEEDS), lambda_l1=LAMBDA,
               code=CODE, runs={n: {**{k: v.to_dict() for k, v in sc.items()}, "fid": sc["fd"].to_dict()}  # "fid": chapter 20's name
                                for n, sc in scores.items()},
               real_images=real_scores, paper_fcn=PAPER, discriminator_gaps={n: g.to_dict() for n, g in gaps.items()},
               paper_fcn_per_pixel_accuracy=PAPER["table 1, losses (U-Net, 70×70)"],  # what chapter 20 reads
               train_seconds=sum(h.seconds for _, h in models.values()))
results = chapter.save()

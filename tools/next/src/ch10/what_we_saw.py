s, cmp = scores, gu.seeds.compare
at_chance = [n for n, sc in s.items() if "D accuracy" in sc and sc["D accuracy"].mean < 0.55]
with_l1 = [n for n in s if "L1+" in n and "D accuracy" in s[n]]
gu.report(f"""
Over {len(SEEDS)} seeds of {STEPS:,} steps (a ranking needs a gap larger than the two standard deviations added):
- The default, L1 + cGAN with 8×8 patches: the judge reads {100 * s['L1+cGAN']['label accuracy'].mean:.1f}% of its outputs
  as the input's digit (target 95%; real images {100 * real_scores['label accuracy']:.1f}%); its discriminator
  separates real from generated test pairs {100 * s['L1+cGAN']['D accuracy'].mean:.0f}% of the time.
- Discriminators at chance (accuracy below 55%): {'; '.join(at_chance) if at_chance else 'none'}.
- Sharpness (real images {real_scores['sharpness']:.3f}): {cmp("L1 + cGAN", s["L1+cGAN"]["sharpness"], "L1 alone", s["L1"]["sharpness"], spec=".3f")}
- Fréchet distance (real images {real_scores['fd']:.4f}): {cmp("L1 + cGAN", s["L1+cGAN"]["fd"], "L1 alone", s["L1"]["fd"], higher_is_better=False, spec=".4f")}
- Per-pixel error: {cmp("L1 alone", s["L1"]["L1"], "L1 + cGAN", s["L1+cGAN"]["L1"], higher_is_better=False, spec=".3f")}
- Does the discriminator need the edges? Label accuracy: {cmp("cGAN", s["cGAN"]["label accuracy"], "GAN", s["GAN"]["label accuracy"], spec=".3f")}
  With L1: {cmp("L1 + cGAN", s["L1+cGAN"]["label accuracy"], "L1 + GAN", s["L1+GAN"]["label accuracy"], spec=".3f")}
- Skips: {cmp("the U-Net", s["L1+cGAN"]["label accuracy"], "the encoder-decoder", s["encoder-decoder, L1+cGAN"]["label accuracy"], spec=".3f", what="label accuracy")}
  With L1 alone: {cmp("the U-Net", s["L1"]["label accuracy"], "the encoder-decoder", s["encoder-decoder, L1"]["label accuracy"], spec=".3f", what="label accuracy")}
- Patches, Fréchet distance: {cmp("8×8", s["L1+cGAN"]["fd"], "1×1", s["L1+cGAN, 1×1 (PixelGAN)"]["fd"], higher_is_better=False, spec=".4f")}
  {cmp("8×8", s["L1+cGAN"]["fd"], "16×16", s["L1+cGAN, 16×16"]["fd"], higher_is_better=False, spec=".4f")}
  {cmp("8×8", s["L1+cGAN"]["fd"], "34×34", s["L1+cGAN, 34×34 (ImageGAN)"]["fd"], higher_is_better=False, spec=".4f")}
- **Reading.** On this task L1 alone already reproduces the digits: its outputs' Fréchet distance to the test images
  ({s['L1']['fd'].mean:.4f}) is no larger than that of the real validation images ({real_scores['fd']:.4f}), its
  sharpness ({s['L1']['sharpness'].mean:.3f}) is within {abs(s['L1']['sharpness'].mean - real_scores['sharpness']):.3f} of the real images', and the judge reads
  {100 * s['L1']['label accuracy'].mean:.1f}% of them as the right digit. The adversarial term has nothing left to
  correct, and the discriminators of the runs with L1 end near chance ({'; '.join(f"{n} {100 * s[n]['D accuracy'].mean:.0f}%" for n in with_l1)}).
  What matters here is the conditioning: without L1, an unconditional discriminator lets the generator ignore its
  input ({100 * s['GAN']['label accuracy'].mean:.0f}% of the GAN's outputs read as the input's digit, and they look
  like other digits in the figure), a conditional one ties it to the edges ({100 * s['cGAN']['label accuracy'].mean:.1f}%).
- **Beside the paper.** The GAN row is last in the paper's table 1 and here. The paper's gain of L1 + cGAN over L1
  (0.66 against 0.42 per-pixel accuracy on Cityscapes) does not appear on edges → digits: the outputs of L1 are
  already as close to the test images, by the judge, as other real images are.
""")
chapter.record(dataset=data.title, task="edges -> images", steps=STEPS, width=WIDTH, seeds=list(SEEDS), lambda_l1=LAMBDA,
               code=CODE, runs={n: {**{k: v.to_dict() for k, v in sc.items()}, "fid": sc["fd"].to_dict()}  # "fid": chapter 20's name
                                for n, sc in scores.items()},
               real_images=real_scores, paper_fcn=PAPER, discriminators_at_chance=at_chance,
               paper_fcn_per_pixel_accuracy=PAPER["table 1, losses (U-Net, 70×70)"],  # what chapter 20 reads
               train_seconds=sum(h.seconds for _, h in models.values()))
results = chapter.save()

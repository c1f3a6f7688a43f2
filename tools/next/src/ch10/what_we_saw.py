s, cmp = scores, gu.seeds.compare
at_chance = [n for n, sc in s.items() if "D accuracy" in sc and sc["D accuracy"].mean < 0.55]
gu.report(f"""
Over {len(SEEDS)} seeds of {STEPS:,} steps (a ranking needs a gap larger than the two standard deviations added):
- The default, L1 + cGAN with 8×8 patches: the judge reads {100 * s['L1+cGAN']['label accuracy'].mean:.1f}% of its outputs
  as the input's digit (target 95%; real images {100 * real_scores['label accuracy']:.1f}%); its discriminator
  separates real from generated test pairs {100 * s['L1+cGAN']['D accuracy'].mean:.0f}% of the time.
- Discriminators at chance (accuracy below 55%): {', '.join(at_chance) if at_chance else 'none'}.
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
- TODO: the reading, written once from the book-budget outputs.
""")
chapter.record(dataset=data.title, task="edges -> images", steps=STEPS, width=WIDTH, seeds=list(SEEDS), lambda_l1=LAMBDA,
               code=CODE, runs={n: {**{k: v.to_dict() for k, v in sc.items()}, "fid": sc["fd"].to_dict()}  # "fid": chapter 20's name
                                for n, sc in scores.items()},
               real_images=real_scores, paper_fcn=PAPER, discriminators_at_chance=at_chance,
               paper_fcn_per_pixel_accuracy=PAPER["table 1, losses (U-Net, 70×70)"],  # what chapter 20 reads
               train_seconds=sum(h.seconds for _, h in models.values()))
results = chapter.save()

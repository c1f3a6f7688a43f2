gu.report(f"""
- TODO: the sentences, written once from the book-budget outputs.
""")
reproductions = [gu.reproductions.reproduction(
    "Parzen log-likelihood of the test images (nats)", 132, spread["Parzen"], paper_sd=1.8, paper_data="MNIST",
    our_data=data.title, paper_setting="cGAN paper, table 1: MLP generator, maxout discriminator, dropout, SGD",
    our_setting=f"the paper's networks and SGD schedule, {EPOCHS} epochs, {len(SEEDS)} seeds",
    gap_reason=f"the paper stops early on the validation likelihood; real training images score {ceiling['mean']:.0f}")]
median = runs[median_seed]
chapter.record(dataset=data.title, epochs=EPOCHS, seeds=list(SEEDS), reproductions=reproductions,
               label_accuracy=labels.to_dict(), classifier_accuracy_real=real_accuracy,
               per_class_accuracy=per_class.mean(0).tolist(),
               generator_parameters=gu.models.count_parameters(G), discriminator_parameters=gu.models.count_parameters(PaperDiscriminator()),
               parzen={"mean": spread["Parzen"].mean, "se": spread["Parzen"].sd}, parzen_ceiling=ceiling, paper_parzen="132 ± 1.8",
               per_seed={str(s): {k: r[k] for k in ("score", "fd", "n", "parzen", "label accuracy")} for s, r in runs.items()},
               scores={k: v.to_dict() for k, v in spread.items()},
               sample_quality={"cGAN": {"score": median["score"], "fd": median["fd"], "n": median["n"], "seed": median_seed},
                               "real validation images": real_quality},
               train_seconds=sum(r["history"].seconds for r in runs.values()),
               samples_png=gu.plots.encode_grid(samples_of(G, 4, seed=2)[0][torch.arange(32) % N_CLASSES * 4 + torch.arange(32) // N_CLASSES % 4],
                                                nrow=16, value_range=(0, 1)))
results = chapter.save()

gu.report("""
- TODO: the sentences, written once from the book-budget outputs.
""")
median = runs[median_seed]
chapter.record(dataset=data.title, steps=STEPS, seeds=list(SEEDS), width=WIDTH, z_dim=Z,
               generator_parameters=count_parameters(G), discriminator_parameters=count_parameters(make_dcgan()[1]),
               parzen={"mean": spread["Parzen"].mean, "se": spread["Parzen"].sd},
               sample_quality={"DCGAN": {"score": median["score"], "fd": median["fd"], "n": median["n"], "seed": median_seed},
                               "real validation images": real,
                               # the key and the epochs chapters 14, 18 and 20 read until they are re-run
                               "DCGAN samples": {"score": median["score"], "fid": median["fd"], "n": median["n"]}},
               epochs=STEPS * 128 / len(data.x_train),
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

trained = gu.seeds.Spread(tuple(runs[s]["probe"] for s in SEEDS), SEEDS)
random_weights = []
for seed in SEEDS:
    _, D_random = make_dcgan(seed=100 + seed)
    with gu.models.layers.evaluating(D_random):
        random_weights.append(probe(D_random.features))
random_weights = gu.seeds.Spread(tuple(random_weights), SEEDS)
pixels = probe(lambda x: x.flatten(1))
gu.report("| features (linear classifier, 1,000 labels) | test accuracy |\n| --- | --- |\n"
          f"| trained DCGAN discriminator | {trained.format('.1%')} |\n| same network, random weights | {random_weights.format('.1%')} |\n"
          f"| raw pixels | {pixels:.1%} (one number: no seeds) |\n\n"
          + gu.seeds.compare("the trained discriminator", trained, "random weights", random_weights, spec=".1%",
                             what="the probe's accuracy"))

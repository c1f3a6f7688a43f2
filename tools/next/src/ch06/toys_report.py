def toy_spread(toy, loss, key):
    """A Spread over the seeds of one number per run."""
    return gu.seeds.Spread(tuple(float(key(toy_runs[toy, loss, s][1])) for s in TOY_SEEDS), TOY_SEEDS)


def visited(h, k):
    """Modes covered at one check or more: more than the final count when the generator hopped between modes."""
    return sum(any(c >= 1 / (4 * k) for c in h.checks[f"mode {m}"]) for m in range(k))


toy_end = {(toy, loss): {"modes": toy_spread(toy, loss, lambda h: h.checks["modes"][-1]),
                         "high_quality": toy_spread(toy, loss, lambda h: h.checks["high_quality"][-1]),
                         "visited": toy_spread(toy, loss, lambda h, k=len(TOYS[toy][0]): visited(h, k)),
                         "late_modes": toy_spread(toy, loss, lambda h: sum(h.checks["modes"][CHECKS // 2:]) / len(h.checks["modes"][CHECKS // 2:]))}
           for toy, loss in RUNS}
gu.report(f"Mean ± sd over {len(TOY_SEEDS)} seeds, {TOY_STEPS:,} steps:\n\n"
          "| mixture, generator loss | modes covered at the end | mean over the second half | modes covered at some check | high-quality samples at the end |\n"
          "| --- | --- | --- | --- | --- |\n" + "\n".join(
              f"| {toy}, {loss} | {e['modes'].format('.1f')} of {len(TOYS[toy][0])} | {e['late_modes'].format('.1f')} | "
              f"{e['visited'].format('.1f')} | {e['high_quality'].format('.0%')} |" for (toy, loss), e in toy_end.items())
          + "\n\n" + " ".join(gu.seeds.compare(f"the non-saturating GAN on the {toy}", toy_end[toy, "non-saturating"]["modes"],
                                               "the saturating one", toy_end[toy, "saturating"]["modes"], spec=".1f",
                                               what="modes covered at the end") for toy in TOYS))

# The claims of "What we saw", checked on the outputs they were written from
if not chapter.fast:                  # the fast budget's few steps are not what the text describes
    assert len(score_met) < len(SEEDS), "the text reports the score target per seed; update it if every seed met it"
    assert all(0.9 < v < 1.1 for v in sigmas), "the text says the normalised layers' spectral norms are close to 1"
    assert largest_norm < 0.8, "the text says the trained critics' gradient norms stay well below 1"
    assert late.rise.mean > 0, "the text says the score was still rising"
    assert all(runs[s]["fd"] < runs[s]["history"].checks["fd"][0] for s in SEEDS), "the Fréchet distance fell in training"

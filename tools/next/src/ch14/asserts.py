# The claims of "What we saw", checked on the outputs they were written from
assert len(score_met) < len(SEEDS), "the text reports the score target per seed; update it if every seed met it"
assert all(abs(v - 1) < 5e-3 for s in SEEDS for v in runs[s]["sigmas"].values()), "the text says every layer has norm 1"
assert norms["gradient_norm_max"].mean < 1, "the text says the gradient norms stay below the bound of 1"
assert late_rise.mean > 0, "the text says the score was still rising"
assert all(runs[s]["fd"] < runs[s]["history"].checks["fd"][0] for s in SEEDS), "the Fréchet distance fell in training"

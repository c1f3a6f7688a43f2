# The claims of "What we saw", checked on the outputs they were written from
if not chapter.fast:                  # the fast budget's few steps are not what the text describes
    assert len(reached) < len(SEEDS) and spread["score"].mean < TARGET, "the text says the target was not reached by every seed"
    assert late.per_step > 0 and late.rise.mean > 0, "the text says the score was still rising"
    assert w_order != fd_order, "the text says the estimate and the Fréchet distance order the seeds differently"
    assert low_rho > 0.5, f"the text says the estimate tracks the Fréchet distance in every seed (lowest ρ {low_rho:.2f})"
    assert 0.02 < at_bounds.mean < near.mean < 1, "the text says weights pile up at and just inside ±c"
    assert all(0 < runs[s]["fd"] < runs[s]["history"].checks["fd"][0] for s in SEEDS), "the Fréchet distance fell in training"

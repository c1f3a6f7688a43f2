BOOK = EPOCHS >= 100                                          # the book budget's runs, trained or shipped
early = {s: min(r["history"]["D(G(z))"][:max(len(r["history"]["D(G(z))"]) // 20, 1)]) for s, r in gan_runs.items()}
if BOOK:        # the sentences of the text, checked against the runs they describe
    assert max(early.values()) < 0.1, f"the text says the discriminator wins early on the images: {early}"
    assert all(0.3 < r['history'].seconds / 3600 < 0.5 for r in gan_runs.values()), "the text says under half an hour a seed"
    assert per_seed["score"].mean >= 8.0 and per_seed["fd"].mean < 0.02, "the text says the samples are digits (score ≥ 8, FD < 0.02)"
    assert per_seed["Parzen"].mean + 3 * per_seed["Parzen"].sd < 225 - 2, "the text says the Parzen estimate is below the paper's"
    assert ceiling["mean"] > per_seed["Parzen"].mean, "the text says real images score higher than the samples"


BOOK = EPOCHS >= 100                                          # the book budget's runs, trained or shipped
if BOOK:        # the sentences of the text, checked against the runs they describe
    assert all(0.4 < h < 0.7 for h in hours.values()), f"the text says about half an hour a seed: {hours}"
    assert labels.mean >= 0.95 and spread["score"].mean >= 8.0, "the text says the targets (95%, score 8) are met"
    assert all(runs[s]["pixel spread"]["z only"] < 0.1 * runs[s]["pixel spread"]["dropout masks only"] for s in SEEDS), \
        "the text says the variety comes from dropout, not from z"
    assert all(runs[s]["without dropout"]["precision/recall"]["recall"] < 0.05 for s in SEEDS), \
        "the text says each class is one image without dropout"
    assert pr["with dropout"]["recall"].mean > 0.5, "the text says dropout brings the recall back"
    assert all(runs[s]["without dropout"]["score"] > real_quality["score"] for s in SEEDS), \
        "the text says the score without dropout is above real images'"
    assert spread_off["Parzen"].mean < spread["Parzen"].mean - 50, "the text says the Parzen window falls without dropout"
    assert 132 + 1.8 < spread["Parzen"].mean - spread["Parzen"].sd < ceiling["mean"], "the text says above 132, below real images"
    if gan_parzen:
        assert spread["Parzen"].mean - spread["Parzen"].sd > gan_parzen["mean"] + gan_parzen["sd"], \
            "the text says the cGAN's Parzen estimate is above chapter 6's GAN's"

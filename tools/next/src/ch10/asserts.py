# The claims of "What we saw", checked on the outputs they were written from
if not chapter.fast:                  # the fast budget's few steps are not what the text describes
    assert s["L1"]["label accuracy"].mean > 0.95 and abs(s["L1"]["sharpness"].mean - real_scores["sharpness"]) < 0.01, \
        "the text says L1 alone already comes close"
    assert gu.seeds.ranking(s["encoder-decoder, L1+cGAN"]["sharpness"], s["encoder-decoder, L1"]["sharpness"]) == 1, \
        "the text says the adversarial term restores the encoder-decoder's sharpness"
    assert abs(s["encoder-decoder, L1+cGAN"]["sharpness"].mean - real_scores["sharpness"]) < 0.002, "... to the real images'"
    assert learned and all(gaps[n].mean > 0.05 for n in learned), "the text names the discriminators that separate the pairs"
    assert s["GAN"]["label accuracy"].mean < 0.5 < 0.95 < s["cGAN"]["label accuracy"].mean, "the text says conditioning matters"
    assert min(s, key=lambda n: s[n]["label accuracy"].mean) == "GAN", "the text says the GAN row is last"
    assert gu.seeds.ranking(s["L1+cGAN"]["L1"], s["encoder-decoder, L1+cGAN"]["L1"], higher_is_better=False) == 1, \
        "the text says the skips matter"
    assert gu.seeds.ranking(s["L1+cGAN"]["label accuracy"], s["L1"]["label accuracy"]) == 0, "the text says L1 + cGAN ties L1"
    assert s["L1+cGAN"]["label accuracy"].mean >= 0.95, "the default meets the 95% target"

# The claims of "What we saw", checked on the outputs they were written from
assert s["L1"]["fd"].mean <= real_scores["fd"], "the text says L1's outputs are as close to the test images as real images"
assert abs(s["L1"]["sharpness"].mean - real_scores["sharpness"]) < 0.01, "the text says L1 is nearly as sharp as real images"
assert all(s[n]["D accuracy"].mean < 0.65 for n in with_l1), "the text says the discriminators of the L1 runs end near chance"
assert s["GAN"]["label accuracy"].mean < 0.5 < 0.95 < s["cGAN"]["label accuracy"].mean, "the text says conditioning matters"
assert min(s, key=lambda n: s[n]["label accuracy"].mean) == "GAN", "the text says the GAN row is last"
assert s["L1+cGAN"]["label accuracy"].mean >= 0.95, "the default meets the 95% target"

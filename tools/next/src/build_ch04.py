"""Build tools/next/04_vae_mnist.ipynb from chapters/04_vae_mnist.ipynb: the book-budget version (issue 31): the IWAE
paper's VAE at its batch and learning-rate schedule (its first 1,000 of 3,280 epochs) scored on all 10,000 test
images, the other VAEs at 100 epochs, the Keras VAE of the notes at the notes' budget and RMSprop settings.
Draft: not yet run (see tools/next/notes/ch04_plan.md)."""
from nbparts import chapter, code, md, write


def replaced(cell, *pairs):
    """`cell`'s source with each (old, new) replaced; every old must occur exactly once."""
    s = "".join(cell["source"])
    for old, new in pairs:
        assert s.count(old) == 1, old
        s = s.replace(old, new)
    return code(s) if cell["cell_type"] == "code" else md(s)


src, part = chapter("04_vae_mnist")
cells = src["cells"]
tail6 = "".join(cells[6]["source"])
tail6 = tail6[tail6.index("LATENTS = [2, 20]"):]
tail6 = tail6.replace('# the IWAE paper\'s one-stochastic-layer VAE: 784-200-200-50 (ReLU here, tanh there)\n'
                      'iwae_vae, iwae_history = train_vae("mlp", 50, hidden=(200, 200))\nhistories[50] = iwae_history\n', "")
new = cells[:6] + [code(part("training.py") + "\n\n" + tail6)] + cells[7:9]
new.append(replaced(cells[9], ("the plain auto-encoder of chapter 2", "the plain auto-encoder of chapter 1")))
new += cells[10:12]
new.append(replaced(cells[12], ('epochs=EPOCHS, batch_size=128, transform=gu.data.binarize, desc="plain AE d=20",\n'
                                '       checkpoint=gu.checkpoint_path(f"ch04_plain_ae_20_e{EPOCHS}"))',
                                'epochs=EPOCHS, batch_size=128, transform=gu.data.binarize, desc="plain AE d=20",\n'
                                '       checkpoint=gu.checkpoint_path("ch04_plain_ae_20"))')))
new.append(replaced(cells[13], (
    "with the same network, optimiser and steps.",
    "with the same network, optimiser and steps: the notes' budget, 10 epochs of all 60,000 training images in\n"
    "batches of 16 (37,500 steps), with Keras's RMSprop (ρ = 0.9, ε = 1e-7; PyTorch's defaults differ).")))
new.append(replaced(cells[14],
                    ("KERAS_STEPS = gu.budget(full=300, fast=10, gpu=3900)          # the notes: 10 epochs of batch 16; here batch 128",
                     "KERAS_STEPS = gu.budget(book=37_500, laptop=300, fast=10)      # the notes: 10 epochs of 60,000 in batches of 16\n"
                     "all_train = torch.cat([data.x_train, data.x_val])"),
                    ("gu.fit(model, gu.Update(\"loss\", torch.optim.RMSprop(model.parameters(), lr=1e-3), lambda x, m=model, f=loss: f(m, x)),\n"
                     "           data.x_train, steps=KERAS_STEPS, batch_size=128, seed=0, desc=f\"Keras VAE, {name}\",\n"
                     "           checkpoint=gu.checkpoint_path(f\"ch04_keras_{name}_{KERAS_STEPS}\"))",
                     "keras_rmsprop = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)   # Keras's defaults\n"
                     "    gu.fit(model, gu.Update(\"loss\", keras_rmsprop, lambda x, m=model, f=loss: f(m, x)),\n"
                     "           all_train, steps=KERAS_STEPS, batch_size=16, seed=0, desc=f\"Keras VAE, {name}\",\n"
                     "           checkpoint=gu.checkpoint_path(f\"ch04_keras_{name}\"))")))
new.append(cells[15])
new.append(replaced(cells[16], ('f"{KERAS_STEPS} steps of 128)', 'f"{KERAS_STEPS:,} steps of 16)')))
new.append(replaced(cells[17], (
    "On the 2-core CPU that costs about\na minute per model for 500 test images, so the full run scores the first `N_IW` binarised test images and gives\nthe standard error over them.",
    "On the 2-core CPU that costs about\na minute per model for 500 test images. The IWAE paper's VAE is trained in this cell and scored right after its\n"
    "training on all 10,000 binarised test images, as the paper does (15-20 CPU minutes, kept with its weights);\nthe d = 20 VAE "
    "on the first `N_IW`. Both come with the standard error over the images scored.")))
new += [code(part("iw.py")), md(part("published.md")), code(part("published.py")), cells[21], code(part("beta.py")),
        cells[23], code(part("what_we_saw.py"), ["remove-input"])] + cells[25:]
write("04_vae_mnist", src, new)

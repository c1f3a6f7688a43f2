"""Build tools/next/13_wgan_gp.ipynb from chapters/13_wgan_gp.ipynb: the book-budget version (issue 30): each method
with the authors' own optimiser, the toys at the authors' scale, a fixed-generator panel (the paper's Figure 1), a
coverage measure a diffuse generator cannot win, and three MNIST seeds with the authors' critic (no normalisation)."""
from nbparts import chapter, code, md, write

src, part = chapter("13_wgan_gp", base="3dc5d7b")    # the chapter this draft replaces
cells = src["cells"]
new = cells[:5] + [md(part("toys.md")), code(part("toy_parts.py")), md(part("fixed.md")), code(part("fixed.py")),
                   md(part("toys_trained.md")), code(part("toys_trained.py")), code(part("toys_report.py"), ["remove-input"]),
                   md(part("images.md")), code(part("images.py")), code(part("images_report.py"), ["remove-input"]),
                   md("## What we saw"), code(part("what_we_saw.py"), ["remove-input"]), code(part("asserts.py")),
                   cells[12]]
write("13_wgan_gp", src, new)

"""Build tools/next/10_pix2pix.ipynb from chapters/10_pix2pix.ipynb: the book-budget version (issue 30): the authors'
discriminator layouts (PatchGAN 1, 8, 16, 34), every run three seeds with its discriminator's accuracy measured,
the encoder-decoder with L1 alone and with L1 + cGAN, the paper's numbers in their own captioned block."""
from nbparts import chapter, code, md, write

src, part = chapter("10_pix2pix", base="3dc5d7b")    # the chapter this draft replaces
cells = src["cells"]
new = [md(part("title.md")), cells[1], code(part("imports.py")), md(part("task.md")), cells[4]]
new += [md(part("networks.md")), code(part("patch.py")), md(part("objective.md")), code(part("training.py")),
        md(part("measure.md")), code(part("measure.py"), ["remove-input"]), md(part("paper.md")), code(part("paper.py"), ["remove-input"]),
        md(part("curves.md")), code(part("curves.py")), md("## What we saw"), code(part("what_we_saw.py"), ["remove-input"]),
        code(part("asserts.py")), md(part("exercises.md"))]
write("10_pix2pix", src, new)

"""Build tools/next/12_wgan.ipynb from chapters/12_wgan.ipynb: the book-budget version (issue 30) with the authors'
recipe (their critic with batch norm, their critic schedule), three seeds, the estimate against the Fréchet distance
per seed."""
from nbparts import chapter, code, md, write

src, part = chapter("12_wgan", base="0a6486e")    # the chapter before this draft landed
cells = src["cells"]
new = [md(part("title.md"))] + cells[1:3] + [md(part("dual.md")), md(part("toy.md")), cells[5]]
new += [md(part("recipe.md")), code(part("recipe.py")), md(part("training.md")), code(part("training.py")),
        md(part("tracking.md")), code(part("tracking.py")), md(part("clipping.md")), code(part("clipping.py")),
        md(part("quality.md")), code(part("quality.py"), ["remove-input"]), md("## What we saw"),
        code(part("what_we_saw.py"), ["remove-input"]), code(part("asserts.py")), md(part("exercises.md"))]
write("12_wgan", src, new)

"""Build tools/next/14_sngan.ipynb from chapters/14_sngan.ipynb: the book-budget version (issue 30): SNGAN with the
paper's setting C (one critic step) and the hinge loss over three seeds, and the four GANs of the part compared from
their chapters' results files on one device, by seconds of training."""
from nbparts import chapter, code, md, write

src, part = chapter("14_sngan", base="0a6486e")    # the chapter before this draft landed
cells = src["cells"]
new = [md(part("title.md"))] + cells[1:3] + [md(part("power.md")), cells[4], md(part("loose.md")), cells[6]]
new += [md(part("sngan.md")), code(part("sngan.py")), cells[9], code(part("norms.py")), md(part("side.md")),
        code(part("side.py")), md("## What we saw"), code(part("what_we_saw.py"), ["remove-input"]), code(part("asserts.py")),
        md(part("exercises.md"))]
write("14_sngan", src, new)

"""Build tools/next/06_gan.ipynb from chapters/06_gan.ipynb: the book-budget version (issue 30).

Cells 0-6 and 9-12 are kept; the toys, the MNIST GAN and What we saw are replaced by the cells below."""
from nbparts import chapter, code, md, write

src, part = chapter("06_gan")
cells = src["cells"]
new = cells[:7]                                   # title, install, imports, the game, its check, the two losses
new[0] = md(part("intro.md"))
new[2] = code(part("imports.py"))
new += [md(part("toys.md")), code(part("toys.py")), code(part("toys_report.py"), ["remove-input"])]
new += cells[9:13]                                # the package's copy of the updates pinned, D* learned
new += [code(part("toys_reading.py"), ["remove-input"]), md(part("mnist.md")), code(part("mnist_parts.py")), md(part("pin.md")),
        code(part("pin.py")), md(part("training.md")), code(part("training.py")), md(part("quality.md")),
        code(part("quality.py"), ["remove-input"]), md("## What we saw"), code(part("what_we_saw.py"), ["remove-input"]),
        code(part("asserts.py"))]
new += [md(part("exercises.md"))]
write("06_gan", src, new)

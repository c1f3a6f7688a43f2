"""Build tools/next/08_dcgan.ipynb from chapters/08_dcgan.ipynb: the book-budget version (issue 30): three seeds of
the DCGAN, the guideline ablation over three seeds (with LeakyReLU in G and a parameter-matched FC variant), the
probe's gain over random weights with its spread."""
from nbparts import chapter, code, md, write

src, part = chapter("08_dcgan", base="3dc5d7b")    # the chapter this draft replaces
cells = src["cells"]
new = cells[:3] + [md(part("guidelines.md")), code(part("networks.py"))] + cells[5:8]
new += [code(part("training.py")), md(part("quality.md")), code(part("quality.py"), ["remove-input"]),
        md(part("score.md")), code(part("score.py")),
        md(part("ablation.md")), code(part("ablation.py")), code(part("ablation_report.py"), ["remove-input"])]
new += cells[16:18] + [md(part("arithmetic.md")), code(part("arithmetic.py")), code(part("arithmetic_report.py"), ["remove-input"])]
new += [md(part("probe.md")), code(part("probe.py")), md("## What we saw"), code(part("what_we_saw.py"), ["remove-input"]),
        code(part("asserts.py")), md(part("exercises.md"))]
write("08_dcgan", src, new)

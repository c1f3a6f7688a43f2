"""Build tools/next/07_conditional_gan.ipynb from chapters/07_conditional_gan.ipynb: the book-budget version
(issue 30) with the paper's networks and optimiser (chapter 6's Maxout and paper_sgd, the package copies)."""
from nbparts import chapter, code, md, write

src, part = chapter("07_conditional_gan")
cells = src["cells"]
new = cells[:2] + [code(part("imports.py")), md(part("both.md"))] + cells[4:6]   # title, install, imports, D*(x|y), its check
GOAL = "- find where a generator's variety comes from (its noise or its dropout), with precision and recall per class;\n"
title = "".join(cells[0]["source"]).replace("with one-hot labels joined to the inputs of both networks",
                                           "with the one-hot label fed to both networks")
new[0] = md(title if GOAL in title else title.replace("- score the samples of three seeds",
                                                      GOAL + "- score the samples of three seeds"))   # once
new += [md(part("model.md")), code(part("model.py")), md(part("training.md")), code(part("training.py")),
        md(part("grid.md")), code(part("grid.py")), md(part("labels.md")), code(part("labels.py")),
        md(part("diversity.md")), code(part("diversity.py")),
        md(part("quality.md")), code(part("quality.py"), ["remove-input"]), md("## What we saw"),
        code(part("what_we_saw.py"), ["remove-input"]), code(part("asserts.py")), md(part("exercises.md"))]
write("07_conditional_gan", src, new)

"""Build tools/next/07_conditional_gan.ipynb from chapters/07_conditional_gan.ipynb: the book-budget version
(issue 30) with the paper's networks and optimiser (chapter 6's Maxout and paper_sgd, the package copies)."""
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
src = json.loads((ROOT / "chapters/07_conditional_gan.ipynb").read_text())
cells = src["cells"]
HERE = Path(__file__).parent / "ch07"
part = lambda name: (HERE / name).read_text()  # noqa: E731


def md(text, tags=None):
    c = {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n").splitlines(True)}
    if tags:
        c["metadata"]["tags"] = tags
    return c


def code(text, tags=None):
    c = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
         "source": text.strip("\n").splitlines(True)}
    if tags:
        c["metadata"]["tags"] = tags
    return c


new = cells[:2] + [code(part("imports.py"))] + cells[3:6]     # title, install, imports, D*(x|y) and its check
new += [md(part("model.md")), code(part("model.py")), md(part("training.md")), code(part("training.py")),
        md(part("grid.md")), code(part("grid.py")), md(part("labels.md")), code(part("labels.py")),
        md(part("quality.md")), code(part("quality.py"), ["remove-input"]), md("## What we saw"),
        code(part("what_we_saw.py"), ["remove-input"]), code(part("asserts.py")), md(part("exercises.md"))]
out = copy.deepcopy(src)
out["cells"] = new
for c in out["cells"]:
    if c["cell_type"] == "code":
        c["outputs"], c["execution_count"] = [], None
(ROOT / "tools/next/07_conditional_gan.ipynb").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print("wrote tools/next/07_conditional_gan.ipynb with", len(new), "cells")

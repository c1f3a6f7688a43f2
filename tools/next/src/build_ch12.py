"""Build tools/next/12_wgan.ipynb from chapters/12_wgan.ipynb: the book-budget version (issue 30) with the authors'
recipe (their critic with batch norm, their critic schedule), three seeds, the estimate against the Fréchet distance
per seed."""
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
src = json.loads((ROOT / "chapters/12_wgan.ipynb").read_text())
cells = src["cells"]
HERE = Path(__file__).parent / "ch12"
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


new = [md(part("title.md"))] + cells[1:3] + [md(part("dual.md")), md(part("toy.md")), cells[5]]
new += [md(part("recipe.md")), code(part("recipe.py")), md(part("training.md")), code(part("training.py")),
        md(part("tracking.md")), code(part("tracking.py")), md(part("clipping.md")), code(part("clipping.py")),
        md(part("quality.md")), code(part("quality.py"), ["remove-input"]), md("## What we saw"),
        code(part("what_we_saw.py"), ["remove-input"]), code(part("asserts.py")), md(part("exercises.md"))]
out = copy.deepcopy(src)
out["cells"] = new
for c in out["cells"]:
    if c["cell_type"] == "code":
        c["outputs"], c["execution_count"] = [], None
(ROOT / "tools/next/12_wgan.ipynb").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print("wrote tools/next/12_wgan.ipynb with", len(new), "cells")

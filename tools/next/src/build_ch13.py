"""Build tools/next/13_wgan_gp.ipynb from chapters/13_wgan_gp.ipynb: the book-budget version (issue 30): each method
with the authors' own optimiser, the toys at the authors' scale, a fixed-generator panel (the paper's Figure 1), a
coverage measure a diffuse generator cannot win, and three MNIST seeds with the authors' critic (no normalisation)."""
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
src = json.loads((ROOT / "chapters/13_wgan_gp.ipynb").read_text())
cells = src["cells"]
HERE = Path(__file__).parent / "ch13"
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


new = cells[:5] + [md(part("toys.md")), code(part("toy_parts.py")), md(part("fixed.md")), code(part("fixed.py")),
                   md(part("toys_trained.md")), code(part("toys_trained.py")), code(part("toys_report.py"), ["remove-input"]),
                   md(part("images.md")), code(part("images.py")), code(part("images_report.py"), ["remove-input"]),
                   md("## What we saw"), code(part("what_we_saw.py"), ["remove-input"]), code(part("asserts.py")),
                   cells[12]]
out = copy.deepcopy(src)
out["cells"] = new
for c in out["cells"]:
    if c["cell_type"] == "code":
        c["outputs"], c["execution_count"] = [], None
(ROOT / "tools/next/13_wgan_gp.ipynb").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print("wrote tools/next/13_wgan_gp.ipynb with", len(new), "cells")

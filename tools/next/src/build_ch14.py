"""Build tools/next/14_sngan.ipynb from chapters/14_sngan.ipynb: the book-budget version (issue 30): SNGAN with the
paper's setting C (one critic step) and the hinge loss over three seeds, and the four GANs of the part compared from
their chapters' results files on one device, by seconds of training."""
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
src = json.loads((ROOT / "chapters/14_sngan.ipynb").read_text())
cells = src["cells"]
HERE = Path(__file__).parent / "ch14"
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


new = [md(part("title.md"))] + cells[1:3] + [md(part("power.md"))] + cells[4:7]
new += [md(part("sngan.md")), code(part("sngan.py")), cells[9], code(part("norms.py")), md(part("side.md")),
        code(part("side.py")), md("## What we saw"), code(part("what_we_saw.py"), ["remove-input"]), code(part("asserts.py")),
        cells[15]]
out = copy.deepcopy(src)
out["cells"] = new
for c in out["cells"]:
    if c["cell_type"] == "code":
        c["outputs"], c["execution_count"] = [], None
(ROOT / "tools/next/14_sngan.ipynb").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print("wrote tools/next/14_sngan.ipynb with", len(new), "cells")

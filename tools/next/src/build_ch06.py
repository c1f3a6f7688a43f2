"""Build tools/next/06_gan.ipynb from chapters/06_gan.ipynb: the book-budget version (issue 30).

Cells 0-6 and 9-12 are kept; the toys, the MNIST GAN and What we saw are replaced by the cells below."""
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
src = json.loads((ROOT / "chapters/06_gan.ipynb").read_text())
cells = src["cells"]


def md(text, tags=None):
    c = {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n").splitlines(True)}
    if tags:
        c["metadata"]["tags"] = tags
    return c


def code(text, tags=None):
    c = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": text.strip("\n").splitlines(True)}
    if tags:
        c["metadata"]["tags"] = tags
    return c


HERE = Path(__file__).parent / "ch06"
part = lambda name: (HERE / name).read_text()  # noqa: E731

new = cells[:7]                                   # title, install, imports, the game, its check, the two losses
new[2] = code(part("imports.py"))
new += [md(part("toys.md")), code(part("toys.py")), code(part("toys_report.py"), ["remove-input"])]
new += cells[9:13]                                # the package's copy of the updates pinned, D* learned
new += [md(part("toys_reading.md")), md(part("mnist.md")), code(part("mnist_parts.py")), md(part("pin.md")),
        code(part("pin.py")), md(part("training.md")), code(part("training.py")), md(part("quality.md")),
        code(part("quality.py"), ["remove-input"]), md("## What we saw"), code(part("what_we_saw.py"), ["remove-input"]),
        code(part("asserts.py"))]
new += [md(part("exercises.md"))]
out = copy.deepcopy(src)
out["cells"] = new
for c in out["cells"]:
    if c["cell_type"] == "code":
        c["outputs"], c["execution_count"] = [], None
(ROOT / "tools/next/06_gan.ipynb").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print("wrote tools/next/06_gan.ipynb with", len(new), "cells")

"""Build tools/next/08_dcgan.ipynb from chapters/08_dcgan.ipynb: the book-budget version (issue 30): three seeds of
the DCGAN, the guideline ablation over three seeds (with LeakyReLU in G and a parameter-matched FC variant), the
probe's gain over random weights with its spread."""
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
src = json.loads((ROOT / "chapters/08_dcgan.ipynb").read_text())
cells = src["cells"]
HERE = Path(__file__).parent / "ch08"
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


new = cells[:3] + [md(part("guidelines.md")), code(part("networks.py"))] + cells[5:8]
new += [code(part("training.py")), md(part("quality.md")), code(part("quality.py"), ["remove-input"]),
        md(part("ablation.md")), code(part("ablation.py")), code(part("ablation_report.py"), ["remove-input"])]
new += cells[16:18] + [cells[18], code(part("arithmetic.py")), code(part("arithmetic_report.py"), ["remove-input"])]
new += [md(part("probe.md")), code(part("probe.py")), md("## What we saw"), code(part("what_we_saw.py"), ["remove-input"]),
        code(part("asserts.py")), md(part("exercises.md"))]
out = copy.deepcopy(src)
out["cells"] = new
for c in out["cells"]:
    if c["cell_type"] == "code":
        c["outputs"], c["execution_count"] = [], None
(ROOT / "tools/next/08_dcgan.ipynb").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print("wrote tools/next/08_dcgan.ipynb with", len(new), "cells")

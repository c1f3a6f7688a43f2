"""Copy the figure of the notebook cell tagged ``readme-figure`` to a PNG (the README's picture comes from a run).

    python tools/readme_figure.py chapters/20_evaluation.ipynb book/_static/samples.png
"""
from __future__ import annotations

import base64
import sys
from pathlib import Path


def extract(notebook: Path, out: Path) -> None:
    """Write the first image output of the tagged cell to ``out``; fail clearly if there is none."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if "readme-figure" in c.metadata.get("tags", [])]
    if not cells:
        sys.exit(f"{notebook}: no cell is tagged 'readme-figure'")
    images = [o["data"]["image/png"] for o in cells[0].get("outputs", []) if "image/png" in o.get("data", {})]
    if not images:
        sys.exit(f"{notebook}: the tagged cell has no figure; run the notebook first")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(base64.b64decode(images[0]))
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    extract(Path(sys.argv[1]), Path(sys.argv[2]))

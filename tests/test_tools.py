"""The README's picture is copied from a notebook's output, never drawn by hand."""
import base64
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import readme_figure  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def notebook(tmp_path, tags, with_image=True):
    cell = nbformat.v4.new_code_cell("plot()", metadata={"tags": tags})
    if with_image:
        cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(PNG).decode()})]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"), cell]), path)
    return path


def test_the_tagged_cells_figure_is_written(tmp_path):
    out = tmp_path / "static" / "picture.png"
    readme_figure.extract(notebook(tmp_path, ["readme-figure"]), out)
    assert out.read_bytes() == PNG


@pytest.mark.parametrize("tags, with_image, message", [([], True, "no cell is tagged"),
                                                       (["readme-figure"], False, "run the notebook first")])
def test_missing_tag_or_figure_is_a_clear_error(tmp_path, tags, with_image, message):
    with pytest.raises(SystemExit, match=message):
        readme_figure.extract(notebook(tmp_path, tags, with_image), tmp_path / "out.png")


def test_run_cells_runs_chosen_cells_with_their_source_readable(tmp_path):
    """tools/run_cells.py: magics become pass, --cells and --replace choose and edit, and a function defined in a
    cell has its source (fit fingerprints loss functions by their source text, as in Jupyter)."""
    import json
    import subprocess
    import sys

    cells = ["x = 1\n%matplotlib inline", "x = 100", "from gen_utils.checkpoints import source_text\n"
             "def loss(b):\n    return b * x\nassert source_text(loss).startswith('def loss'), source_text(loss)\n"
             "open(OUT, 'w').write(str(loss(2)))"]
    nb = {"cells": [{"cell_type": "code", "source": c, "metadata": {}, "outputs": []} for c in cells],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path, out = tmp_path / "t.ipynb", tmp_path / "out.txt"
    path.write_text(json.dumps(nb))
    tool = [sys.executable, "tools/run_cells.py", str(path)]
    subprocess.run(tool + ["--cells", "1,3", "--replace", f"OUT=>{str(out)!r}"], check=True)
    assert out.read_text() == "2"
    assert subprocess.run(tool + ["--cells", "1,3"]).returncode == 1          # OUT undefined: the cell fails
    assert subprocess.run(tool + ["--cells", "9"], capture_output=True).returncode != 0
    assert subprocess.run(tool + ["--replace", "NOPE=>x"], capture_output=True).returncode != 0

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

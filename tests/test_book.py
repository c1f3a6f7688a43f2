"""The book's structure: committed notebooks are full runs, in order, error-free, and wired to the site."""
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = (ROOT / "_toc.yml").read_text()


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def notebook(request):
    return request.param, json.loads(request.param.read_text())


def test_there_are_chapters():
    assert len(NOTEBOOKS) >= 2


def test_committed_outputs_are_a_full_run_in_order_without_errors(notebook):
    path, nb = notebook
    cells = code_cells(nb)
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{path.name}: not executed top to bottom in one run"
    outputs = [o for c in cells for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"], f"{path.name} has error outputs"
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3, f"{path.name} shows too few figures"
    text = "".join("".join(o.get("text", "")) for o in outputs if o["output_type"] == "stream")
    assert "full mode" in text and "FAST mode" not in text, f"{path.name} was committed from a fast run"


def test_results_file_of_each_chapter(notebook):
    path, _ = notebook
    results = json.loads((ROOT / "book" / "results" / f"{path.stem}.json").read_text())
    assert results["chapter"] == path.stem and results["mode"] == "full"
    assert results["wall_time_s"] > 0 and results["device"] and results["numbers"]


def test_first_code_cell_installs_from_the_configured_repository_in_colab_only(notebook):
    path, nb = notebook
    first = "".join(code_cells(nb)[0]["source"])
    url = CONFIG["repository"]["url"]
    assert 'if "google.colab" in sys.modules:' in first
    assert re.search(r'%pip install -q "gen-utils @ git\+(\S+)"', first).group(1) == url


def test_every_chapter_is_in_the_table_of_contents_with_exercises_and_references(notebook):
    path, nb = notebook
    assert f"chapters/{path.stem}" in TOC
    markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "## Exercises" in markdown and ":class: dropdown" in markdown
    assert "{footbibliography}" in markdown and "{footcite}" in markdown
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_cited_keys_exist_in_the_bibliography():
    bib = (ROOT / "book" / "references.bib").read_text()
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    for path in NOTEBOOKS:
        for key in re.findall(r"\{footcite\}`([^`]+)`", path.read_text()):
            assert key in keys, f"{path.name} cites unknown key {key}"

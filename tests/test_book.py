"""The book's structure: committed notebooks are full runs, in order, error-free, and wired to the site."""
import json
import re
import sys
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
    assert ("full mode" in text or "book budget" in text) and "FAST mode" not in text and "fast budget" not in text \
        and "laptop budget on" not in text, f"{path.name} was not committed from a book-budget run"


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
    assert re.search(r'%pip install -q "gen-utils(?:\[[\w,]+\])? @ git\+(\S+)"', first).group(1) == url
    tags = code_cells(nb)[0].get("metadata", {}).get("tags", [])
    assert "remove-cell" in tags, f"{path.name}: the Colab install cell must be tagged remove-cell (hidden on the website)"


def test_every_chapter_is_in_the_table_of_contents_with_exercises_and_references(notebook):
    path, nb = notebook
    assert f"chapters/{path.stem}" in TOC
    markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "## Exercises" in markdown and ":class: dropdown" in markdown
    assert "{footbibliography}" in markdown and "{footcite}" in markdown
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_chapters_are_numbered_in_reading_order():
    """The table of contents lists the chapters in the order of their numbers, and each title carries its number."""
    in_toc = re.findall(r"file: chapters/(\d\d)_", TOC)
    assert in_toc == sorted(in_toc) == [p.stem[:2] for p in NOTEBOOKS], f"table of contents order: {in_toc}"
    for path in NOTEBOOKS:
        title = "".join(json.loads(path.read_text())["cells"][0]["source"]).splitlines()[0]
        assert title.startswith(f"# {int(path.stem[:2])}. "), f"{path.name}: title {title!r} does not carry its number"
    intro = (ROOT / "book" / "intro.md").read_text()
    listed = [int(n) for n in re.findall(r"^\| (\d+)(?:–\d+)?\. ", intro, flags=re.M)]
    assert listed == sorted(listed), f"book/intro.md lists chapters out of order: {listed}"


def test_cited_keys_exist_in_the_bibliography():
    bib = (ROOT / "book" / "references.bib").read_text()
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    for path in NOTEBOOKS:
        for key in re.findall(r"\{footcite\}`([^`]+)`", path.read_text()):
            assert key in keys, f"{path.name} cites unknown key {key}"


def test_every_bibliography_entry_links_to_the_paper():
    bib = (ROOT / "book" / "references.bib").read_text()
    entries = re.split(r"(?m)^(?=@)", bib)
    for entry in filter(str.strip, entries):
        key = re.match(r"@\w+\{([^,]+),", entry).group(1)
        link = re.search(r"(?m)^\s*(doi|url)\s*=\s*\{([^}]+)\}", entry)
        assert link, f"{key} has neither a doi nor a url"
        if link.group(1) == "url":
            assert link.group(2).startswith("https://"), f"{key}: {link.group(2)} is not an https link"
        else:
            assert re.fullmatch(r"10\.\d{4,}/\S+", link.group(2)), f"{key}: {link.group(2)} is not a DOI"


def test_licences_are_there_and_named_in_the_readme_and_the_footer():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in (ROOT / "LICENSE-text.md").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "(LICENSE)" in readme and "(LICENSE-text.md)" in readme
    footer = CONFIG["html"]["extra_footer"]
    assert "MIT" in footer and "CC BY 4.0" in footer
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text()


def test_one_python_version_everywhere():
    pyproject = (ROOT / "pyproject.toml").read_text()
    minimum = re.search(r'requires-python = ">=(3\.\d+)"', pyproject).group(1)
    assert f"python>={minimum}" in (ROOT / "environment.yml").read_text()
    for page in ("README.md", "book/usage.md"):
        said = set(re.findall(r"Python (3\.\d+) or newer", (ROOT / page).read_text()))
        assert said == {minimum}, f"{page} says Python {said or 'nothing'} or newer, pyproject {minimum}"


def test_the_site_builder_installs_the_book_extra_and_no_torch():
    pyproject = (ROOT / "pyproject.toml").read_text()
    extra = re.search(r"(?ms)^book = \[(.*?)\]", pyproject).group(1)
    extra = sorted(re.findall(r'"([^"]+)"', extra))
    requirements = sorted(line.strip() for line in (ROOT / "book" / "requirements.txt").read_text().splitlines()
                          if line.strip() and not line.startswith("#"))
    assert extra == requirements, f"pyproject's book extra {extra} and book/requirements.txt {requirements} differ"
    assert not [r for r in requirements if r.startswith(("torch", "gen-utils"))], "the site build needs no torch"


def test_the_repository_url_is_written_one_way():
    url = CONFIG["repository"]["url"]
    owner = url.split("github.com/")[1].split("/")[0]
    for page in ("README.md", *(p.relative_to(ROOT) for p in (ROOT / "book").glob("*.md"))):
        for found in re.findall(rf"https://github\.com/{owner}/[\w.-]+", (ROOT / page).read_text()):
            assert found == url, f"{page} links to {found}, the configured repository is {url}"


def test_cells_that_only_print_prose_are_hidden_on_the_site_and_collapsed(notebook):
    sys.path.insert(0, str(ROOT / "tools"))
    from tag_report_cells import TAG, report_only

    path, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and report_only("".join(cell["source"])):
            meta = cell.get("metadata", {})
            assert TAG in meta.get("tags", []) and meta.get("jupyter", {}).get("source_hidden"), \
                f"{path.name} cell {i} only prints prose: run tools/tag_report_cells.py"
    assert report_only("x = 1\ngu.report(f'{x}')") and not report_only("gu.fit(m)\ngu.report('a')")


def test_each_chapter_page_gets_a_budget_box_written_from_its_files(notebook, tmp_path):
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import budget_box

    path, _ = notebook
    lines = budget_box.box_lines(path.stem)
    shown = json.loads((ROOT / "book" / "results" / f"{path.stem}.json").read_text())
    assert f"{shown['device']} ({shown['date']})" in lines[0] and lines[-1].startswith("GPU:")
    # a chapter with a shipped run and a laptop record says so, from those files alone
    (tmp_path / "book" / "results" / "laptop").mkdir(parents=True)
    (tmp_path / "gen_utils" / "weights").mkdir(parents=True)
    (tmp_path / "book" / "results" / "x.json").write_text(json.dumps(
        {"budget": "book", "wall_time_s": 90, "device": "cpu (2 threads)", "date": "d"}))
    (tmp_path / "book" / "results" / "laptop" / "x.json").write_text(json.dumps(
        {"wall_time_s": 600, "device": "cpu (2 threads)", "date": "e"}))
    (tmp_path / "gen_utils" / "weights" / "chx_s0.json").write_text(json.dumps(
        {"name": "chx_s0", "chapter": "x", "steps": 5000, "train_seconds": 7200, "device": "cpu (2 threads)",
         "weights_shipped": True, "bytes": 2_000_000}))
    text = " ".join(budget_box.box_lines("x", tmp_path))
    assert "the book budget: the run took 90 s" in text and "1 run(s) of 5,000 steps" in text and "2.0 h" in text
    assert "the weights of chx_s0 (2.0 MB)" in text and "Laptop budget (GEN_UTILS_BUDGET=laptop): 10.0 min" in text
    assert "GPU: not measured." in text


def test_the_committed_notebooks_stay_within_40_mb():
    """Figures are drawn at twice the pixels (projectors); the book's notebooks must stay small enough to clone."""
    total = sum(p.stat().st_size for p in NOTEBOOKS)
    assert total <= 40e6, f"the chapters' notebooks weigh {total / 1e6:.1f} MB (limit 40 MB)"

"""The printable book (``make pdf``): every chapter's title in the text, every chapter's figures on its pages.

Printing the whole site takes about two minutes on a 2-core CPU, so this test runs in ``make test-pdf`` (which
builds the PDF first), not in ``make test``; it skips when no PDF has been built.
"""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "_build" / "pdf" / "book.pdf"
pytestmark = pytest.mark.skipif(not PDF.is_file() or not shutil.which("pdftotext"),
                                reason="no printed book (make pdf) or no poppler-utils")


def notebook_figures(path: Path) -> int:
    nb = json.loads(path.read_text())
    return sum("image/png" in o.get("data", {}) for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"])


def test_the_book_has_every_chapter_title():
    text = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        title = "".join(nb["cells"][0]["source"]).splitlines()[0].lstrip("# ").strip()
        assert re.sub(r"\s+", " ", title)[:40] in flat, f"{path.stem}: title {title!r} not in the PDF"
    assert "Bibliography" in flat or "References" in flat


def test_every_chapter_prints_its_figures():
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        page = PDF.parent / "pages" / f"chapters__{path.stem}.pdf"
        listing = subprocess.run(["pdfimages", "-list", str(page)], capture_output=True, text=True, check=True).stdout
        printed = sum(1 for line in listing.splitlines()[2:] if line.split()[8:9] == ["image"])  # PNG figures
        expected = notebook_figures(path)
        assert abs(printed - expected) <= max(1, round(0.1 * expected)), f"{path.stem}: {printed} figures printed, {expected} in the notebook"

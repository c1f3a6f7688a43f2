"""Print the whole book to one PDF: the built website's pages in the order of the table of contents.

    python tools/book_pdf.py [--site _build/html] [--out _build/pdf/book.pdf]      # or: make pdf

Each page (the introduction, the twenty chapters, the bibliography and the other pages of ``_toc.yml``) is
printed by headless Chromium from the built site, after MathJax has typeset its formulas, to ``<out dir>/pages/``;
poppler's ``pdfunite`` joins them. Both come from Debian (``apt-get install chromium poppler-utils``); nothing is
fetched from the network. Prints the page count, the size and the time taken.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
         "--no-pdf-header-footer", "--virtual-time-budget=30000", "--run-all-compositor-stages-before-draw")


def toc_pages() -> list[str]:
    """The site's pages in reading order (``_toc.yml``), as paths without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part.get("chapters", [])]
    return pages


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed: apt-get install {package}")
    return found


def print_page(chromium: str, html: Path, pdf: Path) -> None:
    """One page of the site to ``pdf`` (atomically)."""
    with tempfile.TemporaryDirectory() as profile:
        tmp = pdf.with_suffix(".tmp.pdf")
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}", html.resolve().as_uri()],
                       check=True, capture_output=True, timeout=300)
        tmp.replace(pdf)


def pages_of(pdf: Path) -> int:
    info = subprocess.run([tool("pdfinfo", "poppler-utils"), str(pdf)], check=True, capture_output=True, text=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / "book.pdf")
    parser.add_argument("--pages", nargs="*", default=None, help="only these pages (paths as in _toc.yml)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or tool("chromium", "chromium")
    unite = tool("pdfunite", "poppler-utils")
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"no website in {args.site}: run `make book` first")
    started = time.perf_counter()
    folder = args.out.parent / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for page in args.pages or toc_pages():
        html = args.site / f"{page}.html"
        if not html.is_file():
            raise SystemExit(f"{html} is missing from the built site: run `make book`")
        pdf = folder / f"{page.replace('/', '__')}.pdf"
        print_page(chromium, html, pdf)
        parts.append(pdf)
        print(f"{page}: {pages_of(pdf)} pages", flush=True)
    tmp = args.out.with_suffix(".tmp.pdf")
    subprocess.run([unite, *map(str, parts), str(tmp)], check=True)
    tmp.replace(args.out)
    print(f"{args.out}: {pages_of(args.out)} pages, {args.out.stat().st_size / 1e6:.1f} MB, "
          f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build a reveal.js deck per chapter from the same notebooks: the lecture's skeleton, no code.

    python tools/slides.py [chapters/09_infogan.ipynb ...] [--out _build/slides] [--reveal DIR]

What goes on the slides is read off the notebook, so a deck follows its chapter's text and committed outputs:

- the title and the question (the first markdown cell), then its learning goals;
- one slide per section (a ``## `` heading) with its display equations ($$ ... $$), or its first paragraph where it
  has none;
- every figure the code cells drew (their PNG outputs), under the section they belong to;
- every table a cell printed (``gu.report`` output), and the "What we saw" summary;
- nothing of the exercises and references, and no code.

A cell tagged ``slides-skip`` is left out; a markdown cell tagged ``slides`` is shown whole. reveal.js comes from
its npm package (``npm install reveal.js@5`` into ``--reveal``, by ``make slides``) and MathJax from the book's
own copy (book/_static/mathjax): both are copied beside the decks, so they open offline. Each deck is
``<out>/<chapter>.slides.html``; when the website is built (``_build/html``), the decks are copied to its
``slides/`` folder too, where each chapter page links to its deck.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STOP_SECTIONS = ("exercises", "references")
MAX_TABLE_ROWS = 14

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} (slides)</title>
<link rel="stylesheet" href="reveal.js/dist/reveal.css">
<link rel="stylesheet" href="reveal.js/dist/theme/white.css">
<style>
.reveal {{ font-size: 30px; }}
.reveal h1 {{ font-size: 1.7em; }} .reveal h2 {{ font-size: 1.3em; }}
.reveal img.figure {{ max-height: 560px; max-width: 100%; margin: 0; }}
.reveal table {{ font-size: 0.55em; }}
.reveal section {{ text-align: left; }}
.reveal .small {{ font-size: 0.7em; }}
</style>
<script>
window.MathJax = {{tex: {{inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]]}},
                  startup: {{typeset: true}}}};
</script>
<script src="mathjax/tex-mml-chtml.js" id="MathJax-script"></script>
</head>
<body>
<div class="reveal"><div class="slides">
{slides}
</div></div>
<script src="reveal.js/dist/reveal.js"></script>
<script>Reveal.initialize({{hash: true, width: 1280, height: 800, margin: 0.04, slideNumber: "c/t"}});</script>
</body>
</html>
"""


def _markdown():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    try:  # keep $...$ and $$...$$ verbatim for MathJax
        from mdit_py_plugins.dollarmath import dollarmath_plugin
        md.use(dollarmath_plugin, renderer=lambda content, opts: (
            f"$${html.escape(content)}$$" if opts.get("display_mode") else f"${html.escape(content)}$"))
    except ImportError:
        pass
    return md


def _myst_to_markdown(text: str) -> str:
    """Plain markdown for a slide: admonitions and footcites of the book's MyST reduced to their text."""
    text = re.sub(r"\{footcite[pt]?\}`([^`]*)`", lambda m: f"[{m.group(1)}]", text)
    text = re.sub(r"\{(?:doc|ref|numref)\}`([^`<]*)(?:<[^>]*>)?`", lambda m: m.group(1).strip(), text)
    text = re.sub(r"^:::\{admonition\}\s*(.*)$", r"**\1**", text, flags=re.M)
    text = re.sub(r"^:::.*$|^:class:.*$", "", text, flags=re.M)
    return text


def _section(title: str, body: str, cls: str = "") -> str:
    return f'<section{f" class={cls!r}" if cls else ""}>\n<h2>{html.escape(title)}</h2>\n{body}\n</section>'


def _first_paragraph(text: str, words: int = 70) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip() and not p.lstrip().startswith(("#", "|", "```"))]
    if not paragraphs:
        return ""
    w = paragraphs[0].split()
    return " ".join(w[:words]) + (" …" if len(w) > words else "")


def _display_math(text: str) -> list[str]:
    return [m.strip() for m in re.findall(r"\$\$(.+?)\$\$", text, flags=re.S)]


def _trim_table(markdown: str) -> str:
    """A printed markdown table cut to MAX_TABLE_ROWS rows (the rest is in the chapter)."""
    lines = markdown.splitlines()
    rows = [i for i, line in enumerate(lines) if line.lstrip().startswith("|")]
    if len(rows) <= MAX_TABLE_ROWS + 2:
        return markdown
    cut = rows[MAX_TABLE_ROWS + 2]
    return "\n".join(lines[:cut] + [f"\n*… {len(rows) - MAX_TABLE_ROWS - 2} more rows in the chapter*"])


def deck(notebook: Path) -> tuple[str, int]:
    """The HTML of ``notebook``'s deck and its number of slides."""
    nb = json.loads(notebook.read_text())
    md = _markdown()
    slides: list[str] = []
    title, section, stopped = notebook.stem, "", False
    for i, cell in enumerate(nb["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        src = "".join(cell["source"])
        if "slides-skip" in tags or "remove-cell" in tags:
            continue
        if cell["cell_type"] == "markdown":
            src = _myst_to_markdown(src)
            heading = re.match(r"^(#{1,3})\s+(.*)$", src.strip().splitlines()[0]) if src.strip() else None
            if i == 0 or (heading and heading.group(1) == "#"):
                title = heading.group(2) if heading else title
                rest = src.split("\n", 1)[1] if "\n" in src else ""
                goals = rest.split("**Learning goals.**")
                slides.append(f'<section>\n<h1>{html.escape(title)}</h1>\n{md.render(goals[0].strip())}\n</section>')
                if len(goals) > 1:
                    slides.append(_section("Learning goals", md.render(goals[1].strip()), "small"))
                continue
            if heading and heading.group(1) == "##":
                section = heading.group(2).strip()
                stopped = section.lower().startswith(STOP_SECTIONS)
                if stopped:
                    continue
                if "slides" in tags:
                    slides.append(_section(section, md.render(src.split("\n", 1)[1] if "\n" in src else "")))
                    continue
                equations = _display_math(src)
                body = "".join(f"<p>$${html.escape(e)}$$</p>" for e in equations[:3]) if equations else \
                    md.render(_first_paragraph(src.split("\n", 1)[1] if "\n" in src else ""))
                slides.append(_section(section, body))
            elif not stopped and "slides" in tags:
                slides.append(_section(section or title, md.render(src)))
            continue
        if stopped or cell["cell_type"] != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                png = "".join(data["image/png"]).replace("\n", "")
                slides.append(_section(section or title, f'<img class="figure" src="data:image/png;base64,{png}" '
                                                         'alt="figure">'))
            elif "text/markdown" in data:
                text = "".join(data["text/markdown"]).strip()
                if "|" in text or section.lower().startswith("what we saw"):
                    slides.append(_section(section or title, md.render(_myst_to_markdown(_trim_table(text))), "small"))
    body = "\n".join(slides)
    return PAGE.format(title=html.escape(title), slides=body), len(slides)


def install_assets(out: Path, reveal: Path) -> None:
    """reveal.js (its dist/ folder, from the npm package) and the book's MathJax, beside the decks."""
    src = reveal / "node_modules" / "reveal.js" / "dist" if (reveal / "node_modules").is_dir() else reveal / "dist"
    if not (src / "reveal.js").is_file():
        raise SystemExit(f"reveal.js is not installed in {reveal}: run `npm install --prefix {reveal} reveal.js@5` "
                         "(make slides does)")
    shutil.rmtree(out / "reveal.js", ignore_errors=True)
    shutil.copytree(src, out / "reveal.js" / "dist")
    shutil.rmtree(out / "mathjax", ignore_errors=True)
    shutil.copytree(ROOT / "book" / "_static" / "mathjax", out / "mathjax")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "slides")
    parser.add_argument("--reveal", type=Path, default=ROOT / "_build" / "reveal")
    args = parser.parse_args()
    notebooks = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    args.out.mkdir(parents=True, exist_ok=True)
    install_assets(args.out, args.reveal)
    for nb in notebooks:
        page, n = deck(nb)
        target = args.out / f"{nb.stem}.slides.html"
        tmp = target.with_suffix(".tmp")
        tmp.write_text(page)
        tmp.replace(target)
        print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: {n} slides")
    site = ROOT / "_build" / "html"
    if site.is_dir() and args.out.resolve() != (site / "slides").resolve():
        shutil.rmtree(site / "slides", ignore_errors=True)
        shutil.copytree(args.out, site / "slides")
        print(f"copied into {(site / 'slides').relative_to(ROOT)} (the website's links to the decks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

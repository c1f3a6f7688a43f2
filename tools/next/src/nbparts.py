"""Shared by the build_chNN.py scripts: notebook cells from text, a chapter's parts, and writing the next version."""
import copy
import hashlib
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def md(text, tags=None):
    """A markdown cell."""
    c = {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n").splitlines(True)}
    if tags:
        c["metadata"]["tags"] = tags
    return c


def code(text, tags=None):
    """A code cell without outputs."""
    c = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
         "source": text.strip("\n").splitlines(True)}
    if tags:
        c["metadata"]["tags"] = tags
    return c


def chapter(name, base=None):
    """(the committed notebook chapters/<name>.ipynb as JSON, a reader of tools/next/src/chNN/<part>). ``base``: a
    git commit to read the notebook at instead (a landed draft is built from the chapter it replaced)."""
    if base is None:
        src = json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text())
    else:
        src = json.loads(subprocess.run(["git", "show", f"{base}:chapters/{name}.ipynb"], cwd=ROOT, check=True,
                                        capture_output=True, text=True).stdout)
    here = Path(__file__).parent / f"ch{name[:2]}"
    return src, lambda part: (here / part).read_text()


def write(name, src, cells):
    """Write tools/next/<name>.ipynb: src's metadata with `cells`, every code cell's outputs cleared."""
    out = copy.deepcopy(src)
    out["cells"] = cells
    seen = set()
    for k, c in enumerate(out["cells"]):
        if c["cell_type"] == "code":
            c["outputs"], c["execution_count"] = [], None
        if not c.get("id") or c["id"] in seen:       # nbformat 4.5 wants a unique id per cell: one from its place and text
            c["id"] = hashlib.sha1(f"{k}:{''.join(c['source'])}".encode()).hexdigest()[:8]
        seen.add(c["id"])
    (ROOT / "tools" / "next" / f"{name}.ipynb").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote tools/next/{name}.ipynb with {len(cells)} cells")

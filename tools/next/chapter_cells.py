"""A chapter's own cells, run in a script (exercise solutions, pilots): its imports cell, then chosen definitions."""
from __future__ import annotations

import json
import linecache
from pathlib import Path


def chapter_sources(notebook: str | Path, *pieces: tuple[str, str | None]) -> list[str]:
    """The source of the notebook's imports cell (the first code cell that makes ``gu.Chapter(``) and, for each
    ``(marker, stop)``, of the first code cell whose text starts with or contains ``marker``, cut just before the
    first ``stop`` (the cell's runs, which the script replaces; ``None``: the whole cell)."""
    cells = ["".join(c["source"]) for c in json.loads(Path(notebook).read_text())["cells"] if c["cell_type"] == "code"]
    out = []
    for marker, stop in (("gu.Chapter(", None), *pieces):
        found = next((c for c in cells if c.startswith(marker)), None) or next((c for c in cells if marker in c), None)
        if found is None:
            raise ValueError(f"{notebook} has no code cell with {marker!r}: was the chapter rewritten? Update the "
                             "script's markers to the cells it needs")
        if stop is not None and stop not in found:
            raise ValueError(f"{notebook}: the cell with {marker!r} has no {stop!r} to stop at")
        out.append(found if stop is None else found.split(stop)[0] + "\n")     # the last line keeps its newline
    return out


def chapter_namespace(notebook: str | Path, *pieces: tuple[str, str | None]) -> dict:
    """One namespace in which :func:`chapter_sources` have run, in order. Each source is registered as IPython does,
    so that ``fit`` reads the functions' source and fingerprints them as the chapter's own run did (a shipped record
    made in Jupyter then loads here instead of training again)."""
    ns: dict = {}
    for i, source in enumerate(chapter_sources(notebook, *pieces)):
        filename = f"<{Path(notebook).name} piece {i}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), ns)
    return ns

"""tools/next/chapter_cells.py: scripts run a chapter's own cells, cut before its runs, or say which marker is gone."""
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "next"))
import chapter_cells  # noqa: E402


def notebook(tmp_path, *sources):
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "markdown", "source": ["gu.Chapter( in prose"]}]
                               + [{"cell_type": "code", "source": [s]} for s in sources]}))
    return path


def test_the_imports_cell_and_the_chosen_cells_run_up_to_their_stop(tmp_path):
    path = notebook(tmp_path, "A = 1  # gu.Chapter(", "x = 5\ndef f():\n    return A + 1\nRUNS = f()\nraise SystemExit",
                    "def g():\n    return 2")
    ns = chapter_cells.chapter_namespace(path, ("def f", "\nRUNS ="), ("def g", None))
    assert ns["A"] == 1 and ns["f"]() == 2 and ns["g"]() == 2 and "RUNS" not in ns


def test_a_cell_starting_with_the_marker_comes_before_one_that_mentions_it(tmp_path):
    path = notebook(tmp_path, "B = 0  # gu.Chapter(", "print('edges = later')", "edges = 3")
    assert chapter_cells.chapter_sources(path, ("edges = ", None))[1] == "edges = 3"


@pytest.mark.parametrize("pieces, match", [((("def missing", None),), "no code cell with 'def missing'"),
                                           ((("def f", "\nNOPE"),), "no '\\\\nNOPE' to stop at")])
def test_a_rewritten_chapter_is_explained(tmp_path, pieces, match):
    path = notebook(tmp_path, "C = 0  # gu.Chapter(", "def f():\n    pass")
    with pytest.raises(ValueError, match=match):
        chapter_cells.chapter_sources(path, *pieces)


def test_the_functions_source_can_be_read_as_in_jupyter(tmp_path):
    import inspect

    path = notebook(tmp_path, "D = 0  # gu.Chapter(", "def loss(x):\n    return x * 2\nRUNS = 1")
    ns = chapter_cells.chapter_namespace(path, ("def loss", "\nRUNS"))
    assert inspect.getsource(ns["loss"]) == "def loss(x):\n    return x * 2\n"

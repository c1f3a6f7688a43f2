"""The student edition's solution stripper: every solution block goes, everything else stays."""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import student_edition  # noqa: E402


def test_solution_blocks_are_removed_and_other_admonitions_kept():
    text = ("1. **Q1.** Why?\n\n:::{admonition} Solution\n:class: dropdown\nBecause.\n\nMore.\n:::\n\n"
            "2. **Q2.**\n\n:::{admonition} Why not?\n:class: warning\nKept.\n:::\n\n"
            ":::{admonition} Solution\n:class: dropdown\nSecond.\n:::\n")
    out, n = student_edition.strip_solutions(text)
    assert n == 2 and "Because" not in out and "Second" not in out and "More" not in out
    assert "**Q1.** Why?" in out and "**Q2.**" in out and "Kept." in out and out.endswith(student_edition.NOTE)
    assert student_edition.strip_solutions("no exercises") == ("no exercises", 0)


def test_every_chapter_has_solutions_that_the_stripper_finds():
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        n = student_edition.student_notebook(nb)
        assert n >= 1, f"{path.name}: no solutions found"
        left = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        assert "{admonition} Solution" not in left, f"{path.name}: a solution was not removed"


def test_indented_backtick_solutions_are_removed_too():
    text = "1. Q.\n\n   ```{admonition} Solution\n   :class: dropdown\n   A.\n   ```\n\n2. R.\n"
    out, n = student_edition.strip_solutions(text)
    assert n == 1 and "A." not in out and "2. R." in out and "```" not in out

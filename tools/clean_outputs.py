"""Make a notebook's stored outputs portable: no paths of the machine that ran it, and progress bars whose
text form shows the finished state (what GitHub and text viewers show; the website draws the widget).

    python tools/clean_outputs.py chapters/*.ipynb [--replace OLD=NEW ...]

``tools/execute_notebooks.py`` applies this after every run. By default the repository's folder is removed
from paths (they become relative), the data root ($GEN_UTILS_DATA) is written as ``$GEN_UTILS_DATA`` and the
home folder as ``~``.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDGET = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"
#: Absolute paths that must not appear in committed outputs (a test checks every chapter for them).
MACHINE_PATH = re.compile(r"(?<![\w.$~])(/(?:work|root|home|tmp|Users|content|mnt|opt|var)/[\w.-]+|[A-Z]:\\[\w.-]+)")


def default_replacements() -> dict[str, str]:
    """This machine's folders and how to write them instead."""
    out = {str(ROOT) + "/": "", str(ROOT): "."}
    data = os.environ.get("GEN_UTILS_DATA", "").strip()
    if data:
        out[str(Path(data).expanduser().resolve())] = "$GEN_UTILS_DATA"
        out[data] = "$GEN_UTILS_DATA"
    out[str(Path.home())] = "~"
    return out


def finished_bar_text(state: dict, model_id: str) -> str | None:
    """The text of a tqdm notebook bar (HBox of description, progress, counts) in its stored, final state."""
    box = state.get(model_id, {}).get("state", {})
    children = [c.replace("IPY_MODEL_", "") for c in box.get("children", [])]
    if len(children) != 3 or not all(c in state for c in children):
        return None
    models = [state[c] for c in children]
    if [m.get("model_name") for m in models][0::2] != ["HTMLModel", "HTMLModel"]:
        return None
    left, bar, right = (m["state"] for m in models)
    value, top = float(bar.get("value", 0)), float(bar.get("max", 0) or 1)
    filled = int(10 * min(value / top, 1.0))
    text = f"{html.unescape(left.get('value', ''))}|{'█' * filled}{' ' * (10 - filled)}|{html.unescape(right.get('value', ''))}"
    return text.replace("\u2007", " ")


def clean(nb: dict, replacements: dict[str, str]) -> int:
    """Clean notebook ``nb`` (nbformat JSON as a dict) in place; returns the number of outputs changed."""
    state = nb.get("metadata", {}).get("widgets", {}).get(STATE, {}).get("state", {})
    ordered = sorted(replacements.items(), key=lambda kv: -len(kv[0]))  # longest paths first
    changed = 0

    def fix(text: str) -> str:
        for old, new in ordered:
            text = text.replace(old, new)
        return text

    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            before = repr(out)
            data = out.get("data", {})
            if WIDGET in data:
                final = finished_bar_text(state, data[WIDGET].get("model_id", ""))
                if final is not None:
                    data["text/plain"] = [final]
            for key, value in list(data.items()):
                if key.startswith("text/"):
                    data[key] = [fix(v) for v in value] if isinstance(value, list) else fix(value)
            if "text" in out:
                out["text"] = [fix(v) for v in out["text"]] if isinstance(out["text"], list) else fix(out["text"])
            changed += repr(out) != before
    return changed


def main() -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--replace", action="append", default=[], metavar="OLD=NEW",
                        help="also write OLD as NEW in outputs (e.g. another machine's data folder)")
    args = parser.parse_args()
    replacements = default_replacements()
    for item in args.replace:
        old, sep, new = item.partition("=")
        if not sep or not old:
            parser.error(f"--replace takes OLD=NEW, not {item!r}")
        replacements[old] = new
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        n = clean(nb, replacements)
        tmp = path.with_suffix(".ipynb.tmp")
        nbformat.write(nb, tmp)
        os.replace(tmp, path)
        print(f"{path}: {n} output(s) cleaned")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Execute chapter notebooks top to bottom in place, in full mode, to refresh the outputs the book shows.

    python tools/execute_notebooks.py chapters/01_autoencoder.ipynb [...]

Each notebook runs in a fresh kernel with the chapters folder as working directory; widget state (the
progress bars) is stored so that the website can show it, and the outputs are cleaned by
``tools/clean_outputs.py`` (no machine paths; progress bars' text shows their finished state). A notebook whose
run fails is left unchanged.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clean_outputs import clean, default_replacements  # noqa: E402


def execute(path: Path, timeout: int, kernel: str) -> float:
    """Run one notebook and write it back; returns the wall time in seconds."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name=kernel, store_widget_state=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.perf_counter() - start
    clean(nb, default_replacements())
    tmp = path.with_suffix(".ipynb.tmp")
    nbformat.write(nb, tmp)
    os.replace(tmp, path)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed per cell")
    parser.add_argument("--kernel", default="python3")
    args = parser.parse_args()
    if os.environ.get("GEN_UTILS_FAST"):
        print("note: GEN_UTILS_FAST is set; the book's committed outputs come from full runs", file=sys.stderr)
    failed = 0
    for path in args.notebooks:
        try:
            print(f"{path}: {execute(path, args.timeout, args.kernel):.0f} s", flush=True)
        except Exception as err:  # report and go on with the next notebook
            failed += 1
            print(f"{path}: FAILED ({type(err).__name__}: {str(err)[-2000:]})", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

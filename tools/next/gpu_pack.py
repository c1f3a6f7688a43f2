"""Pack every finished book-budget checkpoint (GEN_UTILS_CHECKPOINTS/book) into FOLDER/<chapter>/, per chapter:
weights in half precision (runs matching --weights-like, default all) and records, and that chapter's manifest
entries in FOLDER/<chapter>/shipped.py. For a lent GPU: the folder comes back, the checkpoints (with optimiser
state, too large) stay there. Unfinished runs are listed with their step.

    python tools/next/gpu_pack.py FOLDER [--weights-like SUBSTRING ...]
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--weights-like", nargs="*", default=None)
    parser.add_argument("--chapters", nargs="*", default=None, help="only these chapters' runs")
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("pretrained_tool", ROOT / "tools" / "pretrained.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    from gen_utils.checkpoints import load_checkpoint

    finished: dict[str, list[str]] = defaultdict(list)
    prefixes = None if args.chapters is None else tuple(f"ch{c.split('_')[0]}_" for c in args.chapters)
    for path in sorted((tool.checkpoints_root() / "book").glob("*.pt")):
        if prefixes is not None and not path.stem.startswith(prefixes):
            continue                                   # another chapter's run (named chNN_...): not loaded at all
        state = load_checkpoint(path, map_location="cpu")
        chapter = (state.get("shipping") or {}).get("chapter")
        if args.chapters is not None and chapter not in args.chapters:
            continue
        steps = state["identity"]["budget"]["steps"]
        if state["step"] >= steps and chapter:
            finished[chapter].append(path.stem)
        else:
            print(f"{path.stem}: unfinished, step {state['step']:,} of {steps:,} ({chapter})")
    status = 0
    for chapter, runs in finished.items():
        folder = args.folder / chapter
        folder.mkdir(parents=True, exist_ok=True)
        weights = runs if args.weights_like is None else [r for r in runs if any(s in r for s in args.weights_like)]
        print(f"== {chapter}: {len(runs)} finished runs, weights for {len(weights)}")
        status |= tool.pack(chapter, weights, folder=folder, manifest=folder / "shipped.py", runs=runs)
    return status


if __name__ == "__main__":
    sys.exit(main())

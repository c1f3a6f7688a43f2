"""Maintainer's tool: train a chapter's models at the book budget with the chapter's own cells, then ship them.

    python tools/pretrained.py train 09_infogan        # run the notebook at the book budget, training (hours)
    python tools/pretrained.py status 09_infogan       # what its checkpoints hold (finished, step, hours)
    python tools/pretrained.py pack 09_infogan [--weights NAME ...] [--runs NAME ...]   # into gen_utils/weights
    python tools/pretrained.py amend 19_diffusion      # add evaluations measured on loading shipped runs
    make pretrained CHAPTER=09_infogan                 # `train` in the background, logging to runs/<chapter>.log

`train` executes chapters/<chapter>.ipynb in a fresh kernel with GEN_UTILS_BUDGET=book (shipped runs whose
recipe matches are loaded, the others trained; --retrain trains all), its checkpoints in GEN_UTILS_CHECKPOINTS (default ~/.cache/gen_utils/
checkpoints/book). `fit` saves every run's whole state atomically every few minutes, so a run that is stopped
(killed, the session ends) resumes where it was when `train` is started again; finished runs are loaded, not
retrained. Progress lines go to runs/<chapter>.log (GEN_UTILS_LOG); the executed notebook to
runs/<chapter>.trained.ipynb. `--stop-after HOURS` ends the run cleanly (the state saved: GEN_UTILS_STOP_AT)
before a session's end; start it again later to go on.

`pack` writes, for every finished checkpoint that the chapter's run made, its record and (for the runs named by
--weights, default all) its weights in half precision to gen_utils/weights/, and rewrites the manifest
gen_utils/shipped.py with their SHA-256. Then re-run the chapter in the default (book) budget: it loads them.

A shipped run whose record has no evaluation (packed before `fit(evaluate=...)` ran) is evaluated the first time it
is loaded; `fit` keeps that evaluation beside the checkpoints (<name>.evaluation.json), where the next load finds it,
`pack` uses it, and `amend` writes it into the shipped record (no local checkpoint needed).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = ROOT / "runs"


def checkpoints_root() -> Path:
    """The package's checkpoints folder (GEN_UTILS_CHECKPOINTS), whose book/ subfolder the chapters' runs fill."""
    from gen_utils.config import checkpoints_root as root

    return root()


def chapter_checkpoints(chapter: str) -> dict[str, dict]:
    """{run name: checkpoint state} of the book-budget checkpoints that chapter ``chapter``'s cells saved."""
    from gen_utils.checkpoints import load_checkpoint

    out = {}
    for path in sorted((checkpoints_root() / "book").glob("*.pt")):
        state = load_checkpoint(path)
        if (state.get("shipping") or {}).get("chapter") == chapter:
            out[path.stem] = state
    return out


def train(chapter: str, stop_after: float | None, timeout: int, retrain: bool, notebook: Path | None = None) -> int:
    import nbformat
    from nbclient import NotebookClient

    notebook = ROOT / "chapters" / f"{chapter}.ipynb" if notebook is None else notebook.resolve()
    if not notebook.is_file():
        print(f"no chapter {chapter!r}: expected {notebook}", file=sys.stderr)
        return 2
    RUNS.mkdir(exist_ok=True)
    log = RUNS / f"{chapter}.log"
    os.environ.update(GEN_UTILS_BUDGET="book", GEN_UTILS_TRAIN="1", GEN_UTILS_LOG=str(log),
                      GEN_UTILS_CHECKPOINTS=str(checkpoints_root()))
    os.environ.pop("GEN_UTILS_FAST", None)
    with open(log, "a") as f:
        f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} train {chapter}: started (book budget, checkpoints in "
                f"{checkpoints_root() / 'book'})\n")
    os.environ.pop("GEN_UTILS_STOP_AT", None)
    if stop_after is not None:  # fit saves and stops at its next progress update after this time
        os.environ["GEN_UTILS_STOP_AT"] = str(time.time() + stop_after * 3600)
    if not retrain:  # runs shipped with a matching recipe are loaded, the rest trained
        os.environ.pop("GEN_UTILS_TRAIN", None)
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(notebook.parent)}})
    started = time.perf_counter()
    status = "finished"
    try:
        client.execute()
    except Exception as err:
        text = str(err)
        stopped = getattr(err, "ename", "") == "TrainingStopped"     # the cell's own exception, not the text
        name = getattr(err, "ename", "") or type(err).__name__
        if stopped:
            status = "stopped at the deadline (--stop-after); the saved state resumes next time"
        elif not text.strip():  # a cell's error carries its traceback; a bare exception means the kernel went away
            status = f"FAILED ({name} without a message: the kernel was killed or died; the state saved last resumes next time)"
        else:
            status = f"FAILED ({name}: {text[-1500:]})"
    finally:
        out = RUNS / f"{chapter}.trained.ipynb"
        nbformat.write(nb, out.with_suffix(".tmp"))
        os.replace(out.with_suffix(".tmp"), out)
    hours = (time.perf_counter() - started) / 3600
    with open(log, "a") as f:
        f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} train {chapter}: {status} after {hours:.2f} h\n")
    print(f"{chapter}: {status} after {hours:.2f} h; log {log.relative_to(ROOT)}")
    return 0 if status == "finished" else 1


def status(chapter: str) -> int:
    for name, state in chapter_checkpoints(chapter).items():
        total = state["identity"]["budget"]["steps"]
        hours = float(state["history"]["seconds"]) / 3600
        print(f"{name}: step {state['step']:,} of {total:,} ({'finished' if state['step'] >= total else 'unfinished'}),"
              f" {hours:.2f} h on {(state.get('shipping') or {}).get('trained', {}).get('device', '?')}"
              + (", evaluated" if state.get("evaluation") is not None else ""))
    return 0


def pack(chapter: str, weights: list[str] | None, folder: Path | None = None, manifest: Path | None = None,
         runs: list[str] | None = None) -> int:
    from gen_utils import pretrained
    from gen_utils.shipped import SHIPPED

    states = chapter_checkpoints(chapter)
    if not states:
        print(f"no book-budget checkpoints of {chapter} in {checkpoints_root() / 'book'}: run `train` first",
              file=sys.stderr)
        return 2
    if runs:  # only these runs (a chapter whose seeds span sessions ships each finished seed, safe in git)
        missing = set(runs) - set(states)
        if missing:
            print(f"--runs names runs this chapter did not make: {sorted(missing)} (made: {sorted(states)})",
                  file=sys.stderr)
            return 2
        states = {n: st for n, st in states.items() if n in runs}
    unknown = set(weights or []) - set(states)
    if unknown:
        print(f"--weights names runs this chapter did not make: {sorted(unknown)} (made: {sorted(states)})",
              file=sys.stderr)
        return 2
    unfinished = [f"{n} (step {st['step']:,} of {st['identity']['budget']['steps']:,})" for n, st in states.items()
                  if st["step"] < st["identity"]["budget"]["steps"]]
    if unfinished:  # nothing is written unless every run can be packed
        print(f"unfinished runs: {', '.join(unfinished)}: finish them (train again) first", file=sys.stderr)
        return 2
    folder = ROOT / "gen_utils" / "weights" if folder is None else folder
    manifest = ROOT / "gen_utils" / "shipped.py" if manifest is None else manifest
    entries = dict(SHIPPED)
    for name, state in states.items():
        if state.get("evaluation") is None:  # measured when the shipped run was loaded, kept beside the checkpoint
            state["evaluation"] = pretrained.kept_evaluation(checkpoints_root() / "book" / f"{name}.pt", state["identity"])
        rec = pretrained.pack(state, name, folder, with_weights=weights is None or name in weights)
        entries[name] = pretrained.manifest_entry(name, folder)
        size = rec.get("bytes", 0)
        print(f"{name}: {'weights ' + format(size / 1e6, '.2f') + ' MB + ' if size else ''}record; "
              f"{rec['steps']:,} steps, {rec['train_seconds'] / 3600:.2f} h on {rec.get('device')}")
    pretrained.write_manifest(entries, manifest)
    total = sum(p.stat().st_size for p in folder.glob("*") if p.suffix in (".pt", ".json"))
    print(f"gen_utils/weights: {total / 1e6:.1f} MB in all (budget {pretrained.SIZE_BUDGET / 1e6:.0f} MB); "
          f"manifest {manifest.name} rewritten")
    return 0 if total <= pretrained.SIZE_BUDGET else 1


def amend(chapter: str, folder: Path | None = None, manifest: Path | None = None) -> int:
    """Write into the chapter's shipped records that have no evaluation the one measured when they were loaded."""
    from gen_utils import pretrained
    from gen_utils.shipped import SHIPPED

    folder = ROOT / "gen_utils" / "weights" if folder is None else folder
    manifest = ROOT / "gen_utils" / "shipped.py" if manifest is None else manifest
    entries, amended, missing = dict(SHIPPED), [], []
    for name in sorted(SHIPPED):
        path = folder / f"{name}.json"
        if not path.is_file():
            continue
        rec = json.loads(path.read_text())
        if rec.get("chapter") != chapter or rec.get("evaluation") is not None:
            continue
        kept = pretrained.kept_evaluation(checkpoints_root() / "book" / f"{name}.pt", rec["identity"])
        if kept is None:
            missing.append(name)
            continue
        pretrained.amend_record(name, kept, folder)
        entries[name] = pretrained.manifest_entry(name, folder)
        amended.append(name)
    if amended:
        pretrained.write_manifest(entries, manifest)
    print(f"amended: {', '.join(amended) or 'none'}"
          + (f"; no evaluation kept on this machine for {', '.join(missing)} (run the chapter once)" if missing else ""))
    return 0 if not missing else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="run the chapter at the book budget, training")
    t.add_argument("chapter")
    t.add_argument("--stop-after", type=float, default=None, help="hours; stop cleanly then (resume later)")
    t.add_argument("--timeout", type=int, default=6 * 3600, help="seconds allowed per cell")
    t.add_argument("--notebook", type=Path, default=None, help="the chapter's notebook, if not chapters/"
                   "<chapter>.ipynb (a new version whose training spans sessions: tools/next/)")
    t.add_argument("--retrain", action="store_true", help="train even the runs whose shipped weights match "
                   "(by default those are loaded, so a run split over sessions goes on where it stopped)")
    s = sub.add_parser("status", help="what the chapter's checkpoints hold")
    s.add_argument("chapter")
    p = sub.add_parser("pack", help="ship the finished runs' weights and records")
    p.add_argument("chapter")
    p.add_argument("--weights", nargs="*", default=None, help="runs whose weights ship (default all; the "
                   "others ship their record only)")
    p.add_argument("--runs", nargs="*", default=None, help="pack only these runs (default: every run of the "
                   "chapter, which must all be finished)")
    a = sub.add_parser("amend", help="add to shipped records without an evaluation the one measured on loading them")
    a.add_argument("chapter")
    args = parser.parse_args()
    if args.command == "train":
        return train(args.chapter, args.stop_after, args.timeout, args.retrain, args.notebook)
    if args.command == "status":
        return status(args.chapter)
    if args.command == "amend":
        return amend(args.chapter)
    return pack(args.chapter, args.weights, runs=args.runs)


if __name__ == "__main__":
    sys.exit(main())

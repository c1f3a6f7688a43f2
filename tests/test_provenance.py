"""Results files say where their numbers come from, and committed notebooks are clean and traceable."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from torch import nn

import gen_utils as gu

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import check_results  # noqa: E402
import clean_outputs  # noqa: E402


def test_a_full_run_records_commit_versions_device_data_seeds_and_judge(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GEN_UTILS_RESULTS", str(tmp_path))
    monkeypatch.setenv("GEN_UTILS_FAST", "0")
    monkeypatch.setenv("GEN_UTILS_DATA", "/somewhere/on/this/machine")
    monkeypatch.chdir(ROOT)
    ch = gu.Chapter("99_provenance")
    assert "data root $GEN_UTILS_DATA" in capsys.readouterr().out
    gu.results.note_data("mnist")
    model = nn.Linear(2, 1)
    gu.fit(model, gu.Update("l", torch.optim.SGD(model.parameters(), lr=0.1), lambda b: model(b).pow(2).mean()),
           torch.randn(64, 2), steps=2, seed=7, progress=False)
    gu.results.note_judge("mnist", "ab" * 32)
    ch.record(x=1.0)
    data = ch.save()
    prov = data["provenance"]
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert prov["commit"] == commit == data["commit"] and isinstance(prov["dirty"], bool)
    assert prov["torch"] == torch.__version__ and prov["cuda"] == torch.version.cuda
    assert prov["device"] == data["device"] and prov["data_sets"] == ["mnist"] and prov["seeds"] == [7]
    assert prov["judges"] == {"mnist": "ab" * 32} and prov["started"].endswith("Z") and data["wall_time_s"] >= 0
    assert "Wrote 99_provenance.json (" in capsys.readouterr().out  # no path of this machine


def git(cwd, *args):
    import os
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout.strip()


def notebook_json(*sources):
    return json.dumps({"cells": [{"cell_type": "code", "source": s, "outputs": [], "metadata": {}} for s in sources],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_check_results_lists_chapters_whose_code_changed_since_their_run(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "book" / "results").mkdir(parents=True)
    for name in ("01_a", "02_b", "03_c"):
        (tmp_path / "chapters" / f"{name}.ipynb").write_text(notebook_json("x = 1", "print(x)"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "run")
    commit = git(tmp_path, "rev-parse", "HEAD")
    for name in ("01_a", "02_b"):
        (tmp_path / "book" / "results" / f"{name}.json").write_text(json.dumps({"provenance": {"commit": commit}}))
    (tmp_path / "chapters" / "02_b.ipynb").write_text(notebook_json("x = 2", "print(x)"))
    stale = check_results.stale_chapters(tmp_path)
    assert set(stale) == {"02_b", "03_c"}
    assert "1 code cell(s) changed" in stale["02_b"] and stale["03_c"] == "no results file"


def test_every_committed_chapter_shows_the_run_of_its_committed_code():
    assert check_results.stale_chapters(ROOT) == {}


def test_clean_outputs_removes_paths_and_finishes_bar_text():
    state = {"box": {"model_name": "HBoxModel", "state": {"children": ["IPY_MODEL_l", "IPY_MODEL_p", "IPY_MODEL_r"]}},
             "l": {"model_name": "HTMLModel", "state": {"value": "train:\u2007100%"}},
             "p": {"model_name": "FloatProgressModel", "state": {"value": 50.0, "max": 50.0}},
             "r": {"model_name": "HTMLModel", "state": {"value": "\u200750/50\u2007[00:01&lt;00:00]"}}}
    nb = {"metadata": {"widgets": {clean_outputs.STATE: {"state": state}}}, "cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {clean_outputs.WIDGET: {"model_id": "box"},
                                                 "text/plain": ["train:   0%|          | 0/50"]}},
        {"output_type": "stream", "name": "stdout", "text": ["data root /machine/data\n", "Wrote /repo/book/x.json\n"]}]}]}
    assert clean_outputs.clean(nb, {"/machine/data": "$GEN_UTILS_DATA", "/repo/": ""}) == 2
    outs = nb["cells"][0]["outputs"]
    assert outs[0]["data"]["text/plain"] == ["train: 100%|██████████| 50/50 [00:01<00:00]"]
    assert outs[1]["text"] == ["data root $GEN_UTILS_DATA\n", "Wrote book/x.json\n"]


NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_outputs_show_no_machine_paths_and_finished_progress_bars(path):
    nb = json.loads(path.read_text())
    state = nb.get("metadata", {}).get("widgets", {}).get(clean_outputs.STATE, {}).get("state", {})
    bars = 0
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts = [v for k, v in data.items() if k.startswith("text/")] + [out.get("text", "")]
            for text in texts:
                text = "".join(text) if isinstance(text, list) else text
                assert not clean_outputs.MACHINE_PATH.search(text), f"{path.name}: a machine path in {text[:200]!r}"
            if clean_outputs.WIDGET in data:
                final = clean_outputs.finished_bar_text(state, data[clean_outputs.WIDGET]["model_id"])
                if final is not None:  # a progress bar (other widgets, e.g. sliders, keep their text)
                    assert "".join(data["text/plain"]) == final, \
                        f"{path.name}: the text of a progress bar is not its stored final state"
                    bars += 1
    assert bars == sum(tqdm_outputs(nb)), f"{path.name}: a progress bar's widget state is missing"


def tqdm_outputs(nb):
    """1 for each widget output whose text looks like a tqdm bar ("...%|...|...")."""
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if clean_outputs.WIDGET in data:
                yield int("%|" in "".join(data.get("text/plain", "")))


def test_changed_files_keep_the_first_letter_of_every_path():
    from gen_utils.results import changed_files
    porcelain = " M book/results/09_infogan.json\n M gen_utils/train.py\nM  chapters/09_infogan.ipynb\nR  a.py -> b.py\n"
    assert changed_files(porcelain) == ["gen_utils/train.py", "chapters/09_infogan.ipynb", "b.py"]
    assert changed_files(" M book/results/x.json\n") == []                     # a clean run is clean

"""Shipped weights: packed from fit's checkpoints, hash-pinned, loaded only when the recipe matches, refused when
changed; every file the package ships is checked (hash, loads, record) and the whole stays within the size budget."""
import json

import pytest
import torch
from torch import nn

import gen_utils as gu
from gen_utils import pretrained
from gen_utils.checkpoints import load_checkpoint


def _run(tmp_path, monkeypatch, lr=0.1, steps=30, evaluate=True, model=None, **kwargs):
    """A tiny regression fitted with a checkpoint named 'ch00_tiny'; returns (model, history)."""
    monkeypatch.setenv("GEN_UTILS_CHECKPOINTS", str(tmp_path / "ckpt"))
    torch.manual_seed(0)
    x = torch.randn(256, 3)
    y = x @ torch.tensor([1.0, -2.0, 0.5]) + 0.3
    model = nn.Linear(3, 1) if model is None else model
    opt = torch.optim.Adam(model.parameters(), lr=lr)

    def loss(batch):
        xb, yb = batch
        return (model(xb).squeeze(1) - yb).pow(2).mean()

    h = gu.fit(model, gu.Update("mse", opt, loss), (x, y), steps=steps, batch_size=32, progress=False,
               checkpoint=gu.checkpoint_path("ch00_tiny"), keep=["model"],
               evaluate=(lambda: {"bias": model.bias, "list": [1, 2]}) if evaluate else None, **kwargs)
    return model, h


def _ship(tmp_path, monkeypatch, with_weights=True):
    """Pack the tiny run's checkpoint into a temporary weights folder and pin it in a temporary manifest."""
    state = load_checkpoint(gu.checkpoint_path("ch00_tiny"))
    folder = tmp_path / "weights"
    rec = pretrained.pack(state, "ch00_tiny", folder, with_weights=with_weights)
    monkeypatch.setattr(pretrained, "weights_folder", lambda: folder)
    monkeypatch.setitem(pretrained.SHIPPED, "ch00_tiny", pretrained.manifest_entry("ch00_tiny", folder))
    return rec, folder


def test_a_packed_run_is_loaded_in_the_book_budget_and_equals_the_trained_one(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")     # train (and checkpoint) in one budget ...
    trained, h = _run(tmp_path, monkeypatch)
    assert h.evaluation["list"] == [1, 2] and h.evaluation["bias"] == pytest.approx(trained.bias.item())
    rec, folder = _ship(tmp_path, monkeypatch)
    assert rec["steps"] == 30 and rec["batch_size"] == 32 and rec["models"] == ["model"] and rec["seed"] == 0
    assert rec["history"]["steps"] and rec["evaluation"] == h.evaluation and "device" in rec and "commit" in rec
    blob = torch.load(folder / "ch00_tiny.pt", weights_only=True)
    assert blob["models"]["model"]["weight"].dtype == torch.float16            # half precision on disk
    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")       # ... and load it in the book budget: nothing trains
    monkeypatch.setenv("GEN_UTILS_CHECKPOINTS", str(tmp_path / "empty"))
    loaded, h2 = _run(tmp_path / "other", monkeypatch)
    assert "Loaded the shipped weights ch00_tiny" in capsys.readouterr().out
    assert h2.source == "shipped" and h2.evaluation == h.evaluation and h2.steps == h.steps
    assert h.device == h2.device == rec["device"] and h.device.startswith("cpu")      # where it was trained
    assert torch.allclose(loaded.weight, trained.weight, atol=1e-3)            # float16 rounding only
    monkeypatch.setenv("GEN_UTILS_TRAIN", "1")            # the switch trains anyway
    _, h3 = _run(tmp_path / "third", monkeypatch)
    assert h3.source == "trained"


def test_another_recipe_trains_in_the_book_budget_and_fails_in_the_fast_one(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")
    _run(tmp_path, monkeypatch)
    _ship(tmp_path, monkeypatch)
    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    _, h = _run(tmp_path / "b", monkeypatch, lr=0.05)                          # another learning rate
    out = capsys.readouterr().out
    assert h.source == "trained" and "shipped run ch00_tiny was trained with other settings" in out
    assert "lr: 0.1 -> 0.05" in out
    monkeypatch.setenv("GEN_UTILS_BUDGET", "fast")
    _run(tmp_path / "c", monkeypatch)                                           # the same recipe passes in CI
    with pytest.raises(pretrained.ShippedWeightsError, match=r"recipe of ch00_tiny changed.*lr: 0.1 -> 0.05.*retrain"):
        _run(tmp_path / "d", monkeypatch, lr=0.05)


def test_a_record_without_weights_loads_its_curves_and_evaluation_only(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")
    _, h = _run(tmp_path, monkeypatch)
    _ship(tmp_path, monkeypatch, with_weights=False)
    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    model, h2 = _run(tmp_path / "b", monkeypatch)
    assert not h2.weights_loaded and h2.evaluation == h.evaluation
    assert "weights are not shipped" in capsys.readouterr().out


def test_changed_truncated_or_foreign_shipped_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")
    _run(tmp_path, monkeypatch)
    _, folder = _ship(tmp_path, monkeypatch)
    models = {"model": nn.Linear(3, 1)}
    assert pretrained.load_weights("ch00_tiny", models) == ["model"]
    good = (folder / "ch00_tiny.pt").read_bytes()
    (folder / "ch00_tiny.pt").write_bytes(good[:-20])
    with pytest.raises(pretrained.ShippedWeightsError, match=r"ch00_tiny.pt is not the file its manifest pins"):
        pretrained.load_weights("ch00_tiny", models)
    (folder / "ch00_tiny.pt").unlink()
    with pytest.raises(pretrained.ShippedWeightsError, match=r"ch00_tiny.pt is missing.*reinstall"):
        pretrained.load_weights("ch00_tiny", models)
    torch.save({"format": pretrained.FORMAT, "models": {"other": {}}}, folder / "ch00_tiny.pt")
    monkeypatch.setitem(pretrained.SHIPPED, "ch00_tiny", pretrained.manifest_entry("ch00_tiny", folder))
    with pytest.raises(pretrained.ShippedWeightsError, match=r"model 'other' that this run does not have"):
        pretrained.load_weights("ch00_tiny", models)
    (folder / "ch00_tiny.json").write_text("{not json")
    monkeypatch.setitem(pretrained.SHIPPED, "ch00_tiny", pretrained.manifest_entry("ch00_tiny", folder))
    with pytest.raises(pretrained.ShippedWeightsError, match="not valid JSON"):
        pretrained.record("ch00_tiny")
    with pytest.raises(pretrained.ShippedWeightsError, match="no shipped run is called 'nope'"):
        pretrained.record("nope")


def test_an_unfinished_checkpoint_is_not_packed(tmp_path, monkeypatch):
    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")
    _run(tmp_path, monkeypatch)
    state = load_checkpoint(gu.checkpoint_path("ch00_tiny"))
    state["step"] = 10
    with pytest.raises(pretrained.ShippedWeightsError, match="unfinished"):
        pretrained.pack(state, "ch00_tiny", tmp_path / "w")
    assert not (tmp_path / "w" / "ch00_tiny.pt").exists()


def test_the_manifest_file_round_trips(tmp_path):
    path = pretrained.write_manifest({"b": (None, "2" * 64), "a": ("1" * 64, "3" * 64)}, tmp_path / "shipped.py")
    ns: dict = {}
    exec(path.read_text(), ns)
    assert ns["SHIPPED"] == {"a": ("1" * 64, "3" * 64), "b": (None, "2" * 64)}


@pytest.mark.parametrize("name", sorted(pretrained.SHIPPED) or [pytest.param(None, marks=pytest.mark.skip("none"))])
def test_every_shipped_file_matches_its_pin_loads_and_has_its_record(name):
    rec = pretrained.record(name)                        # hash-checked
    assert rec["name"] == name and rec["steps"] >= 1 and rec["history"]["steps"] and rec["chapter"]
    for field in ("device", "commit", "date", "train_seconds", "identity", "evaluation", "batch_size", "seed"):
        assert field in rec, field
    if pretrained.has_weights(name):
        blob = torch.load(pretrained.weights_folder() / f"{name}.pt", weights_only=True)
        assert set(blob["models"]) == set(rec["models"])
        for model, state in blob["models"].items():       # the shapes its identity names, on the CPU
            shapes = {k: v[0] for k, v in rec["identity"]["recipe"]["models"][model].items()}
            assert {k: list(v.shape) for k, v in state.items()} == shapes
            assert all(v.device.type == "cpu" for v in state.values())


def test_the_shipped_weights_stay_within_the_book_size_budget():
    sizes = pretrained.sizes()
    assert sum(sizes.values()) <= pretrained.SIZE_BUDGET, sizes
    on_disk = {p.name for p in pretrained.weights_folder().glob("*") if p.suffix in (".pt", ".json")}
    assert on_disk == set(sizes), f"files in gen_utils/weights without a pin (or pins without files): {on_disk ^ set(sizes)}"
    for name in pretrained.SHIPPED:
        assert json.loads((pretrained.weights_folder() / f"{name}.json").read_text())["name"] == name


def test_a_book_budget_run_says_how_long_it_will_take(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    _run(tmp_path, monkeypatch, steps=600)
    out = capsys.readouterr().out
    assert "Training ch00_tiny at the book budget (600 steps" in out and "s a step on cpu, so about" in out


def test_the_tool_packs_a_chapters_finished_runs_and_writes_the_manifest(tmp_path, monkeypatch, capsys):
    import sys
    sys.path.insert(0, str(pretrained.weights_folder().parents[1] / "tools"))
    import pretrained as tool

    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    monkeypatch.setenv("GEN_UTILS_TRAIN", "1")
    gu.Chapter("00_tiny")                                # the chapter the checkpoint is recorded under
    _run(tmp_path, monkeypatch)
    monkeypatch.setenv("GEN_UTILS_CHECKPOINTS", str(tmp_path / "ckpt"))
    assert tool.status("00_tiny") == 0 and "ch00_tiny: step 30 of 30 (finished)" in capsys.readouterr().out
    out, manifest = tmp_path / "w", tmp_path / "shipped.py"
    assert tool.pack("00_tiny", [], out, manifest) == 0                 # --weights with no names: records only
    ns: dict = {}
    exec(manifest.read_text(), ns)
    assert ns["SHIPPED"]["ch00_tiny"][0] is None and (out / "ch00_tiny.json").is_file()
    assert not (out / "ch00_tiny.pt").exists()
    assert tool.pack("00_tiny", None, out, manifest) == 0                # default: weights too
    exec(manifest.read_text(), ns)
    assert ns["SHIPPED"]["ch00_tiny"][0] == pretrained.manifest_entry("ch00_tiny", out)[0]
    assert tool.pack("00_tiny", ["nope"], out, manifest) == 2


def test_the_tool_packs_nothing_while_a_run_is_unfinished(tmp_path, monkeypatch, capsys):
    import sys
    sys.path.insert(0, str(pretrained.weights_folder().parents[1] / "tools"))
    import pretrained as tool

    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    monkeypatch.setenv("GEN_UTILS_TRAIN", "1")
    gu.Chapter("00_tiny")
    _run(tmp_path, monkeypatch)
    path = gu.checkpoint_path("ch00_tiny")
    state = torch.load(path, weights_only=True)
    state["step"] = 3
    torch.save(state, path)
    out = tmp_path / "w"
    assert tool.pack("00_tiny", None, out, tmp_path / "shipped.py") == 2
    assert "unfinished runs: ch00_tiny (step 3 of 30)" in capsys.readouterr().err and not out.exists()


def test_half_precision_keeps_what_float16_cannot_hold():
    assert pretrained._half(torch.tensor([1.0, 2.0])).dtype == torch.float16
    assert pretrained._half(torch.tensor([1e6])).dtype == torch.float32
    assert pretrained._half(torch.tensor([3])).dtype == torch.int64


def test_a_fit_cell_run_again_after_loading_shipped_weights_loads_again(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")
    _run(tmp_path, monkeypatch)
    _ship(tmp_path, monkeypatch)
    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    model, h = _run(tmp_path / "b", monkeypatch)
    again, h2 = _run(tmp_path / "c", monkeypatch, model=model)   # the same cell again, on the loaded models
    out = capsys.readouterr().out
    assert h.source == h2.source == "shipped" and "not loaded" not in out, out
    for fast in ("1",):                                         # and CI's check passes on them too
        monkeypatch.setenv("GEN_UTILS_FAST", fast)
        _run(tmp_path / "d", monkeypatch, model=model)


def test_evaluate_runs_once_and_is_stored_also_for_a_checkpoint_trained_without_it(tmp_path, monkeypatch):
    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")
    _run(tmp_path, monkeypatch, evaluate=False)
    assert load_checkpoint(gu.checkpoint_path("ch00_tiny"))["evaluation"] is None
    model, h = _run(tmp_path, monkeypatch)                      # loaded from the checkpoint, then evaluated
    assert h.source == "checkpoint" and h.evaluation["list"] == [1, 2]
    assert load_checkpoint(gu.checkpoint_path("ch00_tiny"))["evaluation"] == h.evaluation
    calls = []
    h3 = gu.fit(model, gu.Update("mse", torch.optim.Adam(model.parameters(), lr=0.1), lambda b: model(b[0]).sum()),
                (torch.randn(64, 3), torch.randn(64)), steps=3, batch_size=32, progress=False,
                evaluate=lambda: calls.append(1) or {"n": len(calls)})
    assert calls == [1] and h3.evaluation == {"n": 1}


def test_this_machines_finished_run_is_preferred_to_a_shipped_record_without_weights(tmp_path, monkeypatch):
    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    monkeypatch.setenv("GEN_UTILS_TRAIN", "1")
    trained, _ = _run(tmp_path, monkeypatch)                # trained here, at the book budget
    _ship(tmp_path, monkeypatch, with_weights=False)
    monkeypatch.delenv("GEN_UTILS_TRAIN")
    model, h = _run(tmp_path, monkeypatch)                  # the same checkpoint folder
    assert h.source == "checkpoint" and h.weights_loaded and torch.equal(model.weight, trained.weight)


@pytest.mark.parametrize("ename, said", [("TrainingStopped", "stopped at the deadline"),
                                         ("AssertionError", "FAILED (AssertionError: ... TrainingStopped"),
                                         (None, "FAILED (AssertionError without a message: the kernel was killed")])
def test_the_tool_tells_a_deadline_from_a_failing_cell(tmp_path, monkeypatch, capsys, ename, said):
    """A chapter's failing assert after training is a failure, not a deadline, whatever the traceback's text says;
    a bare exception (no cell's traceback: the kernel went away) is said to be one."""
    import sys

    import nbclient
    import nbformat
    from nbclient.exceptions import CellExecutionError
    sys.path.insert(0, str(pretrained.weights_folder().parents[1] / "tools"))
    import pretrained as tool

    class Client:
        def __init__(self, nb, **kwargs):
            pass

        def execute(self):
            if ename is None:
                raise AssertionError()
            raise CellExecutionError("... TrainingStopped was imported above ...", ename, "the cell's message")

    notebook = tmp_path / "00_tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), notebook)
    monkeypatch.setattr(nbclient, "NotebookClient", Client)
    monkeypatch.setattr(tool, "RUNS", tmp_path / "runs")
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setenv("GEN_UTILS_CHECKPOINTS", str(tmp_path / "ckpt"))
    for key in ("GEN_UTILS_BUDGET", "GEN_UTILS_TRAIN", "GEN_UTILS_LOG", "GEN_UTILS_FAST", "GEN_UTILS_STOP_AT"):
        monkeypatch.setenv(key, "0")                     # train() sets or removes these: put them back afterwards
    assert tool.train("00_tiny", None, 60, False, notebook) == 1
    assert said in capsys.readouterr().out


def test_the_tool_packs_only_the_runs_named_while_another_is_unfinished(tmp_path, monkeypatch, capsys):
    import sys
    sys.path.insert(0, str(pretrained.weights_folder().parents[1] / "tools"))
    import pretrained as tool

    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    monkeypatch.setenv("GEN_UTILS_TRAIN", "1")
    gu.Chapter("00_tiny")
    _run(tmp_path, monkeypatch)
    finished = gu.checkpoint_path("ch00_tiny")
    state = torch.load(finished, weights_only=True)
    state["step"] = 3
    torch.save(state, finished.with_name("ch00_tiny_s1.pt"))          # a second seed, stopped at step 3
    out, manifest = tmp_path / "w", tmp_path / "shipped.py"
    assert tool.pack("00_tiny", None, out, manifest) == 2               # all runs: refused
    assert tool.pack("00_tiny", None, out, manifest, runs=["ch00_tiny"]) == 0
    ns: dict = {}
    exec(manifest.read_text(), ns)
    assert "ch00_tiny" in ns["SHIPPED"] and "ch00_tiny_s1" not in ns["SHIPPED"]
    assert tool.pack("00_tiny", None, out, manifest, runs=["ch00_tiny", "nope"]) == 2


def test_a_shipped_record_without_evaluation_is_evaluated_once_kept_and_amended(tmp_path, monkeypatch):
    import sys
    sys.path.insert(0, str(pretrained.weights_folder().parents[1] / "tools"))
    import pretrained as tool

    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")
    _run(tmp_path, monkeypatch, evaluate=False)                         # packed before evaluate= existed
    rec, folder = _ship(tmp_path, monkeypatch)
    assert rec["evaluation"] is None
    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    model, h = _run(tmp_path, monkeypatch, evaluate=False)              # same recipe as shipped, no evaluate: loads
    assert h.source == "shipped"
    loaded, h1 = _run(tmp_path, monkeypatch, evaluate=True)             # with evaluate=: measured once ...
    kept = pretrained.kept_evaluation(gu.checkpoint_path("ch00_tiny"), rec["identity"])
    assert h1.source == "shipped" and kept == h1.evaluation and kept["bias"] == pytest.approx(loaded.bias.item())
    sentinel = {"bias": 123.0, "list": [9]}                             # ... and the next load reads what was kept
    pretrained.keep_evaluation(gu.checkpoint_path("ch00_tiny"), rec["identity"], sentinel)
    _, h2 = _run(tmp_path, monkeypatch, evaluate=True)
    assert h2.evaluation == sentinel
    rec2 = dict(rec, chapter="00_tiny")                                 # amend writes it into the shipped record
    (folder / "ch00_tiny.json").write_text(json.dumps(rec2))
    monkeypatch.setitem(pretrained.SHIPPED, "ch00_tiny", pretrained.manifest_entry("ch00_tiny", folder))
    monkeypatch.setattr(tool, "checkpoints_root", lambda: tmp_path / "ckpt")
    manifest = tmp_path / "shipped.py"
    monkeypatch.setattr(tool, "ROOT", tmp_path / "root")
    assert tool.amend("00_tiny", folder, manifest) == 0
    assert json.loads((folder / "ch00_tiny.json").read_text())["evaluation"] == sentinel
    ns: dict = {}
    exec(manifest.read_text(), ns)
    assert ns["SHIPPED"]["ch00_tiny"] == pretrained.manifest_entry("ch00_tiny", folder)
    with pytest.raises(pretrained.ShippedWeightsError, match="has an evaluation already"):
        pretrained.amend_record("ch00_tiny", sentinel, folder)


def test_a_record_made_on_another_device_without_source_loads_but_a_changed_recipe_does_not(tmp_path, monkeypatch):
    """A run trained on a GPU by plain exec (no source lines: fingerprints are names) from other initial random
    values is the same recipe; a changed learning rate, shape or loss body is still refused."""
    from gen_utils import checkpoints

    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")
    with checkpoints.without_source():
        _run(tmp_path, monkeypatch)
    state = load_checkpoint(gu.checkpoint_path("ch00_tiny"))
    assert isinstance(state["identity"]["recipe"]["updates"]["mse"]["loss"][0], list)   # [name, names read]
    for k, v in state["identity"]["recipe"]["models"]["model"].items():     # initial values drawn elsewhere
        v[2] += 1.0
    state["shipping"]["trained"]["device"] = "cuda (a GPU)"
    checkpoints.save_checkpoint(gu.checkpoint_path("ch00_tiny"), state)
    _ship(tmp_path, monkeypatch)
    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    monkeypatch.setenv("GEN_UTILS_CHECKPOINTS", str(tmp_path / "empty"))
    _, h = _run(tmp_path / "b", monkeypatch)
    assert h.source == "shipped"
    _, h = _run(tmp_path / "c", monkeypatch, lr=0.05)
    assert h.source == "trained"
    monkeypatch.setenv("GEN_UTILS_BUDGET", "fast")
    _run(tmp_path / "d", monkeypatch)                                        # CI's check passes
    with pytest.raises(pretrained.ShippedWeightsError, match="recipe of ch00_tiny changed"):
        _run(tmp_path / "e", monkeypatch, model=nn.Linear(3, 1, bias=False))
    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")                            # the same device: values compared
    monkeypatch.setenv("GEN_UTILS_CHECKPOINTS", str(tmp_path / "ckpt"))
    state["shipping"]["trained"]["device"] = "cpu (2 threads)"
    checkpoints.save_checkpoint(gu.checkpoint_path("ch00_tiny"), state)
    _ship(tmp_path, monkeypatch)
    monkeypatch.setenv("GEN_UTILS_BUDGET", "fast")
    with pytest.raises(pretrained.ShippedWeightsError, match="other initial values"):
        _run(tmp_path / "f", monkeypatch)


def test_identity_changes_without_initial_values_still_compares_shapes():
    from gen_utils.checkpoints import identity_changes

    old = {"recipe": {"models": {"G": {"w": [[2, 3], "float32", 1.0]}}}}
    assert identity_changes(old, {"recipe": {"models": {"G": {"w": [[2, 3], "float32", 5.0]}}}})
    assert not identity_changes(old, {"recipe": {"models": {"G": {"w": [[2, 3], "float32", 5.0]}}}}, initial_values=False)
    assert identity_changes(old, {"recipe": {"models": {"G": {"w": [[3, 3], "float32", 1.0]}}}}, initial_values=False)

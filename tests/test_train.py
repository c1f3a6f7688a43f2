import time

import pytest
import torch
from torch import nn

import gen_utils as gu
from gen_utils.config import FAST_CAPS
from gen_utils.train import plan_steps


def regression_problem(n=512, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 4, generator=g)
    w = torch.tensor([[1.0], [-2.0], [0.5], [3.0]])
    return x, x @ w + 0.01 * torch.randn(n, 1, generator=g)


def make_regression_run(lr=0.05, seed=0):
    torch.manual_seed(seed)  # the same initial weights each time, as a chapter's cell makes them
    model = nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    update = gu.Update("mse", opt, lambda b: nn.functional.mse_loss(model(b[0]), b[1]))
    return model, update


def count_calls(model):
    """A list that grows by one at every forward pass of ``model`` (the loss function itself stays as it is)."""
    calls = []
    model.register_forward_hook(lambda *args: calls.append(1))
    return calls


def interrupt_at(model, n):
    """Make the ``n``-th forward pass of ``model`` raise KeyboardInterrupt (as Ctrl-C would)."""
    calls = count_calls(model)

    def hook(*args):
        if len(calls) == n:
            raise KeyboardInterrupt
    model.register_forward_hook(hook)


def test_the_loop_lowers_the_loss_on_a_tiny_problem():
    x, y = regression_problem()
    model, update = make_regression_run()
    before = nn.functional.mse_loss(model(x), y).item()
    h = gu.fit(model, update, (x, y), epochs=20, batch_size=32, log_every=10, progress=False)
    after = nn.functional.mse_loss(model(x), y).item()
    assert after < 0.01 * before and after < 0.01
    assert h.total_steps == 20 * (512 // 32) and h.steps[-1] == h.total_steps
    assert h["mse"][-1] < h["mse"][0] and not model.training


def test_same_seed_same_result():
    x, y = regression_problem()
    weights = []
    for _ in range(2):
        torch.manual_seed(123)
        model, update = make_regression_run()
        gu.fit(model, update, (x, y), steps=30, batch_size=16, seed=7, progress=False)
        weights.append(model.weight.detach().clone())
    assert torch.equal(weights[0], weights[1])


def test_two_player_game_with_two_optimizers_and_repeats():
    torch.manual_seed(0)
    real = torch.randn(256, 2) + 3.0
    G, D = nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
    opt_g, opt_d = torch.optim.Adam(G.parameters(), 1e-2), torch.optim.Adam(D.parameters(), 1e-2)
    calls = {"D": [], "G": []}
    bce = nn.functional.binary_cross_entropy_with_logits

    def d_loss(x):
        calls["D"].append(x.data_ptr())
        fake = G(torch.randn(len(x), 2)).detach()
        lr, lf = D(x), D(fake)
        loss = bce(lr, torch.ones_like(lr)) + bce(lf, torch.zeros_like(lf))
        return loss, {"D(x)": torch.sigmoid(lr).mean()}

    def g_loss(x):
        calls["G"].append(x.data_ptr())
        lf = D(G(torch.randn(len(x), 2)))
        return bce(lf, torch.ones_like(lf))

    g0, d0 = [p.detach().clone() for p in G.parameters()], [p.detach().clone() for p in D.parameters()]
    h = gu.fit({"G": G, "D": D}, [gu.Update("D", opt_d, d_loss, repeats=3), gu.Update("G", opt_g, g_loss)],
               real, steps=40, batch_size=32, log_every=10, progress=False)
    assert len(calls["D"]) == 3 * 40 and len(calls["G"]) == 40
    assert set(h.values) == {"D", "G", "D(x)"} and len(h["G"]) == 4
    assert all(not torch.equal(a, b) for a, b in zip(g0, G.parameters()))
    assert all(not torch.equal(a, b) for a, b in zip(d0, D.parameters()))
    # each critic repeat draws a fresh batch; the generator shares the first batch of the step
    assert len(set(calls["D"][:3])) == 3
    # three critic batches per step: one epoch of 256 images at batch 32 is 8 batches -> 2 steps
    assert plan_steps(256, 32, epochs=1, steps=None, batches_per_step=3) == 2


def test_after_step_hook_runs_after_every_optimizer_step():
    x, y = regression_problem(64)
    model, update = make_regression_run(lr=1.0)
    update.after_step = lambda: [p.data.clamp_(-0.01, 0.01) for p in model.parameters()]
    gu.fit(model, update, (x, y), steps=5, batch_size=16, progress=False)
    assert all(p.abs().max() <= 0.01 for p in model.parameters())


def test_fast_mode_caps_the_number_of_steps(monkeypatch):
    monkeypatch.setenv("GEN_UTILS_FAST", "1")
    x, y = regression_problem()
    model, update = make_regression_run()
    h = gu.fit(model, update, (x, y), epochs=100, batch_size=8, progress=False)
    assert h.total_steps == FAST_CAPS["steps"] and h.steps[-1] == FAST_CAPS["steps"]


def test_checkpoint_round_trip_loads_instead_of_training(tmp_path, capsys):
    x, y = regression_problem()
    path = tmp_path / "reg.pt"
    model, update = make_regression_run()
    h1 = gu.fit(model, update, (x, y), steps=30, checkpoint=path, progress=False)
    assert path.is_file() and not h1.from_checkpoint

    model2, update2 = make_regression_run()
    calls = count_calls(model2)
    h2 = gu.fit(model2, update2, (x, y), steps=30, checkpoint=path, progress=False)
    assert calls == [] and h2.from_checkpoint and h2["mse"] == h1["mse"]
    assert torch.equal(model.weight, model2.weight) and "Loaded reg.pt" in capsys.readouterr().out
    # the optimizer state came back as well
    assert update2.optimizer.state_dict()["param_groups"] == update.optimizer.state_dict()["param_groups"]


def test_keyboard_interrupt_keeps_weights_and_resumes(tmp_path):
    x, y = regression_problem()
    path = tmp_path / "int.pt"
    model, update = make_regression_run()
    w0 = model.weight.detach().clone()
    interrupt_at(model, 11)
    h = gu.fit(model, update, (x, y), steps=50, checkpoint=path, log_every=5, progress=False)
    assert h.interrupted and h.steps[-1] == 10 and not torch.equal(w0, model.weight)
    assert torch.load(path, weights_only=True)["step"] == 10

    model2, update2 = make_regression_run()
    calls = count_calls(model2)
    h2 = gu.fit(model2, update2, (x, y), steps=50, checkpoint=path, log_every=5, progress=False)
    assert len(calls) == 40 and h2.steps[-1] == 50 and h2.steps[:2] == [5, 10]


def test_a_check_interrupted_at_its_step_is_taken_when_the_run_resumes(tmp_path):
    """Ctrl-C (or a killed kernel's interrupt) inside the callback of step 10 saves step 10 without its check; the
    resumed run measures it first, so the curve has no hole."""
    x, y = regression_problem()
    path = tmp_path / "cb.pt"
    model, update = make_regression_run()

    def check(step):
        if step == 10:
            raise KeyboardInterrupt
        return {"w": model.weight.sum().item()}

    h = gu.fit(model, update, (x, y), steps=20, checkpoint=path, log_every=5, progress=False, callback=check,
               callback_every=5)
    assert h.interrupted and h.checks["step"] == [5]
    model2, update2 = make_regression_run()
    h2 = gu.fit(model2, update2, (x, y), steps=20, checkpoint=path, log_every=5, progress=False,
                callback=lambda step: {"w": model2.weight.sum().item()}, callback_every=5)
    assert h2.checks["step"] == [5, 10, 15, 20]


def test_corrupt_or_foreign_checkpoints_give_clear_errors(tmp_path):
    x, y = regression_problem()
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    model, update = make_regression_run()
    with pytest.raises(gu.CheckpointError, match="delete it"):
        gu.fit(model, update, (x, y), steps=3, checkpoint=bad, progress=False)

    good = tmp_path / "good.pt"
    gu.fit(model, update, (x, y), steps=3, checkpoint=good, progress=False)
    # a checkpoint whose settings match but whose weights do not fit the model (a foreign or doctored file)
    state = torch.load(good, weights_only=True)
    state["models"]["model"] = {"weight": torch.zeros(3, 3), "bias": torch.zeros(3)}
    torch.save(state, good)
    model2, update2 = make_regression_run()
    with pytest.raises(gu.CheckpointError, match=r"good.pt holds weights for a different 'model' model"):
        gu.fit(model2, update2, (x, y), steps=3, checkpoint=good, progress=False)


def test_atomic_save_leaves_no_partial_file(tmp_path, monkeypatch):
    from gen_utils import checkpoints

    def broken_save(obj, f):
        f.write(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(checkpoints.torch, "save", broken_save)
    with pytest.raises(OSError):
        checkpoints.save_checkpoint(tmp_path / "x.pt", {"a": 1})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kwargs, err, match", [
    ({"epochs": 1, "steps": 3}, ValueError, "exactly one"),
    ({}, ValueError, "exactly one"),
    ({"steps": 3, "batch_size": 0}, ValueError, "batch_size"),
])
def test_bad_loop_arguments(kwargs, err, match):
    x, y = regression_problem(32)
    model, update = make_regression_run()
    with pytest.raises(err, match=match):
        gu.fit(model, update, (x, y), progress=False, **kwargs)


def test_bad_data_and_losses_are_explained():
    x, y = regression_problem(32)
    model, update = make_regression_run()
    with pytest.raises(ValueError, match="same first dimension"):
        gu.fit(model, update, (x, y[:5]), steps=1, progress=False)
    with pytest.raises(ValueError, match="scalar"):
        gu.fit(model, gu.Update("u", update.optimizer, lambda b: model(b[0])), (x, y), steps=1, progress=False)
    with pytest.raises(ValueError, match="no_grad"):
        gu.fit(model, gu.Update("u", update.optimizer, lambda b: model(b[0]).sum().detach()), (x, y),
               steps=1, progress=False)


def test_map_batches_matches_one_big_call():
    x = torch.randn(2500, 3)
    out = gu.map_batches(lambda b: b.sum(1), x, batch_size=1000)
    assert torch.allclose(out, x.sum(1))


def test_plain_numbers_can_be_logged_beside_the_loss():
    x, y = regression_problem(64)
    model, update = make_regression_run()
    inner = update.loss_fn
    update.loss_fn = lambda b: (inner(b), {"lr": 0.05})
    h = gu.fit(model, update, (x, y), steps=4, batch_size=16, log_every=2, progress=False)
    assert h["lr"] == [pytest.approx(0.05)] * 2


def test_callback_measures_during_training_and_survives_a_checkpoint(tmp_path):
    x, y = regression_problem()
    model, update = make_regression_run()
    seen_modes = []

    def callback(step):
        seen_modes.append(model.training)
        model.eval()                                   # the loop must switch back to training mode
        return {"full_mse": nn.functional.mse_loss(model(x), y).item()}

    path = tmp_path / "cb.pt"
    h = gu.fit(model, update, (x, y), steps=25, callback=callback, callback_every=10, checkpoint=path,
               progress=False)
    assert h.checks["step"] == [10, 20, 25] and len(h.checks["full_mse"]) == 3
    assert h.checks["full_mse"][-1] < h.checks["full_mse"][0]
    assert seen_modes == [True, True, True]
    trained = h.checks[gu.train.CHECK_SECONDS]          # the training seconds up to each check, checks excluded
    assert trained == sorted(trained) and 0 < trained[0] and trained[-1] <= h.seconds + 1e-9
    model2, update2 = make_regression_run()
    h2 = gu.fit(model2, update2, (x, y), steps=25, callback=callback, callback_every=10, checkpoint=path,
                progress=False)
    assert h2.from_checkpoint and h2.checks == h.checks
    with pytest.raises(ValueError, match="callback_every"):
        gu.fit(model, update, (x, y), steps=5, callback=callback, callback_every=0, progress=False)


def test_host_guard_flags_what_a_cuda_graph_would_freeze():
    from gen_utils._cuda_graph import GraphCaptureError, host_guard as _host_guard

    x = torch.ones(3)
    with _host_guard():
        torch.ones(()) * 2.0  # scalars are fine: they are baked in like Python numbers
    with pytest.raises(GraphCaptureError, match="host tensor"):
        with _host_guard():
            torch.randn(4, 2)
    with pytest.raises(GraphCaptureError, match="reads a value back"):
        with _host_guard():
            torch.ones(()).item()
    assert x.sum() == 3  # the mode is gone afterwards


def test_optimizers_are_made_capturable_or_refused():
    from gen_utils._cuda_graph import make_capturable

    w = nn.Parameter(torch.ones(2))
    adam, rms = torch.optim.Adam([w]), torch.optim.RMSprop([w])
    ups = [gu.Update("a", adam, lambda b: w.sum()), gu.Update("b", rms, lambda b: w.sum())]
    assert make_capturable({u.name: u.optimizer for u in ups}) is None
    assert adam.param_groups[0]["capturable"] and rms.param_groups[0]["capturable"]
    lbfgs = torch.optim.LBFGS([w])
    assert "LBFGS" in make_capturable({"c": lbfgs})


def test_a_learning_rate_schedule_is_seen_before_a_capture_would_freeze_it():
    from gen_utils._cuda_graph import changed, hyperparameters

    w = nn.Parameter(torch.ones(2))
    sgd, schedule = gu.gan.paper_sgd([w])
    adam = torch.optim.Adam([w], lr=1e-3, betas=(0.5, 0.9))
    before = hyperparameters({"D": sgd, "G": adam})
    assert before["D", 0, "lr"] == 0.1 and before["G", 0, "betas"] == (0.5, 0.9) and ("D", 0, "params") not in before
    assert changed(before, hyperparameters({"D": sgd, "G": adam})) == []
    schedule()                                            # the paper's decay after one update
    assert changed(before, hyperparameters({"D": sgd, "G": adam})) == ["D: lr", "D: updates"]
    adam.param_groups[0]["lr"] = 5e-4
    assert "G: lr" in changed(before, hyperparameters({"D": sgd, "G": adam}))


# ----------------------------------------------------------------- checkpoints that never go stale

def trained_then_changed(tmp_path, capsys, change):
    """Train a regression run into a checkpoint, then run again with ``change`` applied; (trained again?, note)."""
    x, y = regression_problem()
    path = tmp_path / "run.pt"
    torch.manual_seed(0)
    model, update = make_regression_run()
    gu.fit(model, update, (x, y), steps=20, batch_size=32, checkpoint=path, progress=False)
    capsys.readouterr()
    torch.manual_seed(0)
    kwargs = {"steps": 20, "batch_size": 32}
    model2, update2, kwargs, data = change(*make_regression_run(), kwargs, (x, y))
    calls = count_calls(model2)
    h = gu.fit(model2, update2, data, checkpoint=path, progress=False, **kwargs)
    out = capsys.readouterr().out
    return bool(calls) and not h.from_checkpoint, out


def test_same_settings_load_the_checkpoint(tmp_path, capsys):
    retrained, out = trained_then_changed(tmp_path, capsys, lambda m, u, kw, d: (m, u, kw, d))
    assert not retrained and "Loaded run.pt" in out


def _new_lr(model, update, kwargs, data):
    update.optimizer.param_groups[0]["lr"] = 0.01
    return model, update, kwargs, data


def _new_batch(model, update, kwargs, data):
    return model, update, {**kwargs, "batch_size": 16}, data


def _new_steps(model, update, kwargs, data):
    return model, update, {**kwargs, "steps": 40}, data


def _new_seed(model, update, kwargs, data):
    return model, update, {**kwargs, "seed": 3}, data


def _new_init(model, update, kwargs, data):
    with torch.no_grad():
        model.weight.add_(0.1)
    return model, update, kwargs, data


def _new_data(model, update, kwargs, data):
    return model, update, kwargs, (data[0] * 2, data[1])


def _new_key(model, update, kwargs, data):
    return model, update, {**kwargs, "key": {"dataset": "fashion_mnist"}}, data


WEIGHT = 1.0


def _new_loss_weight(model, update, kwargs, data):
    weight = 2.0  # a number the loss function reads from its closure, as a notebook cell would

    def loss(b):
        return weight * nn.functional.mse_loss(model(b[0]), b[1])
    return model, gu.Update("mse", update.optimizer, loss), kwargs, data


def _new_after_step(model, update, kwargs, data):
    def clip():  # a hook that changes the weights (WGAN's clipping) is part of the recipe
        with torch.no_grad():
            model.weight.clamp_(-0.5, 0.5)
    return model, gu.Update("mse", update.optimizer, update.loss_fn, after_step=clip), kwargs, data


def _new_optimizer(model, update, kwargs, data):
    return model, gu.Update("mse", torch.optim.Adam(model.parameters(), lr=0.05), update.loss_fn), kwargs, data


@pytest.mark.parametrize("change, what", [
    (_new_lr, "lr: 0.05 -> 0.01"), (_new_batch, "batch_size: 32 -> 16"), (_new_steps, "steps: 20 -> 40"),
    (_new_seed, "seed: 0 -> 3"), (_new_init, "other initial values"), (_new_data, "data[0]"),
    (_new_key, "extra.dataset"), (_new_loss_weight, "loss function"), (_new_optimizer, "optimizer: SGD -> Adam"),
    (_new_after_step, "updates.mse.after_step: the after-step hook's code"),
])
def test_any_change_that_moves_the_weights_trains_again_and_says_what_changed(tmp_path, capsys, change, what):
    retrained, out = trained_then_changed(tmp_path, capsys, change)
    assert retrained and "Training again: run.pt was trained with other settings" in out and what in out, out


def test_a_loss_reading_a_global_number_is_fingerprinted():
    from gen_utils.checkpoints import function_fingerprint

    global WEIGHT

    def loss(b):
        return WEIGHT * b.sum()

    before = function_fingerprint(loss)
    WEIGHT = 3.0
    try:
        assert function_fingerprint(loss) != before
    finally:
        WEIGHT = 1.0
    assert function_fingerprint(loss) == before
    assert function_fingerprint(lambda b: b.sum()) != function_fingerprint(lambda b: b.mean())


def _helper(b):
    return b.sum()


def test_a_helper_the_loss_calls_is_fingerprinted_too():
    from gen_utils.checkpoints import function_fingerprint

    global _helper
    loss = lambda b: 2 * _helper(b)  # noqa: E731  (as a notebook's lambda calling its vae_loss)
    before = function_fingerprint(loss)
    old = _helper
    _helper = lambda b: b.mean()  # noqa: E731
    try:
        assert function_fingerprint(loss) != before
    finally:
        _helper = old
    assert function_fingerprint(loss) == before


def test_a_resumed_run_keeps_the_callers_optimizer_settings(tmp_path):
    x, y = regression_problem()
    path = tmp_path / "resume.pt"
    model, update = make_regression_run(lr=0.05)
    interrupt_at(model, 6)
    gu.fit(model, update, (x, y), steps=20, checkpoint=path, progress=False)
    state = torch.load(path, weights_only=True)          # as if a schedule had lowered the rate before the save
    state["optimizers"]["mse"]["param_groups"][0]["lr"] = 0.5
    torch.save(state, path)
    model2, update2 = make_regression_run(lr=0.05)
    h = gu.fit(model2, update2, (x, y), steps=20, checkpoint=path, progress=False)
    assert h.from_checkpoint and h.steps[-1] == 20
    assert update2.optimizer.param_groups[0]["lr"] == 0.05


def test_running_the_fit_cell_again_on_the_interrupted_models_resumes(tmp_path):
    x, y = regression_problem()
    path = tmp_path / "again.pt"
    model, update = make_regression_run()
    interrupt_at(model, 6)
    h = gu.fit(model, update, (x, y), steps=20, checkpoint=path, progress=False)
    assert h.interrupted and h.steps[-1] == 5
    calls = count_calls(model)   # the same model object, its weights trained for 5 steps: resume, not restart
    h2 = gu.fit(model, update, (x, y), steps=20, checkpoint=path, progress=False)
    assert h2.from_checkpoint and h2.steps[-1] == 20 and len(calls) == 15


def test_old_checkpoints_without_settings_are_trained_again(tmp_path, capsys):
    x, y = regression_problem()
    path = tmp_path / "old.pt"
    model, update = make_regression_run()
    gu.fit(model, update, (x, y), steps=5, checkpoint=path, progress=False)
    state = torch.load(path, weights_only=True)
    del state["identity"]
    state["format"] = "gen_utils-checkpoint-1"
    torch.save(state, path)
    capsys.readouterr()
    h = gu.fit(model, update, (x, y), steps=5, checkpoint=path, progress=False)
    assert not h.from_checkpoint and "no record of its settings" in capsys.readouterr().out
    assert "identity" in torch.load(path, weights_only=True)


def test_fit_leaves_the_global_random_state_as_it_found_it(tmp_path):
    import random

    import numpy as np

    x, y = regression_problem()
    draws = []
    for _ in range(2):  # first call trains, second loads the checkpoint
        torch.manual_seed(11)
        random.seed(11)
        np.random.seed(11)
        model = nn.Linear(4, 1)
        update = gu.Update("mse", torch.optim.SGD(model.parameters(), lr=0.05),  # draws from the global generator
                           lambda b: nn.functional.mse_loss(model(b[0] + 0.01 * torch.randn_like(b[0])), b[1]))
        gu.fit(model, update, (x, y), steps=10, checkpoint=tmp_path / "rng.pt", progress=False)
        draws.append((torch.rand(3).tolist(), random.random(), float(np.random.rand())))
    assert draws[0] == draws[1]
    torch.manual_seed(11)
    nn.Linear(4, 1)
    assert torch.rand(3).tolist() == draws[0][0]  # as if fit had not been called at all


CHAPTER_SCRIPT = r"""
import torch, gen_utils as gu
from torch import nn
torch.manual_seed(0)
x = torch.randn(256, 3); y = x @ torch.tensor([[1.0], [2.0], [-1.0]])
model = nn.Linear(3, 1)
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
noise = 0.1
gu.fit(model, gu.Update("mse", opt, lambda b: nn.functional.mse_loss(model(b[0] + noise * torch.randn_like(b[0])), b[1])),
       (x, y), steps=30, batch_size=32, progress=False, checkpoint=gu.checkpoint_path("chapter_like"))
probe = torch.randn(5, 3)
print("NUMBERS", nn.functional.mse_loss(model(x), y).item(), model(probe).sum().item(), torch.rand(1).item())
"""


def test_a_chapter_prints_the_same_numbers_when_it_trains_and_when_it_loads(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "GEN_UTILS_CHECKPOINTS": str(tmp_path), "GEN_UTILS_FAST": "0"}
    script = tmp_path / "chapter.py"
    script.write_text(CHAPTER_SCRIPT)
    runs = [subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, check=True,
                           timeout=300).stdout for _ in range(2)]
    numbers = [[line for line in r.splitlines() if line.startswith("NUMBERS")] for r in runs]
    assert "Loaded chapter_like.pt" in runs[1] and "Loaded" not in runs[0]
    assert numbers[0] == numbers[1] and len(numbers[0]) == 1


def test_seconds_is_the_shortest_of_the_repeats():
    waits = iter([0.4, 0.05, 0.25])                               # far apart: a busy machine's delays stay below 0.2 s
    took = gu.seconds(lambda: time.sleep(next(waits)), "cpu", repeat=3)
    assert 0.05 <= took < 0.25                                   # the shortest of the three sleeps, not the first
    assert gu.seconds(lambda: None) < 0.01
    with pytest.raises(ValueError, match="repeat"):
        gu.seconds(lambda: None, repeat=0)


def test_the_state_is_saved_at_intervals_during_training(tmp_path):
    x, y = regression_problem()
    path = tmp_path / "periodic.pt"
    model, update = make_regression_run()
    seen = []

    def look(step):
        seen.append(torch.load(path, weights_only=True)["step"] if path.exists() else None)
        return {}

    gu.fit(model, update, (x, y), steps=20, checkpoint=path, log_every=5, progress=False, save_every=0,
           callback=look, callback_every=10)
    assert seen == [5, 15]                           # saved at every progress update (save_every=0) before the end
    saved = torch.load(path, weights_only=True)["history"]["checks"]
    assert saved["step"] == [10, 20]                 # a state saved at a callback's step holds that step's check


def test_a_deadline_stops_training_saved_and_the_next_run_resumes(tmp_path, monkeypatch):
    x, y = regression_problem()
    path = tmp_path / "deadline.pt"
    model, update = make_regression_run()
    monkeypatch.setenv("GEN_UTILS_STOP_AT", str(time.time() - 1))
    with pytest.raises(gu.train.TrainingStopped, match="stopped at step 5 of 30.*resumes"):
        gu.fit(model, update, (x, y), steps=30, checkpoint=path, log_every=5, progress=False)
    assert torch.load(path, weights_only=True)["step"] == 5
    monkeypatch.delenv("GEN_UTILS_STOP_AT")
    model2, update2 = make_regression_run()
    calls = count_calls(model2)
    h = gu.fit(model2, update2, (x, y), steps=30, checkpoint=path, log_every=5, progress=False)
    assert len(calls) == 25 and h.steps == [5, 10, 15, 20, 25, 30]


def test_progress_lines_go_to_the_log_file(tmp_path, monkeypatch):
    x, y = regression_problem()
    log = tmp_path / "run.log"
    monkeypatch.setenv("GEN_UTILS_LOG", str(log))
    model, update = make_regression_run()
    gu.fit(model, update, (x, y), steps=10, checkpoint=tmp_path / "logged.pt", log_every=5, progress=False)
    lines = log.read_text().splitlines()
    assert len(lines) == 2 and "logged step 5/10 mse=" in lines[0] and "step 10/10" in lines[1]


def test_the_identity_is_portable_source_text_not_bytecode():
    from gen_utils.checkpoints import _hyperparameters, function_fingerprint, source_text

    def loss(b):
        # a comment does not change what it computes
        return b.sum()
    assert source_text(loss) == "def loss(b):\n    return b.sum()"
    assert function_fingerprint(loss)[0] == source_text(loss)        # the text itself, no bytecode
    import torch.nn.functional as F
    assert function_fingerprint(F.mse_loss) == ["torch.nn.functional.mse_loss", None]   # library code: its name
    group = {"lr": 0.1, "betas": (0.5, 0.999), "amsgrad": False, "foreach": None, "decoupled_weight_decay": False,
             "params": [1]}                            # a newer torch adds switches that are off: left out
    assert _hyperparameters(group) == {"betas": [0.5, 0.999], "lr": 0.1}


def test_a_run_stopped_and_resumed_ends_with_the_weights_of_one_run(tmp_path, monkeypatch):
    x, y = regression_problem()

    def noisy_run():
        model, update = make_regression_run()
        noisy = gu.Update("mse", update.optimizer,
                          lambda b: nn.functional.mse_loss(model(b[0] + 0.1 * torch.randn_like(b[0])), b[1]))
        return model, noisy

    whole, update = noisy_run()
    gu.fit(whole, update, (x, y), steps=30, checkpoint=tmp_path / "whole.pt", log_every=5, progress=False)
    monkeypatch.setenv("GEN_UTILS_STOP_AT", str(time.time() - 1))
    part, update = noisy_run()
    with pytest.raises(gu.train.TrainingStopped):
        gu.fit(part, update, (x, y), steps=30, checkpoint=tmp_path / "split.pt", log_every=5, progress=False)
    monkeypatch.delenv("GEN_UTILS_STOP_AT")
    resumed, update = noisy_run()
    h = gu.fit(resumed, update, (x, y), steps=30, checkpoint=tmp_path / "split.pt", log_every=5, progress=False)
    assert h.steps[0] == 5 and torch.equal(resumed.weight, whole.weight)   # the same batches and the same noise


def test_a_bad_deadline_or_keep_is_explained(tmp_path, monkeypatch):
    x, y = regression_problem()
    model, update = make_regression_run()
    with pytest.raises(ValueError, match="keep= is a list of model names"):
        gu.fit(model, update, (x, y), steps=5, checkpoint=tmp_path / "k.pt", progress=False, keep="model")
    monkeypatch.setenv("GEN_UTILS_STOP_AT", "tomorrow")
    with pytest.raises(ValueError, match="GEN_UTILS_STOP_AT='tomorrow' is not a time"):
        gu.fit(model, update, (x, y), steps=5, checkpoint=tmp_path / "d.pt", progress=False)


def test_atomic_write_gives_a_normal_files_mode(tmp_path):
    """Results, records and shipped weights are read by others: not the 0600 of a temporary file."""
    import os
    import stat

    from gen_utils import checkpoints

    old = os.umask(0o022)
    try:
        path = checkpoints.atomic_write(tmp_path / "r.json", lambda f: f.write(b"{}"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def critic_schedule(step):
    """WGAN's authors' schedule, shrunk: 4 moves for the first 2 steps and every 5th, else 2."""
    return 4 if step < 2 or step % 5 == 0 else 2


def scheduled_game(schedule=critic_schedule, max_repeats=4):
    torch.manual_seed(0)
    critic, G = nn.Linear(2, 1), nn.Linear(2, 2)
    moves = {"critic": [], "G": []}

    def critic_loss(x):
        moves["critic"].append(x.data_ptr())
        return critic(G(torch.randn(len(x), 2)).detach()).mean() - critic(x).mean()

    def g_loss(x):
        moves["G"].append(1)
        return -critic(G(torch.randn(len(x), 2))).mean()

    updates = [gu.Update("critic", torch.optim.RMSprop(critic.parameters(), lr=1e-3), critic_loss, repeats=schedule,
                         max_repeats=max_repeats, after_step=lambda: [p.data.clamp_(-0.5, 0.5) for p in critic.parameters()]),
               gu.Update("G", torch.optim.RMSprop(G.parameters(), lr=1e-3), g_loss)]
    return {"critic": critic, "G": G}, updates, moves


def test_a_schedule_of_repeats_runs_its_moves_and_draws_only_the_batches_it_uses():
    real = torch.randn(640, 2) + 3.0
    models, updates, moves = scheduled_game()
    h = gu.fit(models, updates, real, steps=12, batch_size=32, log_every=4, progress=False)
    expected = [critic_schedule(t) for t in range(12)]
    assert len(moves["critic"]) == sum(expected) == 4 * 4 + 2 * 8 and len(moves["G"]) == 12
    assert len(set(moves["critic"][:4])) == 4                              # each move a fresh batch
    assert h.total_steps == 12
    with pytest.raises(ValueError, match="give fit steps="):
        gu.fit(*scheduled_game()[:2], real, epochs=1, progress=False)
    with pytest.raises(ValueError, match="give max_repeats="):
        gu.fit(*scheduled_game(max_repeats=None)[:2], real, steps=3, progress=False)
    with pytest.raises(ValueError, match=r"gave 5 at step 0.*max_repeats=4"):
        gu.fit(*scheduled_game(lambda t: 5)[:2], real, steps=3, progress=False)


def test_a_scheduled_run_resumes_where_it_stopped_and_its_schedule_is_in_the_identity(tmp_path, monkeypatch):
    real = torch.randn(640, 2) + 3.0
    models, updates, _ = scheduled_game()
    gu.fit(models, updates, real, steps=12, batch_size=32, log_every=4, progress=False, checkpoint=tmp_path / "whole.pt")
    monkeypatch.setenv("GEN_UTILS_STOP_AT", str(time.time() - 1))
    part, updates, _ = scheduled_game()
    with pytest.raises(gu.train.TrainingStopped):
        gu.fit(part, updates, real, steps=12, batch_size=32, log_every=4, progress=False, checkpoint=tmp_path / "split.pt")
    monkeypatch.delenv("GEN_UTILS_STOP_AT")
    resumed, updates, moves = scheduled_game()
    gu.fit(resumed, updates, real, steps=12, batch_size=32, log_every=4, progress=False, checkpoint=tmp_path / "split.pt")
    assert len(moves["critic"]) == sum(critic_schedule(t) for t in range(4, 12))   # the schedule went on at step 4
    assert all(torch.equal(a, b) for a, b in zip(resumed["critic"].parameters(), models["critic"].parameters()))
    other, updates, _ = scheduled_game(lambda t: 4 if t < 3 else 2)
    gu.fit(other, updates, real, steps=12, batch_size=32, log_every=4, progress=False, checkpoint=tmp_path / "whole.pt")
    assert not torch.equal(other["G"].weight, models["G"].weight)         # another schedule: trained again


def test_clip_grad_norm_bounds_the_step_and_enters_the_identity(tmp_path):
    """With plain SGD (lr 1) the step equals the clipped gradient: its norm is the bound, its direction kept."""
    w = nn.Parameter(torch.tensor([3.0, 4.0]))
    opt = torch.optim.SGD([w], lr=1.0)
    gu.fit({"w": nn.ParameterList([w])},
           gu.Update("w", opt, lambda x: 10 * (w * torch.tensor([3.0, 4.0])).sum(), clip_grad_norm=0.5),
           torch.zeros(4, 1), steps=1, batch_size=4, progress=False)
    step = torch.tensor([3.0, 4.0]) - w.detach()
    assert torch.allclose(step, torch.tensor([0.3, 0.4]), atol=1e-6)            # gradient (30, 40), norm 50 -> 0.5
    with pytest.raises(ValueError, match="clip_grad_norm of 'w' must be a positive number"):
        gu.fit({"w": nn.ParameterList([w])}, gu.Update("w", opt, lambda x: w.sum(), clip_grad_norm=0),
               torch.zeros(4, 1), steps=1, batch_size=4, progress=False)
    from gen_utils.checkpoints import load_checkpoint
    idents = []
    for clip in (None, 0.5):
        path = tmp_path / f"run_{clip}.pt"
        v = nn.Parameter(torch.tensor([3.0, 4.0]))
        gu.fit({"v": nn.ParameterList([v])}, gu.Update("v", torch.optim.SGD([v], lr=1.0), lambda x: v.sum(), clip_grad_norm=clip),
               torch.zeros(4, 1), steps=1, batch_size=4, progress=False, checkpoint=path)
        idents.append(load_checkpoint(path)["identity"]["recipe"])
    assert "extra" in idents[1] and idents[1]["extra"]["clip_grad_norm v"] == 0.5
    assert "clip_grad_norm v" not in idents[0].get("extra", {})


def test_initial_values_summed_in_another_order_still_match_but_another_init_does_not():
    from gen_utils.checkpoints import identity_changes

    torch.manual_seed(0)
    a = {"models": {"G": {"0.bias": [[784], "float32", 5209.55164], "0.weight": [[784, 10], "float32", 3.0]}}}
    last_digit = {"models": {"G": {"0.bias": [[784], "float32", 5209.55163], "0.weight": [[784, 10], "float32", 3.0]}}}
    assert identity_changes(a, last_digit) == []          # a data mean summed on another CPU: the last digit moved
    other_init = {"models": {"G": {"0.bias": [[784], "float32", 5209.6], "0.weight": [[784, 10], "float32", 3.0]}}}
    assert identity_changes(a, other_init) == ["models.G.0.bias: other initial values (another seed or initialisation)"]
    reshaped = {"models": {"G": {"0.bias": [[785], "float32", 5209.55164], "0.weight": [[784, 10], "float32", 3.0]}}}
    assert identity_changes(a, reshaped) and "[784]" in identity_changes(a, reshaped)[0]
    # two seeds of a real layer differ far beyond the tolerance
    from gen_utils.checkpoints import _checksum
    s0 = _checksum(torch.nn.init.uniform_(torch.empty(1200, 100), -0.05, 0.05))
    s1 = _checksum(torch.nn.init.uniform_(torch.empty(1200, 100), -0.05, 0.05))
    assert abs(s0 - s1) > 1e-4 * abs(s0)

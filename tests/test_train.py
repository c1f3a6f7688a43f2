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


def make_regression_run(lr=0.05):
    model = nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    update = gu.Update("mse", opt, lambda b: nn.functional.mse_loss(model(b[0]), b[1]))
    return model, update


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
    calls = []
    inner = update2.loss_fn
    update2.loss_fn = lambda b: calls.append(1) or inner(b)
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
    inner, n = update.loss_fn, {"calls": 0}

    def interrupting(b):
        n["calls"] += 1
        if n["calls"] == 11:
            raise KeyboardInterrupt
        return inner(b)

    update.loss_fn = interrupting
    h = gu.fit(model, update, (x, y), steps=50, checkpoint=path, log_every=5, progress=False)
    assert h.interrupted and h.steps[-1] == 10 and not torch.equal(w0, model.weight)
    assert torch.load(path, weights_only=True)["step"] == 10

    model2, update2 = make_regression_run()
    calls = []
    inner2 = update2.loss_fn
    update2.loss_fn = lambda b: calls.append(1) or inner2(b)
    h2 = gu.fit(model2, update2, (x, y), steps=50, checkpoint=path, log_every=5, progress=False)
    assert len(calls) == 40 and h2.steps[-1] == 50 and h2.steps[:2] == [5, 10]


def test_corrupt_or_foreign_checkpoints_give_clear_errors(tmp_path):
    x, y = regression_problem()
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    model, update = make_regression_run()
    with pytest.raises(gu.CheckpointError, match="delete it"):
        gu.fit(model, update, (x, y), steps=3, checkpoint=bad, progress=False)

    good = tmp_path / "good.pt"
    gu.fit(model, update, (x, y), steps=3, checkpoint=good, progress=False)
    other = nn.Linear(4, 2)
    opt = torch.optim.SGD(other.parameters(), lr=0.1)
    with pytest.raises(gu.CheckpointError, match="different 'model' model"):
        gu.fit(other, gu.Update("mse", opt, lambda b: other(b[0]).sum()), (x, y), steps=3,
               checkpoint=good, progress=False)


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
    model2, update2 = make_regression_run()
    h2 = gu.fit(model2, update2, (x, y), steps=25, callback=callback, callback_every=10, checkpoint=path,
                progress=False)
    assert h2.from_checkpoint and h2.checks == h.checks
    with pytest.raises(ValueError, match="callback_every"):
        gu.fit(model, update, (x, y), steps=5, callback=callback, callback_every=0, progress=False)


def test_host_guard_flags_what_a_cuda_graph_would_freeze():
    from gen_utils.train import GraphCaptureError, _host_guard

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
    from gen_utils.train import _make_capturable

    w = nn.Parameter(torch.ones(2))
    adam, rms = torch.optim.Adam([w]), torch.optim.RMSprop([w])
    ups = [gu.Update("a", adam, lambda b: w.sum()), gu.Update("b", rms, lambda b: w.sum())]
    assert _make_capturable(ups) is None
    assert adam.param_groups[0]["capturable"] and rms.param_groups[0]["capturable"]
    lbfgs = torch.optim.LBFGS([w])
    assert "LBFGS" in _make_capturable([gu.Update("c", lbfgs, lambda b: w.sum())])

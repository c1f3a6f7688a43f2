"""Checks that need a CUDA GPU (skipped elsewhere): the loop on the device, and no per-step synchronisation."""
import pytest
import torch
from torch import nn

import gen_utils as gu

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def problem(device):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(4096, 16, generator=g)
    y = x @ torch.randn(16, 1, generator=g)
    model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 1)).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    update = gu.Update("mse", opt, lambda b: nn.functional.mse_loss(model(b[0]), b[1]),)
    return model, update, (x.to(device), y.to(device))


def test_training_and_checkpoints_on_the_gpu(tmp_path):
    model, update, data = problem("cuda")
    h = gu.fit(model, update, data, steps=200, batch_size=256, log_every=50, progress=False,
               checkpoint=tmp_path / "gpu.pt")
    assert h["mse"][-1] < 0.1 * h["mse"][0]
    model2, update2, _ = problem("cuda")
    h2 = gu.fit(model2, update2, data, steps=200, batch_size=256, progress=False, checkpoint=tmp_path / "gpu.pt")
    assert h2.from_checkpoint and all(torch.equal(a, b) for a, b in zip(model.parameters(), model2.parameters()))


def test_losses_are_read_back_once_per_progress_update_not_every_step():
    from torch.profiler import ProfilerActivity, profile

    model, update, data = problem("cuda")
    gu.fit(model, update, data, steps=10, batch_size=256, progress=False)  # warm-up
    steps, log_every = 200, 50
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        gu.fit(model, update, data, steps=steps, batch_size=256, log_every=log_every, progress=False)
        torch.cuda.synchronize()
    # one read-back per progress update (plus at most one for the end of the run), never one per step
    assert device_to_host_copies(prof) <= steps // log_every + 1

    # the detector works: a loss function that reads its value every step is caught
    inner = update.loss_fn

    def reading_every_step(b):
        loss = inner(b)
        loss.item()
        return loss

    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        gu.fit(model, gu.Update("mse", update.optimizer, reading_every_step), data, steps=steps,
               batch_size=256, log_every=log_every, progress=False)
        torch.cuda.synchronize()
    assert device_to_host_copies(prof) >= steps


def device_to_host_copies(prof) -> int:
    return sum(1 for e in prof.events() if "DtoH" in e.name or "Device -> Pageable" in e.name)


def test_cuda_graph_replays_real_steps_on_fresh_batches():
    # the same batches, the same Adam: replaying the captured step must train exactly like the eager loop
    runs = {}
    for graph in (False, True):
        torch.manual_seed(0)
        model, update, data = problem("cuda")
        h = gu.fit(model, update, data, steps=120, batch_size=256, log_every=40, progress=False, cuda_graph=graph)
        runs[graph] = (model, h)
    (eager, h_eager), (graphed, h_graph) = runs[False], runs[True]
    for a, b in zip(eager.parameters(), graphed.parameters()):
        assert torch.allclose(a, b, atol=1e-3, rtol=1e-3)  # float rounding differs between the two Adam kernels
    assert h_graph["mse"] == pytest.approx(h_eager["mse"], rel=1e-3)
    assert h_graph["mse"][-1] < 0.1 * h_graph["mse"][0]


def test_cuda_graph_gan_step_with_noise_and_repeats(capsys):
    # random noise drawn inside the graph must change at every replay, and repeats (critic steps) all run
    G = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2)).cuda()
    D = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1)).cuda()
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-3)
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-3)
    seen = []

    def critic(x):
        fake = G(torch.randn(len(x), 8, device="cuda"))
        return D(fake.detach()).mean() - D(x).mean()

    def gen(x):
        fake = G(torch.randn(len(x), 8, device="cuda"))
        return -D(fake).mean(), {"fake_mean": fake.mean()}

    data = torch.randn(2048, 2, device="cuda") + 3
    h = gu.fit({"G": G, "D": D}, [gu.Update("critic", opt_d, critic, repeats=3), gu.Update("G", opt_g, gen)],
               data, steps=60, batch_size=64, log_every=1, progress=False, cuda_graph=True)
    assert "without CUDA graphs" not in capsys.readouterr().out
    fake_means = h["fake_mean"]
    assert len(set(fake_means[5:])) == len(fake_means[5:])  # fresh noise and weights every replayed step
    assert all(g["capturable"] for g in opt_d.param_groups)
    assert int(opt_d.state[next(iter(D.parameters()))]["step"]) == 3 * 60  # every critic repeat stepped
    assert int(opt_g.state[next(iter(G.parameters()))]["step"]) == 60


def test_host_work_falls_back_to_eager_training(capsys):
    model, update, data = problem("cuda")
    inner = update.loss_fn

    def with_host_noise(b):  # noise made on the host and copied over: a graph would freeze it
        return inner(b) + 0 * torch.randn(len(b[0]), 1).to("cuda").mean()

    h = gu.fit(model, gu.Update("mse", update.optimizer, with_host_noise), data, steps=100, batch_size=256,
               progress=False, cuda_graph=True)
    assert "Training without CUDA graphs" in capsys.readouterr().out
    assert h["mse"][-1] < 0.2 * h["mse"][0]


def test_a_captured_run_leaves_the_cuda_random_state_as_it_found_it(tmp_path):
    # fit restores the caller's generators after training with CUDA graphs, and after loading the checkpoint
    draws = []
    for _ in range(2):
        torch.manual_seed(5)
        model, update, data = problem("cuda")
        gu.fit(model, update, data, steps=50, batch_size=256, progress=False, cuda_graph=True,
               checkpoint=tmp_path / "rng.pt")
        draws.append(torch.randn(4, device="cuda").tolist())
    torch.manual_seed(5)
    problem("cuda")
    assert draws[0] == draws[1] == torch.randn(4, device="cuda").tolist()


def test_a_learning_rate_schedule_trains_without_graphs(capsys):
    # the GAN paper's decay runs in after_step, on the host: a captured step would freeze lr at its capture
    model, _, data = problem("cuda")
    opt, schedule = gu.gan.paper_sgd(model.parameters(), lr=0.01)
    update = gu.Update("mse", opt, lambda b: nn.functional.mse_loss(model(b[0]), b[1]), after_step=schedule)
    gu.fit(model, update, data, steps=20, batch_size=64, progress=False, cuda_graph=True)
    assert "mse: lr" in capsys.readouterr().out
    assert opt.param_groups[0]["updates"] == 20 and opt.param_groups[0]["lr"] == max(0.01 / 1.000004 ** 20, 1e-6)

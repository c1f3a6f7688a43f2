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

"""Energy-based-model pieces: Langevin against the exact law of a discretised Ornstein-Uhlenbeck chain, the
contrastive-divergence gradient, the replay buffer, the energy CNN, the energy distance and the AUROC."""
import pytest
import torch
from torch import nn

import gen_utils as gu
from gen_utils.energy import EnergyCNN, ReplayBuffer, contrastive_divergence_loss, langevin
from gen_utils.metrics import auroc, energy_distance


def test_langevin_on_a_gaussian_energy_reaches_the_discretised_chains_variance():
    # E = x^2 / 2: x' = (1 - eps) x + sqrt(2 eps) xi, whose stationary variance is 2 / (2 - eps), not 1
    torch.manual_seed(0)
    eps = 0.2
    x = langevin(lambda v: 0.5 * v.pow(2).sum(1), torch.full((40_000, 1), 3.0), steps=200, step_size=eps)
    assert abs(x.mean().item()) < 0.03
    assert x.var().item() == pytest.approx(2 / (2 - eps), rel=0.03)
    assert abs(x.var().item() - 1) > 0.05          # the discretisation bias is real at this step size


def test_langevin_clips_gradients_clamps_and_uses_the_given_noise():
    x0 = torch.zeros(3, 2)
    out = langevin(lambda v: 100 * v.sum(1), x0, steps=2, step_size=1.0, noise_std=0.0, grad_clip=0.03)
    assert torch.allclose(out, torch.full_like(x0, -0.06))            # each step moves by the clipped gradient
    out = langevin(lambda v: 100 * v.sum(1), x0, steps=1, step_size=1.0, noise_std=0.0, value_range=(-1, 1))
    assert torch.equal(out, torch.full_like(x0, -1.0))
    assert not out.requires_grad
    torch.manual_seed(1)
    noisy = langevin(lambda v: 0 * v.sum(1), torch.zeros(50_000, 1), steps=1, step_size=1.0, noise_std=0.5)
    assert noisy.std().item() == pytest.approx(0.5, rel=0.02)


def test_langevin_rejects_bad_energies_and_steps():
    with pytest.raises(ValueError, match="one number per example"):
        langevin(lambda v: v, torch.zeros(4, 2), steps=1, step_size=0.1)
    with pytest.raises(ValueError, match="positive step size"):
        langevin(lambda v: v.sum(1), torch.zeros(4, 2), steps=1, step_size=0.0)


def test_contrastive_divergence_gradient_is_data_term_minus_model_term():
    # E_theta(x) = theta . x: d/dtheta [mean E(data) - mean E(model)] = mean x_data - mean x_model
    torch.manual_seed(0)
    theta = torch.randn(3, requires_grad=True)
    x_data, x_model = torch.randn(10, 3), torch.randn(7, 3) + 1
    loss = contrastive_divergence_loss(x_data @ theta, x_model @ theta)
    loss.backward()
    assert torch.allclose(theta.grad, x_data.mean(0) - x_model.mean(0), atol=1e-6)
    e_d, e_m = torch.tensor([1.0, 3.0]), torch.tensor([-2.0])
    assert contrastive_divergence_loss(e_d, e_m, alpha=0.5).item() == pytest.approx(2 + 2 + 0.5 * (5 + 4))
    with pytest.raises(ValueError, match="one per example"):
        contrastive_divergence_loss(torch.zeros(2, 1), torch.zeros(2))


def test_replay_buffer_draws_stored_samples_restarts_a_share_and_stores_back():
    torch.manual_seed(0)
    buffer = ReplayBuffer(100, (1, 2, 2), value_range=(-1, 1), reinit=0.0, seed=3)
    assert buffer.samples.shape == (100, 1, 2, 2) and buffer.samples.min() >= -1 and buffer.samples.max() <= 1
    assert torch.equal(buffer.samples, ReplayBuffer(100, (1, 2, 2), seed=3).samples)       # seeded contents
    starts, slots = buffer.draw(10)
    assert torch.equal(starts, buffer.samples[slots])
    buffer.store(slots, torch.full((10, 1, 2, 2), 5.0))
    assert (buffer.samples[slots] == 5).all() and "samples" in buffer.state_dict()
    fresh = ReplayBuffer(100, (1, 2, 2), reinit=1.0)
    fresh.samples.fill_(5.0)
    starts, _ = fresh.draw(50)
    assert (starts.abs() <= 1).all()                                                        # all restarted from noise
    half = ReplayBuffer(1000, (1,), reinit=0.3)
    half.samples.fill_(5.0)
    share = (half.draw(20_000)[0] != 5).float().mean().item()
    assert share == pytest.approx(0.3, abs=0.02)
    with pytest.raises(ValueError, match="batch of shape"):
        buffer.store(slots, torch.zeros(10, 2, 2))
    with pytest.raises(ValueError, match="reinit"):
        ReplayBuffer(10, (1,), reinit=1.5)


def test_energy_cnn_gives_one_energy_per_image_and_checks_its_input():
    net = EnergyCNN(channels=4)
    assert net(torch.zeros(5, 1, 28, 28)).shape == (5,)
    with pytest.raises(ValueError, match="28"):
        net(torch.zeros(5, 1, 32, 32))
    with pytest.raises(ValueError, match="sized for 28"):
        EnergyCNN(image_shape=(3, 32, 32))


def test_fit_checkpoints_the_replay_buffer_with_the_model(tmp_path):
    def run():
        torch.manual_seed(0)
        net = nn.Linear(2, 1)
        buffer = ReplayBuffer(16, (2,), reinit=0.1)
        opt = torch.optim.SGD(net.parameters(), lr=0.01)

        def loss(x):
            starts, slots = buffer.draw(len(x))
            x_model = langevin(lambda v: net(v).squeeze(1), starts, 2, 0.1)
            buffer.store(slots, x_model)
            return contrastive_divergence_loss(net(x).squeeze(1), net(x_model).squeeze(1), alpha=0.1)

        gu.fit({"energy": net, "buffer": buffer}, gu.Update("cd", opt, loss), torch.randn(64, 2), steps=5,
               batch_size=8, progress=False, checkpoint=tmp_path / "ebm.pt")
        return net, buffer

    net, buffer = run()
    assert not torch.equal(buffer.samples, ReplayBuffer(16, (2,)).samples)   # the chains moved
    net2, buffer2 = run()                                     # loaded: the same weights and the same chains
    assert torch.equal(buffer.samples, buffer2.samples)
    assert torch.equal(net.weight, net2.weight)


def test_energy_distance_in_one_dimension_is_twice_the_squared_gap_of_distribution_functions():
    torch.manual_seed(0)
    a, b = torch.randn(300, 1), torch.randn(200, 1) * 1.5 + 0.5
    grid = torch.cat([a, b]).flatten().double().sort().values
    cdf = lambda s, t: (s.flatten().double()[None, :] <= t[:, None]).double().mean(1)  # noqa: E731
    exact = 2 * ((cdf(a, grid[:-1]) - cdf(b, grid[:-1])).pow(2) * grid.diff()).sum().item()
    assert energy_distance(a, b) == pytest.approx(exact, rel=1e-9)
    assert energy_distance(a, a) == pytest.approx(0.0, abs=1e-12)
    x = torch.randn(500, 2)
    assert energy_distance(x, x + 1) > energy_distance(x, x + 0.1) > 0
    with pytest.raises(ValueError, match="one width"):
        energy_distance(torch.zeros(3, 2), torch.zeros(3, 3))


def test_auroc_counts_pairs_and_ties():
    torch.manual_seed(0)
    a, b = torch.randint(0, 5, (40,)).float(), torch.randint(2, 8, (30,)).float()
    pairs = ((b[None, :] > a[:, None]).double() + 0.5 * (b[None, :] == a[:, None]).double()).mean().item()
    assert auroc(a, b) == pytest.approx(pairs, rel=1e-12)
    assert auroc(a, b) == pytest.approx(1 - auroc(b, a), rel=1e-12)
    assert auroc(torch.zeros(3), torch.ones(4)) == 1.0
    assert auroc(torch.ones(5), torch.ones(5)) == 0.5
    with pytest.raises(ValueError, match="at least one"):
        auroc(torch.zeros(0), torch.ones(2))

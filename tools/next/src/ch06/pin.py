ours, package = Maxout(7, 4, 3), gu.models.Maxout(7, 4, 3)
package.load_state_dict(ours.state_dict())
x = torch.randn(16, 7)
pieces = ours.linear(x).view(16, 4, 3)
assert torch.equal(ours(x), package(x)) and torch.equal(ours(x), pieces.max(-1).values), "Maxout differs"
w = nn.Parameter(torch.zeros(1))
(opt_a, step_a), (opt_b, step_b) = paper_sgd([w], updates_per_epoch=5), gu.gan.paper_sgd([w], updates_per_epoch=5)
for _ in range(1500):
    step_a(), step_b()
    a, b = opt_a.param_groups[0], opt_b.param_groups[0]
    assert (a["lr"], a["momentum"]) == (b["lr"], b["momentum"]), "paper_sgd differs from the package's copy"
assert math.isclose(a["momentum"], 0.7) and math.isclose(a["lr"], 0.1 / 1.000004 ** 1500), "the schedule is off"
same_seed = lambda: torch.Generator(device=device).manual_seed(3)  # noqa: E731
assert torch.equal(uniform_noise(1000, same_seed()),
                   gu.gan.sample_noise(1000, Z, "uniform", generator=same_seed(), device=device)), "the noise differs"
probe = nn.Sequential(nn.Linear(7, 5), nn.Tanh(), nn.Linear(5, 1)).to(device)
x = torch.randn(16, 7, device=device, requires_grad=True)
ours, package = held_fixed(probe, x), gu.gan.held_fixed(probe, x)
assert torch.equal(ours, package) and torch.equal(ours, probe(x)), "held_fixed differs from the package's copy or from D"
(direct,) = torch.autograd.grad(probe(x).sum(), x)
ours.sum().backward()
assert all(p.grad is None for p in probe.parameters()), "held_fixed let the gradient into D's parameters"
assert torch.allclose(x.grad, direct), "held_fixed changed the gradient that reaches the generator"
with torch.no_grad():
    average = G(uniform_noise(1000)).mean(0)
gap = (average - data.train_mean).abs().max().item()
assert gap < 0.1, f"the untrained generator's average sample is {gap:.3f} from the mean image"
print("Maxout, paper_sgd, held_fixed and the uniform noise equal their package copies; held_fixed passes the "
      "gradient to the samples and none to D; the untrained generator's average sample "
      f"is within {gap:.3f} of the mean image at every pixel.")

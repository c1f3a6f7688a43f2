"""The GAN game of chapter 6 as reusable parts: the two updates, sampling a generator, and the book's scores."""
from __future__ import annotations

import math
from typing import Any, Callable

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .metrics import (classifier_embedding, frechet_distance, parzen_log_likelihood, parzen_select_sigma,
                      sample_quality)
from .models.layers import evaluating
from .train import CHECK_SECONDS, Update


def discriminator_loss(real_logits: Tensor, fake_logits: Tensor) -> Tensor:
    """-E[log D(x)] - E[log(1 - D(G(z)))], from the discriminator's logits on real and generated batches."""
    return (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
            + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))


def generator_loss(fake_logits: Tensor, saturating: bool = False) -> Tensor:
    """Non-saturating -E[log D(G(z))] (default) or the minimax E[log(1 - D(G(z)))]."""
    if saturating:
        return -F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


def gan_updates(G: nn.Module, D: nn.Module, z_dim: int, *, lr: float = 2e-4,
                betas: tuple[float, float] = (0.5, 0.999), saturating: bool = False) -> list[Update]:
    """A discriminator step then a generator step with Adam, for ``gen_utils.fit`` on batches of real images.

    Written in chapter 6 (``gan_updates`` there); this is the package's copy for later chapters, pinned to the
    chapter's by an asserting cell.
    """
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=betas)
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=betas)

    def d_loss(x: Tensor):
        z = torch.randn(len(x), z_dim, device=x.device)
        real, fake = D(x), D(G(z).detach())
        return discriminator_loss(real, fake), {"D(x)": torch.sigmoid(real).mean(),
                                                "D(G(z))": torch.sigmoid(fake).mean()}

    def g_loss(x: Tensor) -> Tensor:
        return generator_loss(D(G(torch.randn(len(x), z_dim, device=x.device))), saturating)

    return [Update("D", opt_d, d_loss), Update("G", opt_g, g_loss)]


def held_fixed(D: nn.Module, *inputs: Tensor) -> Tensor:
    """D(*inputs) with D's parameters taken as constants: gradients reach the inputs (the generator), never D's
    parameters. The simultaneous update of chapter 6, where both players step from one backward pass."""
    constants = {name: p.detach() for name, p in D.named_parameters()}
    return torch.func.functional_call(D, constants, inputs)


def wasserstein_critic_loss(real_scores: Tensor, fake_scores: Tensor) -> Tensor:
    """E[f(G(z))] - E[f(x)]: minimising it maximises the critic's estimate of the Wasserstein-1 distance."""
    return fake_scores.mean() - real_scores.mean()


def hinge_discriminator_loss(real_logits: Tensor, fake_logits: Tensor) -> Tensor:
    """E[max(0, 1 - D(x))] + E[max(0, 1 + D(G(z)))], the hinge loss of SNGAN (its generator minimises -E[D(G(z))])."""
    return F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean()


def gradient_penalty(critic: nn.Module, real: Tensor, fake: Tensor,
                     generator: torch.Generator | None = None) -> tuple[Tensor, Tensor]:
    """WGAN-GP's penalty E[(||grad_x f(x_hat)||_2 - 1)^2] on random interpolates x_hat = e x + (1 - e) G(z),
    one e ~ U(0, 1) per sample; the norm is taken per sample over all of its dimensions (never over the batch).
    Returns the penalty (differentiable in the critic's parameters) and the per-sample norms.

    Written in chapter 13; this is the package's copy for later chapters, pinned to the chapter's by an asserting cell.
    """
    if real.shape != fake.shape:
        raise ValueError(f"real and fake batches need one shape, got {tuple(real.shape)} and {tuple(fake.shape)}")
    eps = torch.rand(len(real), *([1] * (real.dim() - 1)), device=real.device, generator=generator)
    x_hat = (eps * real + (1 - eps) * fake.detach()).requires_grad_(True)
    grad, = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    norms = grad.flatten(1).norm(dim=1)
    return (norms - 1).pow(2).mean(), norms


NOISES = ("normal", "uniform")


def sample_noise(n: int, z_dim: int, kind: str = "normal", *, generator: torch.Generator | None = None,
                 device: torch.device | str | None = None) -> Tensor:
    """Noise of shape (n, z_dim): N(0, I) (``"normal"``) or U(-sqrt 3, sqrt 3) per entry (``"uniform"``, mean 0 and
    variance 1, the GAN paper's noise; written in chapter 6)."""
    if kind not in NOISES:
        raise ValueError(f"unknown noise {kind!r}; choose one of {NOISES}")
    if kind == "normal":
        return torch.randn(n, z_dim, device=device, generator=generator)
    return (2 * torch.rand(n, z_dim, device=device, generator=generator) - 1) * math.sqrt(3)


@torch.no_grad()
def generate(G: nn.Module, n: int, z_dim: int, seed: int = 0, batch_size: int = 1000,
             device: torch.device | str | None = None, noise: str = "normal") -> Tensor:
    """``n`` samples of G from noise of ``kind`` (:func:`sample_noise`) with a fixed seed, in eval mode (batch norm
    uses running statistics, dropout is off)."""
    device = torch.device(device) if device is not None else next(G.parameters()).device
    gen = torch.Generator(device=device).manual_seed(seed)
    with evaluating(G):
        z = sample_noise(n, z_dim, noise, generator=gen, device=device)
        return torch.cat([G(b) for b in z.split(batch_size)])


def paper_sgd(params: Any, *, lr: float = 0.1, decay: float = 1.000004, min_lr: float = 1e-6,
              momentum: tuple[float, float] = (0.5, 0.7), saturate_epoch: int = 250,
              updates_per_epoch: int = 500) -> tuple[torch.optim.SGD, Callable[[], None]]:
    """The GAN paper's optimiser (``goodfeli/adversarial``, ``mnist.yaml``): SGD with momentum, and a hook to run
    after every update; after t updates lr = max(lr0 / decay^t, min_lr), and after e finished epochs the momentum
    is m0 + (m1 - m0) min(e / (saturate_epoch - 1), 1). The hook counts updates in the optimizer's own state and
    computes both from the count, so a resumed run continues the schedule. Written in chapter 6; the package's copy
    for later chapters.
    """
    if not (lr > 0 and decay >= 1 and min_lr > 0 and saturate_epoch > 1 and updates_per_epoch > 0):
        raise ValueError("paper_sgd needs lr > 0, decay >= 1, min_lr > 0, saturate_epoch > 1, updates_per_epoch > 0")
    m0, m1 = momentum
    opt = torch.optim.SGD(params, lr=lr, momentum=m0)

    def after_update() -> None:
        for group in opt.param_groups:
            group["updates"] = group.get("updates", 0) + 1
            group["lr"] = max(lr / decay ** group["updates"], min_lr)
            epochs = group["updates"] // updates_per_epoch
            group["momentum"] = m0 + (m1 - m0) * min(epochs / (saturate_epoch - 1), 1.0)

    return opt, after_update


def parzen_protocol(samples: Tensor, validation: Tensor, test: Tensor) -> dict[str, float]:
    """The GAN paper's Parzen protocol: sigma chosen on ``validation``, mean log-likelihood of ``test`` and its
    standard error (pixels should be in [0, 1], as in the papers).

    Written in chapter 6; this is the package's copy for later chapters, pinned to the chapter's by an asserting cell.
    """
    sigma, _ = parzen_select_sigma(samples, validation)
    ll = parzen_log_likelihood(samples, test, sigma)
    return {"mean": ll.mean().item(), "se": (ll.std() / math.sqrt(len(ll))).item(), "sigma": sigma}


def evaluate_samples(samples: Tensor, data: Any, classifier: nn.Module, value_range: tuple[float, float] = (-1, 1),
                     parzen: bool = True) -> dict[str, Any]:
    """The book's scores of generated images: classifier Fréchet distance and score against the test set, and
    (if ``parzen``) the Parzen log-likelihood with sigma chosen on 1,000 validation images."""
    if samples.shape[1:] != data.x_test.shape[1:]:
        raise ValueError(f"samples of shape {tuple(samples.shape[1:])} do not match the data's images "
                         f"{tuple(data.x_test.shape[1:])}")
    out: dict[str, Any] = sample_quality(classifier, samples, data.x_test, value_range=value_range)
    if parzen:
        lo, hi = value_range
        to01 = lambda t: (t - lo) / (hi - lo)  # noqa: E731
        out["parzen"] = parzen_protocol(to01(samples), to01(data.x_val[:1000]), to01(data.x_test))
    return out


def quality_callback(G: nn.Module, z_dim: int, data: Any, classifier: nn.Module, n_samples: int = 2000,
                     value_range: tuple[float, float] = (-1, 1),
                     extra: Callable[[], dict[str, float]] | None = None,
                     noise: str = "normal") -> Callable[[int], dict[str, float]]:
    """A ``fit`` callback measuring the classifier Fréchet distance of ``n_samples`` fresh samples of G (same
    noise every time) to the test set, plus whatever ``extra()`` returns (e.g. a critic's estimate)."""
    reference, _ = classifier_embedding(classifier, data.x_test[:max(n_samples, 1000)], value_range)  # once

    def callback(step: int) -> dict[str, float]:
        samples, _ = classifier_embedding(classifier, generate(G, n_samples, z_dim, seed=12345, noise=noise), value_range)
        out = {"fid": frechet_distance(samples, reference)}
        if extra is not None:
            out.update(extra())
        return out

    return callback


def seeds_summary(runs: Any, *, batch_size: int, critic_steps_per_step: float = 1.0) -> dict[str, Any]:
    """What chapter 14's side-by-side table reads from a GAN chapter's results file, for every seed of ``runs``
    ({seed: {"history": History, "score", "fd", "n", "parzen"}}, the evaluation measured right after training): the
    judge's numbers, the steps, seconds and device of training, and the checks' curve with each check's training
    seconds as measured (runs made since fit records them), else estimated as step x (seconds / steps)."""
    out: dict[str, Any] = {"batch_size": int(batch_size), "critic_steps_per_step": float(critic_steps_per_step),
                           "seeds": {}}
    for seed, r in runs.items():
        h = r["history"]
        per_step = h.seconds / max(h.total_steps, 1)
        checks = h.checks
        out["seeds"][str(seed)] = {
            "score": float(r["score"]), "fd": float(r["fd"]), "n": int(r["n"]),
            "parzen": float(r["parzen"]["mean"]) if isinstance(r.get("parzen"), dict) else None,
            "steps": int(h.total_steps), "seconds": float(h.seconds), "device": h.device,
            "curve": {"step": list(checks.get("step", [])),
                      "seconds": (list(checks[CHECK_SECONDS]) if len(checks.get(CHECK_SECONDS, [])) == len(checks.get("step", []))
                                  else [s * per_step for s in checks.get("step", [])]),    # (a run resumed from before)
                      "fd": list(checks.get("fd", [])), "score": list(checks.get("score", []))}}
    return out


def training_time(runs: Any, shipped_note: str = "") -> str:
    """How long the seeds of ``runs`` ({seed: {"history": History, ...}}) trained, for a chapter's reading:
    "mean ± sd seconds a seed of training on DEVICES (the checks not counted)", followed by ``shipped_note`` (say, how
    the shipped runs shared their machine) when every seed was loaded from a shipped record."""
    if not runs:
        raise ValueError("training_time needs at least one seed's run, e.g. {0: {'history': history}}")
    from .seeds import Spread

    seeds = tuple(runs)
    seconds = Spread(tuple(float(runs[s]["history"].seconds) for s in seeds), seeds)
    devices = ", ".join(sorted({runs[s]["history"].device for s in seeds}))
    shipped = all(runs[s]["history"].source in ("shipped", "record only") for s in seeds)
    return (f"{seconds.format('.0f')} seconds a seed of training on {devices} (the checks not counted)"
            + (shipped_note if shipped else ""))

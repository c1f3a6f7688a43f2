"""Negative log-likelihoods used as reconstruction losses (summed over pixels, averaged over the batch)."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor


def _check_pair(a: Tensor, b: Tensor, who: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{who}: prediction and target need one shape, got {tuple(a.shape)} and {tuple(b.shape)}")


def bernoulli_nll(logits: Tensor, x: Tensor) -> Tensor:
    """-log p(x|z) for independent Bernoulli pixels with the given logits: binary cross-entropy, per example."""
    _check_pair(logits, x, "bernoulli_nll")
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)


def gaussian_nll(mean: Tensor, x: Tensor, sigma: float | Tensor = 1.0) -> Tensor:
    """-log N(x; mean, sigma^2 I) per example: squared error / (2 sigma^2) + D/2 log(2 pi sigma^2)."""
    _check_pair(mean, x, "gaussian_nll")
    d = mean[0].numel()
    sq = (x - mean).pow(2).flatten(1).sum(1)
    log_var = 2 * (sigma.log() if isinstance(sigma, Tensor) else math.log(sigma))
    return 0.5 * sq / sigma ** 2 + 0.5 * d * (math.log(2 * math.pi) + log_var)


def squared_error(pred: Tensor, x: Tensor) -> Tensor:
    """Sum of squared pixel errors, per example."""
    _check_pair(pred, x, "squared_error")
    return (x - pred).pow(2).flatten(1).sum(1)


def kl_diag_gaussians(mu_q: Tensor, logvar_q: Tensor, mu_p: Tensor | float = 0.0,
                      logvar_p: Tensor | float = 0.0) -> Tensor:
    """KL( N(mu_q, diag e^logvar_q) || N(mu_p, diag e^logvar_p) ), summed over the last dimension.

    Closed form, per dimension: 1/2 [ logvar_p - logvar_q + (e^logvar_q + (mu_q - mu_p)^2) / e^logvar_p - 1 ].
    With the defaults it is the KL to the standard normal prior of a VAE.
    """
    if mu_q.shape != logvar_q.shape:
        raise ValueError(f"kl_diag_gaussians: mu and logvar need one shape, got {tuple(mu_q.shape)} "
                         f"and {tuple(logvar_q.shape)}")
    # numbers become tensors on the device without a host-to-device copy (so the loss can run in a CUDA graph)
    mu_p = mu_p.to(mu_q) if isinstance(mu_p, Tensor) else torch.full_like(mu_q, float(mu_p))
    logvar_p = logvar_p.to(mu_q) if isinstance(logvar_p, Tensor) else torch.full_like(mu_q, float(logvar_p))
    per_dim = 0.5 * (logvar_p - logvar_q + (logvar_q.exp() + (mu_q - mu_p).pow(2)) / logvar_p.exp() - 1)
    return per_dim.sum(-1)

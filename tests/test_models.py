import math

import pytest
import torch

import gen_utils as gu
from gen_utils.models import PCA, count_parameters, make_autoencoder, mlp


@pytest.mark.parametrize("kind", ["mlp", "conv"])
@pytest.mark.parametrize("latent", [2, 16])
def test_autoencoder_shapes_and_ranges(kind, latent):
    ae = make_autoencoder(kind, latent)
    x = torch.rand(5, 1, 28, 28)
    z = ae.encode(x)
    assert z.shape == (5, latent)
    assert ae(x).shape == x.shape
    r = ae.reconstruct(x)
    assert r.shape == x.shape and 0 <= r.min() and r.max() <= 1
    assert ae.decode(z).shape == x.shape and count_parameters(ae) > 0


def test_wrong_shapes_and_names_give_clear_errors():
    ae = make_autoencoder("mlp", 4)
    with pytest.raises(ValueError, match=r"expects a batch of shape \(N, 1, 28, 28\), got \(5, 784\)"):
        ae(torch.rand(5, 784))
    with pytest.raises(ValueError, match=r"\(N, 4\)"):
        ae.decode(torch.rand(5, 3))
    with pytest.raises(ValueError, match="unknown auto-encoder kind"):
        make_autoencoder("transformer", 4)
    with pytest.raises(ValueError, match="latent_dim"):
        make_autoencoder("conv", 0)
    with pytest.raises(ValueError, match="divisible by 4"):
        make_autoencoder("conv", 4, image_shape=(1, 30, 30))


def test_mlp_layers():
    net = mlp([3, 5, 2])
    assert [type(m).__name__ for m in net] == ["Linear", "ReLU", "Linear"]
    assert count_parameters(net) == 3 * 5 + 5 + 5 * 2 + 2
    with pytest.raises(ValueError):
        mlp([3])


def test_pca_is_the_best_rank_k_reconstruction():
    g = torch.Generator().manual_seed(0)
    # data near a 3-D subspace of R^10
    x = torch.randn(400, 3, generator=g) @ torch.randn(3, 10, generator=g) + 0.01 * torch.randn(400, 10, generator=g)
    pca = PCA(3).fit(x)
    assert torch.allclose(pca.components @ pca.components.T, torch.eye(3), atol=1e-5)
    err_pca = (pca(x) - x).pow(2).sum(1).mean()
    assert err_pca < 0.01 * 10
    # any other rank-3 projection does worse (Eckart-Young)
    q, _ = torch.linalg.qr(torch.randn(10, 3, generator=g))
    other = (x - x.mean(0)) @ q @ q.T + x.mean(0)
    assert (other - x).pow(2).sum(1).mean() > err_pca
    # the reconstruction error is the sum of the discarded eigenvalues of the covariance
    evals = torch.linalg.eigvalsh(torch.cov(x.T.double(), correction=0)).flip(0)
    assert math.isclose(err_pca.item(), evals[3:].sum().item(), rel_tol=1e-3, abs_tol=1e-6)


def test_pca_errors():
    with pytest.raises(RuntimeError, match="fit"):
        PCA(2).encode(torch.randn(3, 4))
    with pytest.raises(ValueError, match="k=5"):
        PCA(5).fit(torch.randn(3, 4))

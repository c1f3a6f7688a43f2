import math

import pytest
import torch
from torch import nn

import gen_utils as gu
from gen_utils.models import PCA, Maxout, count_parameters, make_autoencoder, mlp


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


def test_maxout_is_the_largest_of_its_pieces():
    torch.manual_seed(0)
    layer = Maxout(6, units=4, pieces=3)
    x = torch.randn(5, 6)
    pieces = x @ layer.linear.weight.T + layer.linear.bias                  # (N, units * pieces), unit-major
    expected = torch.stack([pieces[:, 3 * i:3 * i + 3].max(1).values for i in range(4)], 1)
    assert torch.allclose(layer(x), expected)
    assert count_parameters(layer) == 6 * 12 + 12
    with pytest.raises(ValueError, match="expects a batch of shape"):
        layer(torch.randn(5, 7))
    with pytest.raises(ValueError, match="positive sizes"):
        Maxout(6, units=0, pieces=3)


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


def test_unet_shapes_and_skips():
    from gen_utils.models import UNet
    x = torch.randn(3, 1, 28, 28)
    for skips in (True, False):
        net = UNet(skips=skips, width=8)
        assert net(x).shape == (3, 1, 28, 28)
    with_skips, without = UNet(width=8), UNet(width=8, skips=False)
    assert sum(p.numel() for p in with_skips.parameters()) > sum(p.numel() for p in without.parameters())
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        with_skips(torch.randn(2, 3, 28, 28))


def test_unet_skips_carry_fine_detail():
    """Through the skips, the output depends on the input pixel at the same place even when the bottleneck is
    cut; without skips, cutting the bottleneck cuts every path."""
    from gen_utils.models import UNet
    for skips, expect_signal in ((True, True), (False, False)):
        net = UNet(width=8, skips=skips, dropout=0.0).eval()
        with torch.no_grad():
            for p in net.bottleneck.parameters():
                p.zero_()
        x = torch.zeros(1, 1, 28, 28, requires_grad=True)
        net(x)[0, 0, 10, 10].backward()
        assert (x.grad.abs().sum() > 0) == expect_signal


def test_unet_code_is_a_real_bottleneck():
    """With ``code``, everything the encoder-decoder passes on goes through code numbers per image."""
    from gen_utils.models import UNet
    net = UNet(width=8, skips=False, code=16, dropout=0.0).eval()
    seen = []
    net.squeeze[1].register_forward_hook(lambda m, i, o: seen.append(o))
    x = torch.randn(2, 1, 28, 28)
    assert net(x).shape == (2, 1, 28, 28)
    assert seen[0].shape == (2, 16, 1, 1)
    with torch.no_grad():                       # cut the code: the output no longer depends on the input
        net.squeeze[0].weight.zero_()
    a, b = net(x[:1]), net(x[1:])
    assert torch.allclose(a, b)
    with pytest.raises(ValueError, match="code"):
        UNet(code=0)


def test_unconditional_patch_discriminator():
    from gen_utils.models import PatchDiscriminator
    D = PatchDiscriminator(in_channels=1, n_layers=2, width=8)
    assert D(None, torch.randn(2, 1, 28, 28)).shape == (2, 1, 7, 7)
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        D(torch.randn(2, 1, 28, 28), torch.randn(2, 1, 28, 28))


def test_patch_discriminator_receptive_fields():
    from gen_utils.models import PatchDiscriminator, receptive_field
    c, y = torch.randn(2, 1, 28, 28), torch.randn(2, 1, 28, 28)
    sizes = {}
    for n in (1, 2, 3):
        D = PatchDiscriminator(n_layers=n, width=8)
        out = D(c, y)
        assert out.shape[:2] == (2, 1)
        sizes[n] = receptive_field(D)
    assert sizes == {1: 8, 2: 18, 3: 38}
    # the receptive field is real: a pixel outside an output unit's patch does not change it
    D = PatchDiscriminator(n_layers=1, width=8).eval()
    y = torch.zeros(1, 1, 28, 28, requires_grad=True)
    D(torch.zeros(1, 1, 28, 28), y)[0, 0, 0, 0].backward()
    touched = y.grad[0, 0].abs() > 0
    rows, cols = touched.nonzero(as_tuple=True)
    assert rows.max() - rows.min() + 1 <= 8 and cols.max() - cols.min() + 1 <= 8
    with pytest.raises(ValueError, match="n_layers"):
        PatchDiscriminator(n_layers=4)


@pytest.mark.parametrize("patch, side", [(1, 28), (8, 14), (16, 12), (34, 5)])
def test_patchgan_patch_is_its_receptive_field_measured_and_by_formula(patch, side):
    from gen_utils.models import PatchGAN, receptive_field
    D = PatchGAN(in_channels=2, width=4, patch=patch)
    assert receptive_field(D) == patch
    assert D(torch.randn(3, 1, 28, 28), torch.randn(3, 1, 28, 28)).shape == (3, 1, side, side)
    D.eval()                                                  # fixed batch-norm statistics: no mixing across positions
    canvas = torch.randn(1, 2, 80, 80, requires_grad=True)   # larger than any patch, no border effects at the centre
    out = D.net(canvas)
    out[0, 0, out.shape[-2] // 2, out.shape[-1] // 2].backward()
    rows, cols = (canvas.grad.abs().sum(1)[0] > 0).nonzero(as_tuple=True)
    assert (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1) == (patch, patch)


def test_patchgan_rejects_unknown_patches_and_wrong_inputs():
    from gen_utils.models import PatchGAN
    with pytest.raises(ValueError, match=r"one of \(1, 8, 16, 34\)"):
        PatchGAN(patch=70)
    D = PatchGAN(in_channels=1, width=4, patch=16)
    assert D(None, torch.randn(2, 1, 28, 28)).shape == (2, 1, 12, 12)
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        D(torch.randn(2, 1, 28, 28), torch.randn(2, 1, 28, 28))


def test_edge_maps():
    x = -torch.ones(2, 1, 28, 28)
    x[0, 0, 8:20, 8:20] = 1                      # a bright square: edges on its border only
    e = gu.data.edge_map(x)
    assert set(e.unique().tolist()) <= {-1.0, 1.0}
    assert e[0, 0, 14, 14] == -1 and e[0, 0, 14, 8] == 1 and e[0, 0, 2, 2] == -1
    assert (e[1] == -1).all()                    # a flat image has no edges
    with pytest.raises(ValueError, match="single-channel"):
        gu.data.edge_map(torch.zeros(2, 3, 28, 28))


def test_forward_and_decode_return_logits_and_reconstruct_pixels():
    torch.manual_seed(0)
    x = torch.rand(6, 1, 28, 28)
    for model in (make_autoencoder("mlp", 4), gu.models.make_vae("mlp", 4)):
        z = model.encode(x)
        z = z[0] if isinstance(z, tuple) else z            # the VAE's mean
        assert model.output == "logits"
        assert torch.allclose(model(x), model.decode(z), atol=1e-6)   # forward = decode(encode(x)): logits
        assert torch.allclose(model.reconstruct(x), torch.sigmoid(model(x)), atol=1e-6)


def test_metrics_never_score_logits_as_pixels():
    torch.manual_seed(0)
    ae = make_autoencoder("mlp", 4)
    x = torch.rand(20, 1, 28, 28)
    pixels = (ae.reconstruct(x) - x).pow(2).flatten(1).sum(1).mean().item()
    logits = (ae(x) - x).pow(2).flatten(1).sum(1).mean().item()
    assert gu.metrics.mean_squared_error(ae, x) == pytest.approx(pixels, rel=1e-5)
    assert abs(pixels - logits) > 1.0  # so the test could tell them apart

    class LogitsOnly(torch.nn.Module):
        output = "logits"

        def forward(self, x):
            return x

    with pytest.raises(TypeError, match="returns logits and has no reconstruct"):
        gu.metrics.mean_squared_error(LogitsOnly(), x)
    pca = PCA(3).fit(x)
    assert gu.metrics.mean_squared_error(pca, x) == pytest.approx((pca(x) - x).pow(2).flatten(1).sum(1).mean().item())


def test_evaluating_puts_back_the_mode_the_model_had_also_after_an_error():
    from gen_utils.models.layers import evaluating
    net = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))
    with evaluating(net) as m:
        assert m is net and not net.training and not net[1].training
    assert net.training and net[1].training
    net.eval()
    with evaluating(net):
        pass
    assert not net.training
    net.train()
    with pytest.raises(RuntimeError, match="inside"):
        with evaluating(net):
            raise RuntimeError("inside")
    assert net.training

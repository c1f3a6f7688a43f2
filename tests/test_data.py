import math
from pathlib import Path

import pytest
import torch

import gen_utils as gu
from gen_utils import data
from gen_utils.config import FAST_CAPS


def test_images_are_tensors_with_a_held_out_validation_split(fake_root):
    d = gu.load_images("mnist", val_size=10, download=False)
    assert d.x_train.shape == (50, 1, 28, 28) and d.x_val.shape == (10, 1, 28, 28)
    assert d.x_test.shape == (20, 1, 28, 28) and d.image_shape == (1, 28, 28) and d.dim == 784
    assert d.x_train.dtype == torch.float32 and d.y_train.dtype == torch.long
    assert 0 <= d.x_train.min() and d.x_train.max() <= 1
    # the validation images are the last training images, never trained on
    assert torch.equal(d.y_val, torch.arange(50, 60) % 10)
    assert d.title == "MNIST" and len(d.classes) == 10 and d.notes == []


def test_pixel_range_minus_one_to_one(fake_root):
    a = gu.load_images("mnist", val_size=10, download=False)
    b = gu.load_images("mnist", val_size=10, value_range=(-1, 1), download=False)
    assert torch.allclose(b.x_train, a.x_train * 2 - 1)
    assert b.x_train.min() >= -1 and b.x_train.max() <= 1 and b.x_train.min() < 0


def test_static_binarization_is_fixed_and_binary(fake_root):
    a = gu.load_images("mnist", val_size=10, binarized="static", download=False)
    b = gu.load_images("mnist", val_size=10, binarized="static", download=False)
    assert set(a.x_train.unique().tolist()) <= {0.0, 1.0}
    assert torch.equal(a.x_train, b.x_train)
    grey = gu.load_images("mnist", val_size=10, download=False)
    # Bernoulli(p): the mean of the binary images is close to the mean intensity
    assert abs(a.x_train.mean() - grey.x_train.mean()) < 0.02


def test_dynamic_binarization_samples_bernoulli():
    x = torch.full((20000,), 0.3)
    b = data.binarize(x, torch.Generator().manual_seed(0))
    assert set(b.unique().tolist()) == {0.0, 1.0}
    assert abs(b.mean().item() - 0.3) < 0.01
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        data.binarize(torch.tensor([-0.5, 0.5]))


def test_fast_mode_caps_the_data(fake_root, monkeypatch):
    from tests.conftest import make_fake_set
    make_fake_set(fake_root, "MNIST", n_train=FAST_CAPS["train"] + FAST_CAPS["val"] + 100,
                  n_test=FAST_CAPS["test"] + 50)
    monkeypatch.setenv("GEN_UTILS_FAST", "1")
    d = gu.load_images("mnist", val_size=FAST_CAPS["val"] + 50, download=False)
    assert len(d.x_train) == FAST_CAPS["train"] and len(d.x_val) == FAST_CAPS["val"]
    assert len(d.x_test) == FAST_CAPS["test"] and "fast mode" in d.notes[0]
    monkeypatch.setenv("GEN_UTILS_FAST", "0")
    full = gu.load_images("mnist", val_size=FAST_CAPS["val"] + 50, download=False)
    assert len(full.x_train) == FAST_CAPS["train"] + 50
    # the training mean is the whole split's in every budget, bit for bit what the full run computes
    assert torch.equal(full.train_mean, full.x_train.mean(0)) and torch.equal(d.train_mean, full.train_mean)
    assert not torch.equal(d.train_mean, d.x_train.mean(0))
    binary = gu.load_images("mnist", val_size=FAST_CAPS["val"] + 50, binarized="static", download=False)
    assert torch.equal(binary.train_mean, full.train_mean)      # intensities, before binarisation


def test_missing_data_offline_names_the_variable_and_layout(tmp_path, monkeypatch):
    monkeypatch.setenv("GEN_UTILS_DATA", str(tmp_path))
    with pytest.raises(gu.DataNotFoundError) as err:
        gu.load_images("fashion_mnist", download=False)
    msg = str(err.value)
    assert "GEN_UTILS_DATA" in msg and str(tmp_path / "FashionMNIST" / "raw" / "train-images-idx3-ubyte") in msg


def test_failed_download_leaves_nothing_behind(tmp_path, monkeypatch):
    import torchvision

    def offline(*args, **kwargs):
        Path(args[0], "MNIST", "raw").mkdir(parents=True)
        Path(args[0], "MNIST", "raw", "train-images-idx3-ubyte.gz").write_bytes(b"half")
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz:\n<urlopen error>")

    monkeypatch.setattr(torchvision.datasets, "MNIST", offline)
    monkeypatch.setenv("GEN_UTILS_DATA", str(tmp_path))
    with pytest.raises(gu.DataNotFoundError, match="GEN_UTILS_DATA"):
        gu.load_images("mnist")
    assert list(tmp_path.iterdir()) == []


def test_fallback_loads_the_other_set_and_says_so(fake_root, capsys):
    from tests.conftest import make_fake_set
    make_fake_set(fake_root, "FashionMNIST")
    (fake_root / "MNIST" / "raw" / "t10k-images-idx3-ubyte").unlink()
    d = gu.load_images("mnist", val_size=10, download=False, fallback="fashion_mnist")
    assert d.name == "fashion_mnist" and "using Fashion-MNIST instead" in d.notes[0]
    assert "using Fashion-MNIST instead" in capsys.readouterr().out


def test_corrupt_files_give_a_clear_error(fake_root):
    (fake_root / "MNIST" / "raw" / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x03garbage")
    with pytest.raises(gu.DataError, match="corrupt"):
        gu.load_images("mnist", download=False)


@pytest.mark.parametrize("kwargs, match", [
    ({"name": "cifar"}, "unknown data set"),
    ({"binarized": "dynamic"}, "binarize"),
    ({"value_range": (1, 0)}, "value_range"),
    ({"val_size": 0}, "val_size"),
])
def test_bad_arguments_are_rejected(fake_root, kwargs, match):
    with pytest.raises(gu.DataError, match=match):
        gu.load_images(**{"name": "mnist", "download": False, **kwargs})


def test_real_data_when_available():
    root = gu.data_root()
    for name in ("mnist", "fashion_mnist"):
        if all(p.is_file() for p in data.expected_files(name, root)):
            d = gu.load_images(name, download=False)
            assert d.x_train.shape == (50000, 1, 28, 28) and d.x_test.shape == (10000, 1, 28, 28)
            assert torch.bincount(d.y_test).tolist() == [1000] * 10 or name == "mnist"
            return
    pytest.skip("neither MNIST nor Fashion-MNIST is under GEN_UTILS_DATA")


@pytest.mark.parametrize("name, modes", [("ring", 8), ("grid", 25)])
def test_toy_mixtures_put_equal_mass_near_their_centres(name, modes):
    g = torch.Generator().manual_seed(0)
    x = data.sample_toy(name, 20000, generator=g, device="cpu")
    centers = data.ring_centers() if name == "ring" else data.grid_centers()
    assert x.shape == (20000, 2) and len(centers) == modes
    nearest = torch.cdist(x, centers).min(1)
    assert nearest.values.max() < 0.5  # every sample sits next to a mode
    counts = torch.bincount(nearest.indices, minlength=modes).float()
    assert (counts / counts.mean() - 1).abs().max() < 0.15


def test_ring_and_grid_geometry():
    r = data.ring_centers(8, radius=2.0)
    assert torch.allclose(r.norm(dim=1), torch.full((8,), 2.0))
    g = data.grid_centers(5, spacing=2.0)
    assert g.min() == -4 and g.max() == 4 and torch.allclose(g.mean(0), torch.zeros(2))


def test_swiss_roll_and_bad_names():
    x = data.sample_toy("swiss_roll", 1000, device="cpu", generator=torch.Generator().manual_seed(0))
    assert x.shape == (1000, 2) and x.abs().max() < 3 and math.isfinite(x.sum().item())
    with pytest.raises(gu.DataError, match="unknown toy"):
        data.sample_toy("moons", 10)


def test_two_moons_lie_on_their_half_circles():
    """Without noise every point is at distance 2 from the centre of its (scaled) half circle, half on each moon."""
    x = data.sample_toy("two_moons", 4000, device="cpu", generator=torch.Generator().manual_seed(0))
    clean = data.two_moons(4000, noise=0.0, generator=torch.Generator().manual_seed(0))
    upper_centre, lower_centre = torch.tensor([-1.0, -0.5]), torch.tensor([1.0, 0.5])   # 2 * ((0, 0) or (1, .5) - (.5, .25))
    d_up, d_low = (clean - upper_centre).norm(dim=1), (clean - lower_centre).norm(dim=1)
    on_upper = (d_up - 2).abs() < 1e-5
    assert torch.all(on_upper | ((d_low - 2).abs() < 1e-5))
    assert torch.all(clean[on_upper, 1] >= -0.5 - 1e-5) and torch.all(clean[~on_upper, 1] <= 0.5 + 1e-5)
    assert abs(on_upper.float().mean().item() - 0.5) < 0.03
    assert x.shape == (4000, 2) and (x - clean).std().item() == pytest.approx(0.05, rel=0.1)

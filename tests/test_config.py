import pytest
import torch

import gen_utils as gu
from gen_utils import config


def test_fast_mode_reads_the_environment(monkeypatch):
    monkeypatch.setenv("GEN_UTILS_FAST", "1")
    assert gu.fast_mode() and gu.budget(full=100, fast=2) == 2
    monkeypatch.setenv("GEN_UTILS_FAST", "0")
    assert not gu.fast_mode() and gu.budget(full=100, fast=2) == 100


def test_budget_takes_the_gpu_value_only_on_cuda_in_full_mode(monkeypatch):
    monkeypatch.setenv("GEN_UTILS_FAST", "0")
    assert gu.budget(full=400, fast=25, gpu=5000, device="cpu") == 400
    assert gu.budget(full=400, fast=25, gpu=5000, device="cuda") == 5000
    assert gu.budget(full=400, fast=25, device="cuda") == 400                    # no GPU budget given
    monkeypatch.setenv("GEN_UTILS_FAST", "1")
    assert gu.budget(full=400, fast=25, gpu=5000, device="cuda") == 25


def test_three_budgets_of_one_code(monkeypatch):
    monkeypatch.delenv("GEN_UTILS_FAST", raising=False)
    monkeypatch.delenv("GEN_UTILS_BUDGET", raising=False)
    assert config.budget_name() == "book"                                          # the default: what the book shows
    assert gu.budget(book=5000, laptop=350, fast=25) == 5000
    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")
    assert gu.budget(book=5000, laptop=350, fast=25) == 350 and not gu.fast_mode()
    assert gu.budget(full=400, fast=25) == 400                                     # old chapters: full is both
    monkeypatch.setenv("GEN_UTILS_BUDGET", "fast")
    assert gu.fast_mode() and gu.budget(book=5000, laptop=350, fast=25) == 25
    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    monkeypatch.setenv("GEN_UTILS_FAST", "1")                                      # CI's switch wins
    assert config.budget_name() == "fast"
    monkeypatch.delenv("GEN_UTILS_FAST")
    assert config.checkpoint_dir().name == "book"
    monkeypatch.setenv("GEN_UTILS_BUDGET", "huge")
    with pytest.raises(ValueError, match="GEN_UTILS_BUDGET='huge' is not a budget: use one of fast, laptop, book"):
        config.budget_name()
    monkeypatch.setenv("GEN_UTILS_BUDGET", "book")
    with pytest.raises(TypeError, match="book= and laptop="):
        gu.budget(book=1, fast=2)


def test_device_override_and_automatic_choice(monkeypatch):
    assert gu.get_device() == torch.device("cpu")  # set by the autouse fixture
    monkeypatch.delenv("GEN_UTILS_DEVICE")
    expected = "cuda" if torch.cuda.is_available() else None
    if expected:
        assert gu.get_device().type == expected
    assert "cpu" in gu.device_name(torch.device("cpu"))


def test_asking_for_cuda_without_a_gpu_says_so(monkeypatch):
    if torch.cuda.is_available():
        return
    monkeypatch.setenv("GEN_UTILS_DEVICE", "cuda")
    try:
        gu.get_device()
    except RuntimeError as err:
        assert "GEN_UTILS_DEVICE" in str(err)
    else:
        raise AssertionError("expected a RuntimeError")


def test_seed_everything_makes_runs_repeatable():
    gu.seed_everything(3)
    a = torch.randn(5)
    gu.seed_everything(3)
    assert torch.equal(a, torch.randn(5))


def test_folders_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GEN_UTILS_DATA", str(tmp_path / "d"))
    monkeypatch.setenv("GEN_UTILS_CHECKPOINTS", str(tmp_path / "c"))
    assert gu.data_root() == tmp_path / "d"
    assert config.checkpoint_dir() == tmp_path / "c" / "book"
    monkeypatch.setenv("GEN_UTILS_FAST", "1")
    assert config.checkpoint_dir() == tmp_path / "c" / "fast"

"""The fixed judge: shipped weights, pinned by hash, accurate, and refused when changed."""
import pytest
import torch

import gen_utils as gu
from gen_utils import classifier
from gen_utils.classifier import JUDGES, JudgeError, SmallClassifier, judge_file, load_judge_weights


@pytest.mark.parametrize("name", ["mnist", "fashion_mnist"])
def test_shipped_weights_are_small_and_match_their_pinned_hash(name):
    path = judge_file(name)
    assert path.is_file() and path.stat().st_size <= 1_000_000
    assert classifier.sha256(path) == JUDGES[name][1]


@pytest.mark.parametrize("name, target", [("mnist", 0.993), ("fashion_mnist", 0.91)])
def test_the_judge_is_accurate_on_a_slice_of_the_test_set(name, target, monkeypatch):
    monkeypatch.setenv("GEN_UTILS_FAST", "1")         # 1,024 test images
    try:
        data = gu.load_images(name, download=False, device="cpu")
    except gu.DataNotFoundError:
        pytest.skip(f"{name} is not under GEN_UTILS_DATA")
    judge = gu.classifier.load_classifier(data)
    acc = gu.classifier.accuracy(judge, data.x_test, data.y_test)
    # the judge's full test accuracy meets the target; a 1,024-image slice may sit a little below it
    assert acc >= target - 0.01, acc
    assert not judge.training and not any(p.requires_grad for p in judge.parameters())
    # the same network whatever the caller's pixel range: images in [-1, 1] give the same features
    d11 = gu.load_images(name, download=False, device="cpu", value_range=(-1, 1))
    a = gu.metrics.classifier_embedding(judge, data.x_test[:64])[0]
    b = gu.metrics.classifier_embedding(judge, d11.x_test[:64], value_range=(-1, 1))[0]
    assert torch.allclose(a, b, atol=1e-5)


def test_a_changed_or_truncated_weights_file_is_refused(tmp_path):
    bad = tmp_path / "judge.pt"
    bad.write_bytes(judge_file("mnist").read_bytes()[:-10])
    with pytest.raises(JudgeError, match=r"judge.pt are not the shipped ones.*restore the file"):
        load_judge_weights(SmallClassifier(), bad, JUDGES["mnist"][1])
    with pytest.raises(JudgeError, match=r"could not be loaded.*judge.pt|judge.pt could not be loaded"):
        load_judge_weights(SmallClassifier(), bad, None)


def test_a_foreign_weights_file_is_refused(tmp_path):
    foreign = tmp_path / "foreign.pt"
    torch.save(torch.nn.Linear(3, 2).state_dict(), foreign)
    with pytest.raises(JudgeError, match=r"foreign.pt could not be loaded into SmallClassifier"):
        load_judge_weights(SmallClassifier(), foreign, None)
    with pytest.raises(JudgeError, match="missing"):
        load_judge_weights(SmallClassifier(), tmp_path / "nothing.pt", None)


def test_an_unknown_data_set_has_no_judge():
    with pytest.raises(JudgeError, match="no judge ships for data set 'cifar10'"):
        judge_file("cifar10")

"""Measurements over seeds, and sentences that rank only when the gap exceeds the spread."""
import statistics

import pytest

from gen_utils import seeds
from gen_utils.seeds import Spread, compare, over_seeds, ranking


def test_over_seeds_gives_mean_and_sample_sd():
    s = over_seeds(lambda seed: [1.0, 2.0, 4.0][seed], seeds=(0, 1, 2))
    assert s.values == (1.0, 2.0, 4.0) and s.seeds == (0, 1, 2)
    assert s.mean == pytest.approx(7 / 3)
    assert s.sd == pytest.approx(statistics.stdev([1.0, 2.0, 4.0]))  # n - 1 in the denominator
    assert s.sd == pytest.approx(((1 - 7 / 3) ** 2 + (2 - 7 / 3) ** 2 + (4 - 7 / 3) ** 2) ** 0.5 / 2 ** 0.5)
    assert s.format(".2f") == "2.33 ± 1.53 (3 seeds)"
    assert s.to_dict()["values"] == [1.0, 2.0, 4.0]


def test_over_seeds_with_several_numbers():
    out = over_seeds(lambda seed: {"fid": seed * 1.0, "score": 5.0}, seeds=(1, 2, 3))
    assert out["fid"].mean == 2.0 and out["score"].sd == 0.0


@pytest.mark.parametrize("seeds, match", [((), "at least one seed"), ((1, 1), "must differ")])
def test_bad_seed_lists_are_explained(seeds, match):
    with pytest.raises(ValueError, match=match):
        over_seeds(lambda s: 1.0, seeds=seeds)


def test_a_gap_larger_than_the_spread_ranks():
    a, b = Spread((10.0, 11.0, 12.0), (0, 1, 2)), Spread((1.0, 2.0, 3.0), (0, 1, 2))
    assert ranking(a, b) == 1 and ranking(b, a) == -1 and ranking(a, b, higher_is_better=False) == -1
    assert compare("GAN", a, "VAE", b, spec=".1f") == "GAN beat VAE by 9.0 (11.0 ± 1.0 vs 2.0 ± 1.0, 3 seeds each)."
    assert compare("GAN", a, "VAE", b, higher_is_better=False, spec=".1f", what="FD").startswith("VAE beat GAN on FD by 9.0")


def test_seed_counts_are_said_once_when_equal_and_each_when_not():
    a, b, c = Spread((10.0, 11.0, 12.0), (0, 1, 2)), Spread((1.0, 2.0, 3.0), (0, 1, 2)), Spread((5.0,), (0,))
    assert compare("A", a, "B", b, spec=".1f").count("seeds") == 1
    assert compare("A", a, "C", c, spec=".1f").endswith("(11.0 ± 1.0 (3 seeds) vs 5.0 ± 0.0 (1 seed)).")


def test_a_gap_within_the_spread_is_a_tie():
    a, b = Spread((1.0, 2.0, 3.0), (0, 1, 2)), Spread((2.5, 3.0, 3.5), (0, 1, 2))
    assert ranking(a, b) == 0  # gap 1.0 <= sd 1.0 + 0.5
    assert compare("A", a, "B", b, spec=".2g").startswith("A and B tie within noise: the gap 1 is not larger than the spread 1.5")


def test_too_few_seeds_cannot_rank():
    a, b = Spread((10.0,), (0,)), Spread((1.0, 2.0, 3.0), (0, 1, 2))
    assert ranking(a, b) == 0 and "cannot be ranked with fewer than 3 seeds" in compare("A", a, "B", b)


def test_a_comparison_is_a_sentence_that_starts_with_a_capital():
    a, b = Spread((10.0, 11.0, 12.0), (0, 1, 2)), Spread((1.0, 2.0, 3.0), (0, 1, 2))
    assert compare("the AAE", a, "supervised only", b).startswith("The AAE beat supervised only by")
    assert compare("supervised only", b, "the AAE", a).startswith("The AAE beat supervised only by")
    assert compare("the AAE", a, "the VAE", a).startswith("The AAE and the VAE tie within noise")
    assert compare("cGAN", a, "GAN", b).startswith("cGAN beat GAN")          # a name that has its own capitals
    assert compare("w = 3", a, "w = 0", b).startswith("w = 3 beat w = 0")    # a symbol stays as it is
    assert compare("pooling, no strides", a, "the full recipe", b).startswith("Pooling, no strides beat")


def test_late_pace_is_the_rise_over_the_last_quarter_of_checks():
    steps = [0, 100, 200, 300, 400, 500, 600, 700, 800]            # 8 intervals: the last quarter is 2
    curves = {0: [0, 1, 2, 3, 4, 5, 6, 7, 9.0], 1: [0, 1, 2, 3, 4, 5, 6, 6, 8.0]}
    pace = seeds.late_pace(curves, steps)
    assert (pace.start, pace.end) == (600, 800)
    assert pace.rise.values == (3.0, 2.0)
    assert pace.per_step == pytest.approx(2.5 / 200)
    assert pace.steps_to(10.0, now=8.5) == pytest.approx(1.5 / (2.5 / 200))
    assert pace.steps_to(8.0, now=8.5) == 0.0


def test_late_pace_with_a_given_window_and_a_flat_curve():
    pace = seeds.late_pace({0: [1.0, 2.0, 2.0, 2.0]}, [0, 10, 20, 30], back=5)   # clipped to the 3 intervals there are
    assert pace.start == 0 and pace.rise.values == (1.0,)
    flat = seeds.late_pace({0: [1.0, 2.0, 2.0, 2.0]}, [0, 10, 20, 30], back=1)
    assert flat.per_step == 0.0 and flat.steps_to(3.0, now=2.0) == float("inf")


@pytest.mark.parametrize("curves, steps, match", [({0: [1.0]}, [0], "at least two checks"),
                                                   ({0: [1.0, 2.0]}, [0, 10, 20], "one value per check")])
def test_late_pace_explains_bad_curves(curves, steps, match):
    with pytest.raises(ValueError, match=match):
        seeds.late_pace(curves, steps)


def test_a_gap_between_percentages_is_in_points():
    a, b = Spread((0.99, 1.0, 1.0), (0, 1, 2)), Spread((0.94, 0.942, 0.944), (0, 1, 2))
    assert compare("w = 3", a, "w = 0", b, spec=".1%", what="label accuracy") == (
        "w = 3 beat w = 0 on label accuracy by 5.5 points (99.7% ± 0.6% vs 94.2% ± 0.2%, 3 seeds each).")
    c = Spread((0.93, 0.95, 0.97), (0, 1, 2))
    assert "the gap 0.8 points is not larger than the spread 2.2 points" in compare("A", c, "B", b, spec=".1%")

"""The reproduction verdicts follow from the numbers, and the table gathers every chapter's entries."""
import pytest

import gen_utils as gu
from gen_utils.reproductions import reproduction, reproduction_table
from gen_utils.seeds import Spread

BASE = dict(paper_data="MNIST", our_data="MNIST", paper_setting="paper's model", our_setting="ours",
            gap_reason="a tenth of the paper's budget")


def test_verdicts_use_both_spreads_and_the_direction():
    # higher is better: 225 ± 2 against 226 ± 0.5 over 3 seeds is within 2.5 -> reproduced
    ours = Spread((225.5, 226.0, 226.5), (0, 1, 2))
    assert reproduction("Parzen", 225, ours, paper_sd=2, **BASE)["verdict"] == "reproduced"
    # 240 is better than 225 by more than the spreads -> beaten
    assert reproduction("Parzen", 225, 240.0, paper_sd=2, **BASE)["verdict"] == "beaten"
    # 200 is worse by more than the spreads -> a gap, with the reason
    assert reproduction("Parzen", 225, 200.0, paper_sd=2, **BASE)["verdict"] == "gap: a tenth of the paper's budget"
    # lower is better (an error rate): 1.0% beats 1.9%, 5% is a gap, tolerance widens the margin
    assert reproduction("error", 1.9, 1.0, higher_is_better=False, **BASE)["verdict"] == "beaten"
    assert reproduction("error", 1.9, 5.0, higher_is_better=False, **BASE)["verdict"].startswith("gap")
    assert reproduction("error", 1.9, 2.4, higher_is_better=False, tolerance=0.5, **BASE)["verdict"] == "reproduced"
    # the spread over seeds counts: sd 1 makes a gap of 1.5 with paper_sd 0.6 reproduced
    spread = Spread((2.4, 3.4, 4.4), (0, 1, 2))
    assert spread.sd == pytest.approx(1.0)
    assert reproduction("error", 1.9, spread, paper_sd=0.6, higher_is_better=False, **BASE)["verdict"] == "reproduced"


def test_another_data_set_is_not_comparable_and_bad_input_is_refused():
    entry = reproduction("Parzen", 225, 300.0, **{**BASE, "our_data": "Fashion-MNIST"})
    assert entry["verdict"] == "not comparable: ran on Fashion-MNIST, the paper on MNIST"
    with pytest.raises(ValueError, match="reason"):
        reproduction("Parzen", 225, 200.0, **{**BASE, "gap_reason": ""})
    with pytest.raises(ValueError, match="spreads"):
        reproduction("Parzen", 225, 200.0, paper_sd=-1, **BASE)
    with pytest.raises(ValueError, match="finite"):
        reproduction("Parzen", 225, float("nan"), **BASE)


def test_table_gathers_every_chapter_in_order():
    results = {"09_infogan": {"numbers": {"reproductions": [
                   reproduction("matched accuracy", 95, Spread((0.9, 0.92, 0.94), (0, 1, 2)), unit="", **BASE)]}},
               "06_gan": {"numbers": {"reproductions": [reproduction("Parzen", 225, 200.0, paper_sd=2, unit=" nats", **BASE)]}},
               "11_distances": {"numbers": {}}}
    table = reproduction_table(results, link="chapters/")
    lines = table.splitlines()
    assert lines[0].startswith("| chapter | claim | paper |") and len(lines) == 4
    assert lines[2].startswith("| [06_gan](chapters/06_gan.ipynb) | Parzen | 225 ± 2 nats (MNIST;")
    assert "200 nats (1 seed)" in lines[2] and lines[2].endswith("| gap: a tenth of the paper's budget |")
    assert "09_infogan" in lines[3] and "(3 seeds)" in lines[3]
    one = reproduction_table({"04": {"numbers": {"reproductions": [reproduction("nll", 86.76, 108.3, paper_sd=1.8, **BASE)]}}})
    assert "| 86.76 ± 1.8 (MNIST;" in one and "| 108 (1 seed)" in one        # the paper's digits as published
    assert reproduction_table({}) .startswith("No chapter has recorded")
    assert gu.reproductions.reproduction is reproduction


def test_a_unit_made_of_letters_is_set_off_by_a_space():
    """'bits/dim' reads "1.06 bits/dim", while "%" and " nats" are appended as given."""
    rows = {"17": {"numbers": {"reproductions": [
        reproduction("bpd", 1.06, Spread((1.40, 1.41, 1.39), (0, 1, 2)), unit="bits/dim", higher_is_better=False, **BASE),
        reproduction("error", 5, 45.9, unit="%", higher_is_better=False, **BASE),
        reproduction("Parzen", 225, 200.0, unit=" nats", **BASE)]}}}
    table = reproduction_table(rows)
    assert "| 1.06 bits/dim (MNIST;" in table and "| 1.40 ± 0.01 bits/dim (3 seeds)" in table
    assert "| 5% (MNIST;" in table and "| 45.9% (1 seed)" in table and "| 225 nats (MNIST;" in table

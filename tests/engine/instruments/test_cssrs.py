"""C-SSRS Screener (CLINICAL.md §2.10): skip logic, triage tiers, no wording shipped."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, get_instrument, score

BASE = {"1": "no", "2": "no", "6": "no"}
IDEATION = {"1": "yes", "2": "yes", "3": "no", "4": "no", "5": "no", "6": "no"}


def test_no_to_one_two_and_six_skips_three_to_five_and_identifies_no_risk() -> None:
    result = score("cssrs", BASE)
    assert result.missing == ()
    assert result.band is not None and result.band.id == "none"
    assert result.flags == ()


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ({"1": "yes"}, "low"),
        (IDEATION, "low"),
        (IDEATION | {"3": "yes"}, "moderate"),
        ({"6": "yes", "6a": "no"}, "moderate"),
        (IDEATION | {"4": "yes"}, "high"),
        (IDEATION | {"5": "yes"}, "high"),
        ({"6": "yes", "6a": "yes"}, "high"),
    ],
)
def test_triage_follows_the_columbia_rule_and_the_marked_tiers(
    answers: dict[str, str], band: str
) -> None:
    result = score("cssrs", BASE | answers)
    assert result.band is not None and result.band.id == band
    assert (result.flag("high_risk") is not None) is (band == "high")
    assert (result.flag("any_positive") is not None) is (band != "none")


def test_the_low_and_moderate_tiers_say_they_are_unverified() -> None:
    inst = get_instrument("cssrs")
    labels = {band.id: band.label for band in inst.bands}
    assert "UNVERIFIED" in labels["low"] and "UNVERIFIED" in labels["moderate"]
    assert "UNVERIFIED" not in labels["high"]


def test_yes_to_item_two_requires_items_three_to_five() -> None:
    with pytest.raises(AnswersError) as caught:
        score("cssrs", BASE | {"2": "yes"})
    assert [p.item for p in caught.value.problems] == ["3", "4", "5"]


def test_behaviour_without_its_timing_cannot_rule_out_high_risk() -> None:
    result = score("cssrs", BASE | {"6": "yes"}, partial=True)
    assert result.missing == ("6a",)
    assert result.flag("high_risk") is None
    assert any("cannot rule out" in w and "6a" in w for w in result.warnings)


def test_high_risk_is_raised_from_partial_answers() -> None:
    with pytest.raises(AnswersError) as caught:
        score("cssrs", {"2": "yes", "4": "yes"})
    partial = caught.value.partial
    assert partial is not None and partial.flag("high_risk") is not None


def test_no_wording_is_shipped_and_the_screener_is_clinician_entered() -> None:
    inst = get_instrument("cssrs")
    assert inst.administration == "clinician"
    assert inst.licence.reproduce_text is False
    assert all(item.text is None for item in inst.items)

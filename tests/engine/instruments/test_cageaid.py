"""CAGE-AID: yes = 1, range 0-4 (ReproSchema CageAid; cut-offs UNVERIFIED, CLINICAL.md §2.8)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, get_instrument, score


@pytest.mark.parametrize(
    ("yes_count", "band", "further", "positive"),
    [
        (0, "negative", False, False),
        (1, "further_assessment", True, False),
        (2, "positive", True, True),
        (4, "positive", True, True),
    ],
)
def test_each_yes_scores_one_and_sets_band_and_flags(
    yes_count: int, band: str, further: bool, positive: bool
) -> None:
    answers = {str(i): ("yes" if i <= yes_count else "no") for i in range(1, 5)}
    result = score("cageaid", answers)
    assert result.total == yes_count
    assert result.band is not None and result.band.id == band
    assert (result.flag("further_assessment") is not None) is further
    assert (result.flag("positive_screen") is not None) is positive


def test_the_unverified_cut_offs_are_declared_unverified() -> None:
    unverified = " ".join(get_instrument("cageaid").unverified)
    assert ">=1" in unverified and ">=2" in unverified


def test_a_missing_answer_refuses_a_total_and_names_the_item() -> None:
    with pytest.raises(AnswersError) as caught:
        score("cageaid", {"1": "yes", "2": "yes", "3": "no"})
    partial = caught.value.partial
    assert partial is not None and partial.total is None
    assert [p.item for p in caught.value.problems] == ["4"]

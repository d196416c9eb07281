"""AUDIT-C against Bush 1998 and Bradley 2003/2007 (CLINICAL.md §2.6, §0 caution 10)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, score

# (sex given, total, positive?) - men >= 4, women >= 3; unknown uses the lower cut-off 3.
CASES = [
    ("male", 3, False),
    ("male", 4, True),
    ("female", 2, False),
    ("female", 3, True),
    (None, 2, False),
    (None, 3, True),
    ("non-binary", 3, True),
    ("M", 3, False),
    ("woman", 3, True),
]


def _total(total: int) -> dict[str, int]:
    """Points spread over items 2 and 3 first, so Q1 alone never carries them."""
    q2 = min(total, 4)
    q3 = min(total - q2, 4)
    return {"1": total - q2 - q3, "2": q2, "3": q3}


@pytest.mark.parametrize(("sex", "total", "positive"), CASES)
def test_the_cut_off_depends_on_sex_and_unknown_uses_the_lower(
    sex: str | None, total: int, positive: bool
) -> None:
    result = score("auditc", _total(total), sex=sex)
    assert result.total == total
    assert (result.flag("positive_screen") is not None) is positive
    assert result.band is not None
    assert result.band.id == ("positive" if positive else "negative")


def test_points_only_from_question_one_are_noted() -> None:
    result = score("auditc", {"1": 4, "2": 0, "3": 0}, sex="male")
    assert result.flag("positive_screen") is not None
    assert result.flag("points_only_from_q1") is not None


def test_no_note_when_question_two_or_three_adds_points() -> None:
    result = score("auditc", {"1": 3, "2": 1, "3": 0}, sex="male")
    assert result.flag("positive_screen") is not None
    assert result.flag("points_only_from_q1") is None


def test_no_q1_note_below_the_cut_off() -> None:
    result = score("auditc", {"1": 2, "2": 0, "3": 0}, sex="female")
    assert result.flag("points_only_from_q1") is None


def test_the_result_records_the_sex_rule_used() -> None:
    assert score("auditc", _total(3), sex="prefer not to say").context["sex"] == "unknown"


def test_a_missing_answer_refuses_a_total_and_leaves_the_screen_undecided() -> None:
    with pytest.raises(AnswersError) as caught:
        score("auditc", {"1": 4, "2": 4})
    partial = caught.value.partial
    assert partial is not None and partial.total is None and partial.band is None
    assert partial.flag("positive_screen") is None
    assert caught.value.problems[0].item == "3"

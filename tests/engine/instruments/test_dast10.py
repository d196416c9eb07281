"""DAST-10 against Skinner 1982 and the Australian Comorbidity Guidelines (CLINICAL.md §2.4)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, score

ITEMS = [str(i) for i in range(1, 11)]


def _answers(yes: set[str]) -> dict[str, str]:
    return {i: ("yes" if i in yes else "no") for i in ITEMS}


def test_all_no_scores_one_because_item_three_is_reverse_keyed() -> None:
    result = score("dast10", _answers(set()))
    assert result.total == 1
    assert result.points("3") == 1
    assert result.items["3"].value == 0  # "No" is still recorded as No


def test_all_yes_scores_nine_because_yes_to_item_three_scores_nothing() -> None:
    assert score("dast10", _answers(set(ITEMS))).total == 9


def test_the_highest_score_is_every_yes_except_no_to_item_three() -> None:
    result = score("dast10", _answers(set(ITEMS) - {"3"}))
    assert result.total == 10
    assert result.band is not None and result.band.id == "severe"


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (1, "low"),
        (2, "low"),
        (3, "moderate"),
        (5, "moderate"),
        (6, "substantial"),
        (8, "substantial"),
        (9, "severe"),
        (10, "severe"),
    ],
)
def test_each_band_boundary_follows_the_guideline_table(total: int, band: str) -> None:
    # Start from zero points (yes to item 3, no elsewhere) and add yes answers.
    others = [i for i in ITEMS if i != "3"]
    yes = {"3"} | set(others[:total]) if total < 10 else set(others)
    result = score("dast10", _answers(yes))
    assert result.total == total
    assert result.band is not None and result.band.id == band


@pytest.mark.parametrize(("yes_count", "raised"), [(2, False), (3, True)])
def test_further_assessment_is_flagged_from_three(yes_count: int, raised: bool) -> None:
    result = score("dast10", _answers({"3", *ITEMS[3 : 3 + yes_count]}))
    assert result.total == yes_count
    assert (result.flag("further_assessment") is not None) is raised


def test_yes_no_answers_may_be_booleans_or_one_and_zero() -> None:
    as_bools = {i: (i == "1") for i in ITEMS}
    as_ints = {i: int(i == "1") for i in ITEMS}
    assert score("dast10", as_bools).total == score("dast10", as_ints).total == 2


def test_a_missing_answer_refuses_a_total() -> None:
    answers = _answers(set())
    del answers["10"]
    with pytest.raises(AnswersError) as caught:
        score("dast10", answers)
    assert caught.value.problems[0].item == "10"
    assert caught.value.problems[0].kind == "missing"

"""PHQ-9 against Kroenke 2001 and the PHQ scoring algorithm (CLINICAL.md §2.1)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, score
from tests.engine.instruments.helpers import answers_for_total, lowest

# Kroenke 2001: 5, 10, 15 and 20 mark mild, moderate, moderately severe and severe.
BOUNDARIES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately_severe"),
    (19, "moderately_severe"),
    (20, "severe"),
    (27, "severe"),
]


@pytest.mark.parametrize(("total", "band"), BOUNDARIES)
def test_each_band_boundary_falls_on_the_published_side(total: int, band: str) -> None:
    result = score("phq9", answers_for_total("phq9", total))
    assert result.total == total
    assert result.band is not None and result.band.id == band


def test_a_worked_example_sums_items_one_to_nine_and_ignores_item_ten() -> None:
    # 1+2+3+0+1+2+3+0+0 = 12 -> moderate; item 10 answered "Extremely difficult" adds nothing.
    answers = dict(zip([str(i) for i in range(1, 10)], [1, 2, 3, 0, 1, 2, 3, 0, 0], strict=True))
    answers["10"] = "Extremely difficult"
    result = score("phq9", answers)
    assert result.total == 12
    assert result.band is not None and result.band.id == "moderate"
    assert result.points("10") == 3 and result.items["10"].option == "extremely_difficult"


def test_item_nine_above_not_at_all_raises_the_suicide_flag() -> None:
    answers = lowest("phq9") | {"9": "several_days"}
    assert score("phq9", answers).flag("suicide_risk") is not None


def test_item_nine_not_at_all_raises_no_suicide_flag() -> None:
    assert score("phq9", lowest("phq9")).flag("suicide_risk") is None


def test_the_suicide_flag_is_raised_even_when_other_items_are_missing() -> None:
    with pytest.raises(AnswersError) as caught:
        score("phq9", {"9": 3, "1": 0})
    partial = caught.value.partial
    assert partial is not None and partial.total is None
    assert partial.flag("suicide_risk") is not None
    assert {p.item for p in caught.value.problems} == {"2", "3", "4", "5", "6", "7", "8"}


def test_an_unanswered_item_nine_warns_that_risk_cannot_be_ruled_out() -> None:
    answers = lowest("phq9")
    del answers["9"]
    result = score("phq9", answers, partial=True)
    assert result.total is None and result.missing == ("9",)
    assert any("cannot rule out" in w and "9" in w for w in result.warnings)


@pytest.mark.parametrize(("total", "raised"), [(9, False), (10, True)])
def test_the_positive_screen_flag_starts_at_ten(total: int, raised: bool) -> None:
    result = score("phq9", answers_for_total("phq9", total))
    assert (result.flag("positive_screen") is not None) is raised


@pytest.mark.parametrize(("item1", "raised"), [(1, False), (2, True)])
def test_the_anhedonia_flag_needs_more_than_half_the_days(item1: int, raised: bool) -> None:
    result = score("phq9", lowest("phq9") | {"1": item1})
    assert (result.flag("anhedonia") is not None) is raised


def _syndrome(answers: dict[str, int]) -> bool:
    full = {str(i): 0 for i in range(1, 10)} | answers
    return score("phq9", full).flag("major_depressive_syndrome_suggested") is not None


def test_five_symptoms_including_low_mood_suggest_a_major_depressive_syndrome() -> None:
    assert _syndrome({"2": 2, "3": 2, "4": 2, "5": 2, "6": 3})


def test_four_symptoms_are_not_enough_for_a_major_depressive_syndrome() -> None:
    assert not _syndrome({"2": 2, "3": 2, "4": 2, "5": 2})


def test_item_nine_counts_at_several_days_towards_the_syndrome() -> None:
    four = {"1": 2, "3": 2, "4": 2, "5": 2}
    assert not _syndrome(four)
    assert _syndrome(four | {"9": 1})


def test_five_symptoms_without_low_mood_or_anhedonia_are_not_a_syndrome() -> None:
    assert not _syndrome({"3": 3, "4": 3, "5": 3, "6": 3, "7": 3, "8": 3})


def test_answers_may_be_labels_loinc_codes_or_printed_values() -> None:
    by_value = score("phq9", {str(i): 2 for i in range(1, 10)})
    by_label = score("phq9", {str(i): "More than half the days" for i in range(1, 10)})
    by_code = score("phq9", {str(i): "LA6570-1" for i in range(1, 10)})
    assert by_value.total == by_label.total == by_code.total == 18

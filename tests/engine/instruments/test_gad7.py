"""GAD-7 against Spitzer 2006 (CLINICAL.md §2.3)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, score
from tests.engine.instruments.helpers import answers_for_total

BOUNDARIES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]


@pytest.mark.parametrize(("total", "band"), BOUNDARIES)
def test_each_band_boundary_falls_on_the_published_side(total: int, band: str) -> None:
    result = score("gad7", answers_for_total("gad7", total))
    assert result.total == total
    assert result.band is not None and result.band.id == band


@pytest.mark.parametrize(("total", "raised"), [(9, False), (10, True)])
def test_the_positive_screen_flag_starts_at_ten(total: int, raised: bool) -> None:
    result = score("gad7", answers_for_total("gad7", total))
    assert (result.flag("positive_screen") is not None) is raised


def test_the_difficulty_item_is_optional_and_not_scored() -> None:
    answers = {str(i): 1 for i in range(1, 8)}
    assert score("gad7", answers).total == 7
    assert score("gad7", answers | {"8": "Very difficult"}).total == 7


def test_the_mistaken_not_at_all_sure_label_is_refused() -> None:
    with pytest.raises(AnswersError) as caught:
        score("gad7", {str(i): 0 for i in range(1, 7)} | {"7": "Not at all sure"})
    assert caught.value.problems[0].item == "7"
    assert "0 = Not at all" in caught.value.problems[0].allowed

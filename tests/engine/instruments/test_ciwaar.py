"""CIWA-Ar against Sullivan 1989; bands from PMC6286444, VA PAWS and CamCOPS (CLINICAL.md §2.12)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, get_instrument, score
from tests.engine.instruments.helpers import answers_for_total, highest, lowest

BOUNDARIES = [
    (0, "minimal"),
    (7, "minimal"),
    (8, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (67, "severe"),
]


@pytest.mark.parametrize(("total", "band"), BOUNDARIES)
def test_each_band_boundary_uses_the_conservative_fifteen(total: int, band: str) -> None:
    result = score("ciwaar", answers_for_total("ciwaar", total))
    assert result.total == total
    assert result.band is not None and result.band.id == band


@pytest.mark.parametrize(("total", "raised"), [(14, False), (15, True)])
def test_severe_withdrawal_is_flagged_from_fifteen(total: int, raised: bool) -> None:
    result = score("ciwaar", answers_for_total("ciwaar", total))
    flag = result.flag("severe_withdrawal")
    assert (flag is not None) is raised


def test_the_severe_flag_cites_both_sources() -> None:
    flag = next(f for f in get_instrument("ciwaar").flags if f.id == "severe_withdrawal")
    assert "VA PAWS" in flag.source and "PMC6286444" in flag.source


def test_items_one_to_nine_score_up_to_seven_and_orientation_up_to_four() -> None:
    result = score("ciwaar", highest("ciwaar"))
    assert result.total == 67
    assert result.points("10") == 4


def test_values_between_printed_anchors_are_accepted() -> None:
    result = score("ciwaar", lowest("ciwaar") | {"1": 2, "2": 3, "3": 5, "4": 6})
    assert result.total == 16


def test_an_orientation_rating_above_four_is_refused_with_the_allowed_values() -> None:
    with pytest.raises(AnswersError) as caught:
        score("ciwaar", lowest("ciwaar") | {"10": 5})
    problem = caught.value.problems[0]
    assert problem.item == "10" and problem.kind == "invalid_value"
    assert len(problem.allowed) == 5

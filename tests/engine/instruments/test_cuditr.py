"""CUDIT-R against Adamson 2010 (CLINICAL.md §2.9; cut-offs V-2)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, get_instrument, score
from tests.engine.instruments.helpers import answers_for_total, lowest

BOUNDARIES = [
    (0, "below_cut_off"),
    (7, "below_cut_off"),
    (8, "hazardous"),
    (11, "hazardous"),
    (12, "possible_disorder"),
    (32, "possible_disorder"),
]


@pytest.mark.parametrize(("total", "band"), BOUNDARIES)
def test_each_band_boundary_falls_on_the_published_side(total: int, band: str) -> None:
    result = score("cuditr", answers_for_total("cuditr", total))
    assert result.total == total
    assert result.band is not None and result.band.id == band


@pytest.mark.parametrize(("total", "raised"), [(7, False), (8, True)])
def test_hazardous_use_is_flagged_from_eight(total: int, raised: bool) -> None:
    result = score("cuditr", answers_for_total("cuditr", total))
    assert (result.flag("hazardous_use") is not None) is raised


def test_item_eight_is_weighted_zero_two_or_four() -> None:
    inst = get_instrument("cuditr")
    assert [o.score for o in inst.options_for(inst.item("8"))] == [0, 2, 4]
    assert score("cuditr", lowest("cuditr") | {"8": "Yes, during the past 6 months"}).total == 4
    with pytest.raises(AnswersError) as caught:
        score("cuditr", lowest("cuditr") | {"8": 3})
    assert caught.value.problems[0].item == "8"


def test_no_item_wording_is_shipped_while_the_licence_is_unverified() -> None:
    inst = get_instrument("cuditr")
    assert inst.licence.reproduce_text is False
    assert all(item.text is None for item in inst.items)

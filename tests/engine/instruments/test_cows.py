"""COWS against Wesson & Ling 2003 and the SAMHSA TIP table (CLINICAL.md §2.13)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, get_instrument, score
from tests.engine.instruments.helpers import answers_for_total, highest, lowest

BOUNDARIES = [
    (0, "none"),
    (4, "none"),
    (5, "mild"),
    (12, "mild"),
    (13, "moderate"),
    (24, "moderate"),
    (25, "moderately_severe"),
    (36, "moderately_severe"),
    (37, "severe"),
    (48, "severe"),
]


@pytest.mark.parametrize(("total", "band"), BOUNDARIES)
def test_each_band_boundary_falls_on_the_published_side(total: int, band: str) -> None:
    result = score("cows", answers_for_total("cows", total))
    assert result.total == total
    assert result.band is not None and result.band.id == band


@pytest.mark.parametrize(
    ("item", "values"),
    [
        ("1", [0, 1, 2, 4]),  # pulse
        ("3", [0, 1, 3, 5]),  # restlessness
        ("4", [0, 1, 2, 5]),  # pupils
        ("7", [0, 1, 2, 3, 5]),  # GI upset
        ("11", [0, 3, 5]),  # gooseflesh
    ],
)
def test_items_score_the_values_printed_on_the_form(item: str, values: list[int]) -> None:
    inst = get_instrument("cows")
    assert [o.value for o in inst.options_for(inst.item(item))] == values
    assert [o.score for o in inst.options_for(inst.item(item))] == values


def test_a_gooseflesh_value_not_printed_is_refused() -> None:
    with pytest.raises(AnswersError) as caught:
        score("cows", lowest("cows") | {"11": 4})
    problem = caught.value.problems[0]
    assert problem.item == "11"
    assert [a.split(" = ")[0] for a in problem.allowed] == ["0", "3", "5"]


def test_the_maximum_is_forty_eight() -> None:
    assert score("cows", highest("cows")).total == 48


@pytest.mark.parametrize(("total", "raised"), [(24, False), (25, True)])
def test_moderately_severe_withdrawal_is_flagged(total: int, raised: bool) -> None:
    result = score("cows", answers_for_total("cows", total))
    assert (result.flag("moderately_severe_or_worse") is not None) is raised


def test_a_worked_example_from_the_item_descriptions() -> None:
    answers = lowest("cows") | {
        "1": "Pulse rate 101-120",  # 2
        "2": "Beads of sweat on brow or face",  # 3
        "4": "Pupils moderately dilated",  # 2
        "9": "Yawning three or more times during assessment",  # 2
        "11": "Prominent piloerection",  # 5
    }
    result = score("cows", answers)
    assert result.total == 14
    assert result.band is not None and result.band.id == "moderate"

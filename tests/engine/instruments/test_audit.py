"""AUDIT against the WHO manual (Babor 2001) and Saunders 1993 (CLINICAL.md §2.5)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, get_instrument, score
from tests.engine.instruments.helpers import answers_for_total, lowest

BOUNDARIES = [
    (0, "zone_1"),
    (7, "zone_1"),
    (8, "zone_2"),
    (15, "zone_2"),
    (16, "zone_3"),
    (19, "zone_3"),
    (20, "zone_4"),
    (40, "zone_4"),
]


@pytest.mark.parametrize(("total", "band"), BOUNDARIES)
def test_each_zone_boundary_falls_on_the_published_side(total: int, band: str) -> None:
    result = score("audit", answers_for_total("audit", total))
    assert result.total == total
    assert result.band is not None and result.band.id == band


def test_items_nine_and_ten_take_only_zero_two_or_four() -> None:
    inst = get_instrument("audit")
    for item_id in ("9", "10"):
        assert [o.score for o in inst.options_for(inst.item(item_id))] == [0, 2, 4]
    with pytest.raises(AnswersError) as caught:
        score("audit", lowest("audit") | {"9": 1})
    assert caught.value.problems[0].item == "9"
    assert "2 = Yes, but not in the last year" in caught.value.problems[0].allowed


def test_a_worked_example_gives_subscales_and_the_zone() -> None:
    # Q1 2-3/week (3), Q2 5 or 6 (2), Q3 monthly (2) = 7; Q4 less than monthly (1), Q5 never,
    # Q6 never = 1; Q7 monthly (2), Q8 never, Q9 yes not last year (2), Q10 yes last year (4) = 8.
    answers = {
        "1": "2 to 3 times a week",
        "2": "5 or 6",
        "3": "Monthly",
        "4": "Less than monthly",
        "5": "Never",
        "6": "Never",
        "7": "Monthly",
        "8": "Never",
        "9": "Yes, but not in the last year",
        "10": "Yes, during the last year",
    }
    result = score("audit", answers)
    assert result.total == 16
    assert result.band is not None and result.band.id == "zone_3"
    assert result.subscales["consumption"].total == 7
    assert result.subscales["dependence"].total == 1
    assert result.subscales["problems"].total == 8
    assert result.flag("escalation") is not None  # item 10 = 4


@pytest.mark.parametrize(
    ("change", "raised"),
    [
        ({"4": 1, "5": 1, "6": 1}, False),
        ({"4": 2}, True),
        ({"5": 2}, True),
        ({"6": 2}, True),
        ({"9": 2, "10": 2}, False),
        ({"9": 4}, True),
        ({"10": 4}, True),
    ],
)
def test_the_escalation_rule_reads_any_one_of_its_items(
    change: dict[str, int], raised: bool
) -> None:
    result = score("audit", lowest("audit") | change)
    assert (result.flag("escalation") is not None) is raised


@pytest.mark.parametrize(("dependence", "raised"), [((1, 1, 1), False), ((2, 1, 1), True)])
def test_a_dependence_subscale_of_four_flags_possible_dependence(
    dependence: tuple[int, int, int], raised: bool
) -> None:
    result = score("audit", lowest("audit") | dict(zip(("4", "5", "6"), dependence, strict=True)))
    assert result.subscales["dependence"].total == sum(dependence)
    assert (result.flag("possible_dependence") is not None) is raised


@pytest.mark.parametrize(("item7", "raised"), [(0, False), (1, True)])
def test_any_score_on_items_seven_to_ten_flags_alcohol_related_problems(
    item7: int, raised: bool
) -> None:
    result = score("audit", lowest("audit") | {"7": item7})
    assert (result.flag("alcohol_related_problems") is not None) is raised


def test_the_escalation_flag_is_raised_from_partial_answers() -> None:
    with pytest.raises(AnswersError) as caught:
        score("audit", {"6": "Weekly"})
    assert caught.value.partial is not None
    assert caught.value.partial.total is None
    assert caught.value.partial.flag("escalation") is not None


def test_drink_count_answers_accept_the_loinc_code_and_display() -> None:
    by_code = score("audit", lowest("audit") | {"2": "LA18931-8"})
    by_loinc_display = score("audit", lowest("audit") | {"2": "7 to 9"})
    assert by_code.points("2") == by_loinc_display.points("2") == 3

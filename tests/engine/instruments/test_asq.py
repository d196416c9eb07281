"""ASQ (NIMH toolkit; CLINICAL.md §0 note): classification, declined answers, acuity item."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, get_instrument, score

ALL_NO = {"1": "no", "2": "no", "3": "no", "4": "no"}


def test_all_no_is_a_negative_screen_without_the_acuity_question() -> None:
    result = score("asq", ALL_NO)
    assert result.band is not None and result.band.id == "negative"
    assert result.missing == () and result.flags == ()


@pytest.mark.parametrize("item", ["1", "2", "3", "4"])
@pytest.mark.parametrize("answer", ["yes", "declined", "Declined to answer", True])
def test_yes_or_declining_any_of_one_to_four_asks_the_acuity_question(
    item: str, answer: object
) -> None:
    with pytest.raises(AnswersError) as caught:
        score("asq", ALL_NO | {item: answer})
    assert [p.item for p in caught.value.problems] == ["5"]
    partial = caught.value.partial
    assert partial is not None and partial.flag("positive_screen") is not None
    assert any("cannot rule out" in w for w in partial.warnings)


def test_no_to_the_acuity_question_is_a_non_acute_positive() -> None:
    result = score("asq", ALL_NO | {"2": "yes", "5": "no"})
    assert result.band is not None and result.band.id == "non_acute_positive"
    assert "brief suicide safety assessment" in result.band.action
    assert result.flag("positive_screen") is not None and result.flag("acute_risk") is None


@pytest.mark.parametrize("acuity", ["yes", "declined"])
def test_yes_or_declining_the_acuity_question_is_an_acute_positive(acuity: str) -> None:
    result = score("asq", ALL_NO | {"3": "yes", "5": acuity})
    assert result.band is not None and result.band.id == "acute_positive"
    flag = result.flag("acute_risk")
    assert flag is not None and flag.severity == "emergency"


def test_an_unanswered_screen_question_is_never_reported_as_negative() -> None:
    answers = dict(ALL_NO)
    del answers["4"]
    result = score("asq", answers, partial=True)
    assert result.band is None
    assert result.missing == ("4", "5")


def test_the_toolkit_wording_is_shipped_for_the_five_questions() -> None:
    inst = get_instrument("asq")
    assert inst.item("1").text == "In the past few weeks, have you wished you were dead?"
    assert inst.item("5").text == "Are you having thoughts of killing yourself right now?"

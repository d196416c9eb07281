"""SHAPS against Snaith 1995 (CLINICAL.md §2.11): either disagree scores 1, no wording shipped."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, get_instrument, score

ITEMS = [str(i) for i in range(1, 15)]


def _answers(
    disagree: int, agree: str = "agree", disagree_label: str = "strongly_disagree"
) -> dict[str, str]:
    return {i: (disagree_label if n < disagree else agree) for n, i in enumerate(ITEMS)}


@pytest.mark.parametrize(
    ("disagree", "band", "flagged"),
    [(0, "normal", False), (2, "normal", False), (3, "abnormal", True), (14, "abnormal", True)],
)
def test_three_or_more_disagree_answers_are_abnormal(
    disagree: int, band: str, flagged: bool
) -> None:
    result = score("shaps", _answers(disagree))
    assert result.total == disagree
    assert result.band is not None and result.band.id == band
    assert (result.flag("anhedonia") is not None) is flagged


@pytest.mark.parametrize("agree", ["definitely_agree", "agree", "Strongly agree"])
@pytest.mark.parametrize("disagree", ["disagree", "Strongly disagree", "definitely disagree"])
def test_both_agree_options_score_zero_and_both_disagree_options_score_one(
    agree: str, disagree: str
) -> None:
    assert score("shaps", _answers(5, agree=agree, disagree_label=disagree)).total == 5


def test_reverse_presented_items_score_the_same_way() -> None:
    inst = get_instrument("shaps")
    assert {i.options for i in inst.items} == {"agreement"}
    reversed_items = {i.id for i in inst.items if i.help and "reverse order" in i.help}
    assert reversed_items == {"2", "4", "5", "7", "9", "12", "14"}


def test_no_item_wording_is_shipped_and_the_licence_says_personal_use_and_research_only() -> None:
    inst = get_instrument("shaps")
    assert all(item.text is None for item in inst.items)
    assert all(item.topic == f"item {item.id} (wording licensed)" for item in inst.items)
    assert inst.licence.reproduce_text is False
    assert "personal use and research only" in inst.licence.statement


def test_licensed_wording_supplied_locally_is_shown_without_changing_scores() -> None:
    inst = get_instrument("shaps")
    local = inst.with_item_text({"1": "[site-supplied wording 1]"}, licence="Site licence 7")
    assert local.item("1").text == "[site-supplied wording 1]"
    assert local.local_wording == "Site licence 7" and inst.local_wording is None
    assert inst.item("1").text is None  # the shipped definition is untouched
    assert score(local, _answers(4)).total == score(inst, _answers(4)).total == 4
    with pytest.raises(ValueError, match="unknown item"):
        inst.with_item_text({"15": "x"}, licence="Site licence 7")
    with pytest.raises(ValueError, match="which licence"):
        inst.with_item_text({"1": "x"}, licence=" ")


def test_a_missing_answer_refuses_a_total() -> None:
    answers = _answers(3)
    del answers["14"]
    with pytest.raises(AnswersError) as caught:
        score("shaps", answers)
    assert caught.value.problems[0].item == "14"

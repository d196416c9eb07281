"""Scoring behaviour common to every instrument: coercion, invalid input, missing data, and
properties (range, monotonicity) checked with hypothesis over all shipped definitions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualpath.engine import AnswersError, Instrument, get_instrument, list_instruments, score
from tests.engine.instruments.helpers import lowest

INSTRUMENTS = list_instruments()
IDS = [pytest.param(i, id=i.id) for i in INSTRUMENTS]


def _always_asked(inst: Instrument) -> str:
    return next(item.id for item in inst.items if item.required and item.enable_when is None)


@st.composite
def full_answers(draw: st.DrawFn, inst: Instrument) -> dict[str, str]:
    """Any valid answer (by option id) to every item, skipped items included."""
    return {
        item.id: draw(st.sampled_from([o.id for o in inst.options_for(item)]))
        for item in inst.items
    }


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(data=st.data(), inst=st.sampled_from(INSTRUMENTS))
def test_totals_and_subscales_stay_within_their_published_range(
    data: st.DataObject, inst: Instrument
) -> None:
    sex = data.draw(st.sampled_from([None, "male", "female", "other"]))
    result = score(inst, data.draw(full_answers(inst)), sex=sex)
    if inst.scoring.method == "sum":
        low, high = inst.scoring.range or (math.nan, math.nan)
        assert result.total is not None and low <= result.total <= high
    else:
        assert result.total is None
    for sub in inst.subscales:
        value = result.subscales[sub.id].total
        assert value is not None and sub.range[0] <= value <= sub.range[1]
    if inst.bands:
        assert result.band is not None  # every complete answer set lands in a band


@settings(max_examples=200, deadline=None)
@given(data=st.data(), inst=st.sampled_from(INSTRUMENTS))
def test_raising_one_answer_never_lowers_a_total_subscale_or_classification(
    data: st.DataObject, inst: Instrument
) -> None:
    answers = data.draw(full_answers(inst))
    item = data.draw(st.sampled_from([i for i in inst.items if i.scored or i.enable_when is None]))
    options = inst.options_for(item)
    before_opt = inst.options_for(item)[[o.id for o in options].index(answers[item.id])]
    higher = [o for o in options if o.score >= before_opt.score]
    after_opt = data.draw(st.sampled_from(higher))
    before = score(inst, answers)
    after = score(inst, answers | {item.id: after_opt.id})
    if before.total is not None:
        assert after.total is not None and after.total >= before.total
    for sub_id, sub in before.subscales.items():
        assert (after.subscales[sub_id].total or 0) >= (sub.total or 0)
    if inst.scoring.method == "classification":
        order = [b.id for b in inst.bands]  # most severe first
        assert before.band is not None and after.band is not None
        assert order.index(after.band.id) <= order.index(before.band.id)
    raised = {f.id for f in before.flags}
    monotone_flags = {f.id for f in inst.flags if "max" not in f.when.model_dump_json()}
    assert raised & monotone_flags <= {f.id for f in after.flags}


# --- invalid input ----------------------------------------------------------------------------


@pytest.mark.parametrize("inst", IDS)
def test_an_unknown_item_is_named_with_the_known_items(inst: Instrument) -> None:
    with pytest.raises(AnswersError) as caught:
        score(inst, lowest(inst) | {"99x": 1})
    problem = caught.value.problems[0]
    assert problem.kind == "unknown_item" and problem.item == "99x"
    assert set(problem.allowed) == {item.id for item in inst.items}
    assert "99x" in str(caught.value)


@pytest.mark.parametrize("inst", IDS)
def test_an_out_of_range_value_names_the_item_and_lists_allowed_values(inst: Instrument) -> None:
    item_id = _always_asked(inst)
    with pytest.raises(AnswersError) as caught:
        score(inst, lowest(inst) | {item_id: 99})
    (problem,) = caught.value.problems
    assert problem.kind == "invalid_value" and problem.item == item_id and problem.value == 99
    options = inst.options_for(inst.item(item_id))
    assert problem.allowed == tuple(f"{o.value} = {o.label}" for o in options)
    assert f"item {item_id}" in str(caught.value) and options[0].label in str(caught.value)
    assert caught.value.partial is None  # no result is made from invalid input


@pytest.mark.parametrize("inst", IDS)
@pytest.mark.parametrize("wrong", [[1], {"value": 1}, object(), 1.5])
def test_an_answer_of_the_wrong_type_is_refused_naming_the_item(
    inst: Instrument, wrong: object
) -> None:
    item_id = _always_asked(inst)
    with pytest.raises(AnswersError) as caught:
        score(inst, lowest(inst) | {item_id: wrong})
    (problem,) = caught.value.problems
    assert problem.item == item_id and problem.kind == "invalid_value" and problem.allowed


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(AnswersError) as caught:
        score("phq9", {"1": 7, "2": "often", "3": 0, "bogus": 1})
    kinds = {(p.item, p.kind) for p in caught.value.problems}
    assert kinds == {("1", "invalid_value"), ("2", "invalid_value"), ("bogus", "unknown_item")}


def test_true_and_false_only_answer_yes_no_items() -> None:
    with pytest.raises(AnswersError) as caught:
        score("phq9", {str(i): 0 for i in range(1, 10)} | {"1": True})
    assert caught.value.problems[0].item == "1"
    assert score("dast10", {str(i): False for i in range(1, 11)}).total == 1


# --- coercion ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", [2, 2.0, "2", " 2 ", "2.0", "more than half the days", "MORE_THAN_HALF", "LA6570-1"]
)
def test_equivalent_spellings_of_an_answer_score_the_same(raw: object) -> None:
    answers = {str(i): 0 for i in range(1, 10)} | {"3": raw}
    assert score("phq9", answers).points("3") == 2


@pytest.mark.parametrize("blank", [None, "", "   ", math.nan])
def test_blank_answers_count_as_unanswered(blank: object) -> None:
    answers = {str(i): 0 for i in range(1, 10)} | {"4": blank}
    result = score("phq9", answers, partial=True)
    assert result.missing == ("4",) and result.total is None


# --- missing data -----------------------------------------------------------------------------


@pytest.mark.parametrize("inst", IDS)
def test_a_missing_answer_raises_naming_it_and_carries_the_partial_result(inst: Instrument) -> None:
    item_id = _always_asked(inst)
    answers = lowest(inst)
    del answers[item_id]
    with pytest.raises(AnswersError) as caught:
        score(inst, answers)
    assert [p.item for p in caught.value.problems] == [item_id]
    assert caught.value.problems[0].kind == "missing" and caught.value.problems[0].allowed
    partial = caught.value.partial
    assert partial is not None and partial.missing == (item_id,)
    assert partial.total is None  # every definition refuses rather than prorates


@pytest.mark.parametrize("inst", IDS)
def test_partial_scoring_returns_the_result_instead_of_raising(inst: Instrument) -> None:
    item_id = _always_asked(inst)
    answers = lowest(inst)
    del answers[item_id]
    result = score(inst, answers, partial=True)
    assert result.total is None and result.missing == (item_id,)
    assert result.answered == len(answers)
    if inst.scoring.method == "sum":
        assert any(item_id in w and "not scored" in w for w in result.warnings)


@pytest.mark.parametrize("inst", IDS)
def test_every_definition_uses_the_refuse_rule(inst: Instrument) -> None:
    # No source verified a proration rule for any instrument (CLINICAL.md); revisit if one does.
    assert inst.missing.rule == "refuse"


def test_an_empty_answer_set_raises_every_always_asked_item() -> None:
    with pytest.raises(AnswersError) as caught:
        score("gad7", {})
    assert [p.item for p in caught.value.problems] == [str(i) for i in range(1, 8)]


# --- context ----------------------------------------------------------------------------------


def test_an_age_outside_the_validated_range_is_warned_about() -> None:
    answers = {str(i): 0 for i in range(1, 10)}
    assert any("validated age range" in w for w in score("phq9", answers, age=11).warnings)
    assert not any("validated age range" in w for w in score("phq9", answers, age=30).warnings)


def test_a_result_shows_its_basis_and_source() -> None:
    result = score(get_instrument("audit"), lowest("audit"))
    assert result.basis == get_instrument("audit").scoring.rule
    assert "WHO" in result.source
    data = result.to_dict()
    assert data["instrument"] == "audit" and data["scorable"] is True

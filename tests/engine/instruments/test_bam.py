"""BAM, Likert version, VA 17-item numbering (CLINICAL.md §2.14; scoring V-2)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, get_instrument, score

SCORED = ["1", "2", "3", "4", "5", "6", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17"]
USE = ("4", "5", "6")
RISK = ("1", "2", "3", "8", "11", "15")
PROTECTIVE = ("9", "10", "12", "13", "14", "16")


def _answers(**points: int) -> dict[str, int]:
    base = dict.fromkeys(SCORED, 0) | dict.fromkeys(PROTECTIVE, 4)
    return base | {k.removeprefix("i"): v for k, v in points.items()}


def test_subscales_sum_the_published_items() -> None:
    inst = get_instrument("bam")
    subs = {s.id: s.items for s in inst.subscales}
    assert subs == {"use": USE, "risk": RISK, "protective": PROTECTIVE}
    result = score("bam", _answers(i4=1, i5=2, i6=3, i1=4, i15=2, i9=0))
    assert result.total is None
    assert result.subscales["use"].total == 6
    assert result.subscales["risk"].total == 6
    assert result.subscales["protective"].total == 20


@pytest.mark.parametrize(("use", "raised"), [(0, False), (1, True)])
def test_any_use_is_flagged(use: int, raised: bool) -> None:
    answers = _answers(i4=use)
    assert (score("bam", answers).flag("any_use") is not None) is raised


@pytest.mark.parametrize(("risk", "raised"), [(11, False), (12, True)])
def test_risk_of_twelve_or_more_is_flagged(risk: int, raised: bool) -> None:
    points = {"i1": 4, "i2": 4, "i3": 3, "i8": risk - 11}
    assert (score("bam", _answers(**points)).flag("high_risk") is not None) is raised


@pytest.mark.parametrize(("protective", "raised"), [(13, False), (12, True)])
def test_protective_of_twelve_or_less_is_flagged(protective: int, raised: bool) -> None:
    points = {"i9": 4, "i10": 4, "i12": 4, "i13": protective - 12, "i14": 0, "i16": 0}
    result = score("bam", _answers(**points))
    assert result.subscales["protective"].total == protective
    assert (result.flag("low_protection") is not None) is raised


def test_item_seven_and_item_seventeen_are_not_scored() -> None:
    with_7 = score("bam", _answers(i6=2) | {"7a": 4, "7c": 4, "17": 4})
    assert with_7.subscales["use"].total == 2
    assert with_7.points("7a") == 4  # recorded, not counted


def test_item_seven_is_skipped_when_there_was_no_drug_use() -> None:
    result = score("bam", _answers())
    assert result.missing == ()


def test_wording_is_not_shipped_because_it_is_unverified() -> None:
    inst = get_instrument("bam")
    assert all(item.text is None for item in inst.items)
    assert any("wording" in u.lower() for u in inst.unverified)


def test_a_missing_risk_item_leaves_risk_uncomputed_but_use_flagged() -> None:
    answers = _answers(i5=3)
    del answers["8"]
    with pytest.raises(AnswersError) as caught:
        score("bam", answers)
    partial = caught.value.partial
    assert partial is not None
    assert partial.subscales["risk"].total is None
    assert partial.flag("any_use") is not None
    assert [p.item for p in caught.value.problems] == ["8"]

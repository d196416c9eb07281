"""The per-response engine as the oracle for batch results (shared by the batch tests)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dualpath.batch.answers import AnswerCoding, answer_key
from dualpath.engine import AnswersError, Instrument, normalise_sex, score
from dualpath.engine.conditions import SKIPPED, Facts, evaluate


def _facts(inst: Instrument, result: Any, sex: str) -> Facts:
    """The facts the engine evaluated flags on, rebuilt from its result.

    ScoreResult lists raised flags only; to compare "unknown" (null) flags we re-evaluate each
    flag with the engine's own evaluate() on the answers, skips, totals and subscales.
    """
    answers: dict[str, Any] = {i: (s.option, s.points) for i, s in result.items.items()}
    for item in inst.items:
        if item.enable_when is None:
            continue
        enabled = evaluate(item.enable_when, Facts(answers, None, {}, sex))
        if enabled is False and item.id not in answers:
            answers[item.id] = SKIPPED
    subscales = {sub_id: sub.total for sub_id, sub in result.subscales.items()}
    return Facts(answers, result.total, subscales, sex)


def expected_row(
    inst: Instrument,
    raw: Mapping[str, object],
    *,
    sex: str | None = None,
    coding: AnswerCoding | None = None,
) -> dict[str, Any] | None:
    """Engine result as batch output columns; None when the engine refuses the answers."""
    coding = coding or AnswerCoding()
    answers: dict[str, object] = {}
    for item_id, value in raw.items():
        key = answer_key(value)
        if key is not None and key in coding.missing_codes:
            value = None
        elif key is not None:
            recode = coding.recode_for(item_id)
            if key in recode:
                value = recode[key]
        answers[item_id] = value
    try:
        result = score(inst, answers, sex=sex, partial=True)
    except AnswersError:
        return None
    facts = _facts(inst, result, normalise_sex(sex))
    row: dict[str, Any] = {
        "score": result.total,
        "band": result.band.id if result.band else None,
        "answered": result.answered,
        "prorated": result.prorated,
    }
    for flag in inst.flags:
        verdict = evaluate(flag.when, facts)
        assert (verdict is True) == (result.flag(flag.id) is not None)
        row[f"flag_{flag.id}"] = verdict
    for sub in inst.subscales:
        row[f"sub_{sub.id}"] = result.subscales[sub.id].total
        if sub.bands:
            band = result.subscales[sub.id].band
            row[f"sub_{sub.id}_band"] = band.id if band else None
    return row


def comparable(row: Mapping[str, Any]) -> dict[str, Any]:
    """Numbers as floats so 13 == 13.0 compares equal with dtype differences out of the way."""
    return {
        k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in row.items()
    }

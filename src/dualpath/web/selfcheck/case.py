"""Turn a finished self-check into an engine :class:`~dualpath.engine.Case` and assess it.

The self-check knows only what the person answered: the questionnaires, their sex if given,
their chosen country, and which substances TAPS shows they use (TAPS part 1 frequency over
the past 12 months; part 2 tells which drug classes). Everything else in the case stays
unknown, and the engine treats unknown as unknown, never as reassuring.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dualpath.engine import Assessment, Case, assess
from dualpath.web.selfcheck.flow import ABOUT, WITHDRAWAL, Answers
from dualpath.web.selfcheck.results import scorable_answers

__all__ = ["build_case", "self_check_assessment"]

_FREQUENCY = {
    "never": "none",
    "less_than_monthly": "less_than_monthly",
    "monthly": "monthly",
    "weekly": "weekly",
    "daily": "daily",
}
_SEX = {"male": "male", "female": "female", "other": "other", "not_stated": "unknown"}
# TAPS part-2 "any use" item -> (engine substance class, the TAPS part-1 item it falls under)
_TAPS2_CLASSES = {
    "marijuana_1": ("cannabis", "t1_drugs"),
    "stimulants_1": ("stimulants_cocaine", "t1_drugs"),
    "heroin_1": ("opioids", "t1_drugs"),
    "rx_opioids_1": ("opioids", "t1_rx"),
    "sedatives_1": ("sedatives", "t1_rx"),
    "rx_stimulants_1": ("stimulants_other", "t1_rx"),
}
_INSTRUMENTS = ("phq9", "phq2", "asq", "taps", "auditc", "dast10")


_WITHDRAWAL_FIELDS = {
    "sick": "dependence",
    "seizure": "withdrawal_seizures",
    "delirium": "withdrawal_delirium",
}


def _withdrawal(found: dict[str, dict[str, Any]], withdrawal: dict[str, str]) -> None:
    """Yes/no answers become the case's fields; "not sure" stays unknown (no default of no)."""
    for key, value in withdrawal.items():
        substance, _sep, kind = key.partition("_")
        if substance not in found or kind not in _WITHDRAWAL_FIELDS:
            continue
        if value == "yes":
            found[substance][_WITHDRAWAL_FIELDS[kind]] = True
        elif value == "no" and kind == "sick":
            found[substance]["dependence"] = False


def _substances(taps: dict[str, str], withdrawal: dict[str, str]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for item, substance in (("t1_tobacco", "tobacco"), ("t1_alcohol", "alcohol")):
        frequency = _FREQUENCY.get(taps.get(item, ""))
        if frequency is not None and frequency != "none":
            found[substance] = {"substance": substance, "frequency": frequency}
    for item, (substance, parent) in _TAPS2_CLASSES.items():
        if taps.get(item) == "yes" and substance not in found:
            frequency = _FREQUENCY.get(taps.get(parent, ""))
            entry: dict[str, Any] = {"substance": substance}
            if frequency is not None and frequency != "none":
                entry["frequency"] = frequency
            found[substance] = entry
    _withdrawal(found, withdrawal)
    return list(found.values())


def build_case(answers: Answers, *, country: str | None, today: dt.date) -> Case:
    instruments = []
    for instrument_id in _INSTRUMENTS:
        if instrument_id == "phq2" and "phq9" in answers:
            continue  # the PHQ-9 carries the PHQ-2 answers
        if instrument_id == "phq9" and "phq9" not in answers:
            continue  # not asked: the PHQ-2 stands alone
        given = scorable_answers(answers, instrument_id)
        if given:
            instruments.append({"instrument": instrument_id, "date": today, "answers": given})
    data: dict[str, Any] = {
        "as_of": today,
        "sex": _SEX.get(answers.get(ABOUT, {}).get("sex", ""), "unknown"),
        "country": country if country and country != "other" else None,
        "instruments": instruments,
        "substances": _substances(dict(answers.get("taps", {})), dict(answers.get(WITHDRAWAL, {}))),
    }
    return Case.model_validate(data)


def self_check_assessment(answers: Answers, *, country: str | None, today: dt.date) -> Assessment:
    return assess(build_case(answers, country=country, today=today))

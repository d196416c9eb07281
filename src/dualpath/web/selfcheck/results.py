"""Score a finished check: one result per instrument asked, from the definitions' own rules.

Answers the person declined or skipped are left out (the scorer then applies the
instrument's published missing-data rule and still computes flags from what was answered).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dualpath.engine import ScoreResult, get_instrument, normalise_sex, score
from dualpath.web.selfcheck.flow import (
    ABOUT,
    DECLINED,
    SECTIONS,
    SKIPPED_ANSWER,
    WITHDRAWAL,
    Answers,
    instrument_answers,
)

__all__ = ["InstrumentOutcome", "outcomes", "scorable_answers"]


@dataclass(frozen=True)
class InstrumentOutcome:
    instrument: str
    name: str
    short_name: str
    result: ScoreResult
    declined: tuple[str, ...]

    @property
    def used_any(self) -> bool:
        """For per-substance results (TAPS): any substance with a score above 0."""
        return any(sub.total for sub in self.result.subscales.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "name": self.name,
            "declined": list(self.declined),
            "result": self.result.to_dict(),
        }


def scorable_answers(answers: Answers, instrument_id: str) -> dict[str, str]:
    given = instrument_answers(answers, instrument_id)
    return {k: v for k, v in given.items() if v != SKIPPED_ANSWER}


def outcomes(answers: Answers) -> list[InstrumentOutcome]:
    sex = normalise_sex(answers.get(ABOUT, {}).get("sex"))
    found: list[InstrumentOutcome] = []
    for section, _rule in SECTIONS:
        if section in (ABOUT, WITHDRAWAL):
            continue  # not instruments: nothing to score
        if section == "phq2" and "phq9" in answers:
            continue  # the PHQ-9 result includes the PHQ-2 questions
        if section == "phq9" and "phq9" not in answers:
            continue  # not asked (PHQ-2 below the cut-off): no PHQ-9 made of two answers
        given = instrument_answers(answers, section)
        if not given:
            continue
        instrument = get_instrument(section)
        result = score(instrument, scorable_answers(answers, section), sex=sex, partial=True)
        declined = tuple(item for item, value in given.items() if value == DECLINED)
        found.append(
            InstrumentOutcome(section, instrument.name, instrument.short_name, result, declined)
        )
    return found

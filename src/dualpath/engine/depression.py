"""Depression in context: likely substance-induced, likely independent, or undetermined.

Rules in ``rules/depression.yaml`` follow DSM-5 criterion C as summarised in CLINICAL.md §3
and are tried in order. The output always says "suggests" and gives a date to re-assess
while depression may still be substance-induced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from dualpath.engine.assessment import Anhedonia, Basis, DepressionContext
from dualpath.engine.registry import get_instrument
from dualpath.engine.rules.logic import (
    FactValue,
    RuleBase,
    RuleFile,
    RuleModel,
    evaluate,
    load_rules,
)
from dualpath.engine.safety import basis_for

__all__ = ["DepressionRules", "assess_depression", "depression_rules"]

Classification = Literal[
    "likely_substance_induced",
    "likely_independent",
    "undetermined",
    "below_threshold",
    "not_assessed",
]


class ClassificationRule(RuleBase):
    classification: Classification
    label: str


class AnhedoniaRule(RuleBase):
    pass


class Text(RuleModel):
    for_person: str
    for_clinician: str


class DepressionRules(RuleFile):
    induced_window_days: int
    classifications: tuple[ClassificationRule, ...]
    anhedonia: tuple[AnhedoniaRule, ...]
    anhedonia_text: Text


def depression_rules() -> DepressionRules:
    return load_rules("depression.yaml", DepressionRules)


def _anhedonia(facts: Mapping[str, FactValue]) -> Anhedonia | None:
    rules = depression_rules()
    if facts.get("shaps.total") is None and facts.get("phq9.items.1") is None:
        return None
    fired = [r for r in rules.anhedonia if evaluate(r.when, facts)]
    if not fired:
        inputs = {
            "shaps.total": facts.get("shaps.total"),
            "phq9.items.1": facts.get("phq9.items.1"),
        }
        return Anhedonia(
            present=False,
            for_person="",
            for_clinician="No anhedonia signal (SHAPS <3 and PHQ-9 item 1 below 2, where given).",
            basis=Basis(rule="anhedonia.none", source=rules.anhedonia[0].source, inputs=inputs),
        )
    return Anhedonia(
        present=True,
        for_person=rules.anhedonia_text.for_person,
        for_clinician=" ".join(r.for_clinician for r in fired)
        + " "
        + rules.anhedonia_text.for_clinician,
        basis=basis_for(fired[0], facts),
    )


def _band(total: FactValue) -> str | None:
    """The PHQ-9 severity band, read from the instrument definition (Kroenke 2001)."""
    if not isinstance(total, (int, float)) or isinstance(total, bool):
        return None
    for band in get_instrument("phq9").bands:
        low = band.min if band.min is not None else float("-inf")
        high = band.max if band.max is not None else float("inf")
        if low <= total <= high:
            return band.id
    return None


def assess_depression(facts: Mapping[str, FactValue], as_of: dt.date) -> DepressionContext:
    rules = depression_rules()
    rule = next(r for r in rules.classifications if evaluate(r.when, facts))
    days = facts.get("days_since_any_use")
    reassess: dt.date | None = None
    if rule.classification in ("likely_substance_induced", "undetermined"):
        wait = rules.induced_window_days
        if isinstance(days, int) and not isinstance(days, bool) and days < wait:
            wait -= days
        reassess = as_of + dt.timedelta(days=wait)
    total = facts.get("phq9.total")
    return DepressionContext(
        classification=rule.classification,
        label=rule.label,
        severity=_band(total),
        phq9_total=float(total) if isinstance(total, (int, float)) else None,
        reassess_on=reassess,
        anhedonia=_anhedonia(facts),
        for_person=rule.for_person,
        for_clinician=rule.for_clinician,
        basis=basis_for(rule, facts),
    )

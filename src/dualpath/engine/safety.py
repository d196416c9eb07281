"""Safety: suicide, overdose and dangerous withdrawal, from the rules in ``rules/safety.yaml``.

The safety level is the most severe matching rule (never an average); crisis contacts for the
person's country are attached whatever the scores, because a negative screen does not mean
safe (CLINICAL.md §0.7). Immediate actions come first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeVar

from pydantic import Field

from dualpath.engine.assessment import (
    Action,
    Basis,
    OverdoseRisk,
    Safety,
    SafetyLevel,
    Signal,
    SuicideRisk,
    WithdrawalRisk,
)
from dualpath.engine.crisis import crisis_contacts, crisis_lines_version, resolve_country
from dualpath.engine.rules.logic import (
    FactValue,
    RuleBase,
    RuleFile,
    RuleModel,
    evaluate,
    facts_read,
    load_rules,
)

__all__ = ["SafetyRules", "assess_safety", "basis_for", "safety_rules"]

T = TypeVar("T", bound=str)

SEVERITY_ORDER: tuple[SafetyLevel, ...] = ("emergency", "urgent", "elevated", "routine")
SuicideLevel = Literal["acute", "non_acute", "none_reported", "not_screened"]
OverdoseLevel = Literal["high", "elevated", "low"]
WithdrawalLevel = Literal["medically_managed", "monitor", "low"]


class ActionSpec(RuleModel):
    id: str
    priority: int = Field(ge=1, le=4)
    for_person: str
    for_clinician: str


class SafetyRule(RuleBase):
    domain: Literal["suicide", "overdose", "withdrawal", "general"]
    severity: SafetyLevel
    suicide_level: SuicideLevel | None = None
    overdose_level: OverdoseLevel | None = None
    withdrawal_level: WithdrawalLevel | None = None
    naloxone: bool = False
    substance: str | None = None
    actions: tuple[ActionSpec, ...] = ()


class LevelText(RuleModel):
    for_person: str
    for_clinician: str


class SafetyRules(RuleFile):
    levels: dict[SafetyLevel, LevelText]
    rules: tuple[SafetyRule, ...]


def safety_rules() -> SafetyRules:
    return load_rules("safety.yaml", SafetyRules)


def basis_for(rule: RuleBase, facts: Mapping[str, FactValue]) -> Basis:
    """The basis of a rule that fired: its id, source and the facts it read."""
    return Basis(
        rule=rule.id, source=rule.source, inputs={f: facts.get(f) for f in facts_read(rule.when)}
    )


def _highest(found: list[T], order: tuple[T, ...], default: T) -> T:
    return min(found, key=order.index) if found else default


def assess_safety(facts: Mapping[str, FactValue], country: str | None) -> Safety:
    """Evaluate every safety rule against the facts and attach the crisis contacts."""
    rules = safety_rules()
    fired = [r for r in rules.rules if evaluate(r.when, facts)]
    signals = tuple(
        Signal(
            id=r.id,
            domain=r.domain,
            severity=r.severity,
            for_person=r.for_person,
            for_clinician=r.for_clinician,
            basis=basis_for(r, facts),
        )
        for r in sorted(fired, key=lambda r: SEVERITY_ORDER.index(r.severity))
    )
    level = _highest([r.severity for r in fired], SEVERITY_ORDER, "routine")
    actions: dict[str, Action] = {}
    for rule in fired:
        for spec in rule.actions:
            known = actions.get(spec.id)
            if known is None or spec.priority < known.priority:
                actions[spec.id] = Action(
                    id=spec.id,
                    priority=spec.priority,
                    for_person=spec.for_person,
                    for_clinician=spec.for_clinician,
                    basis=basis_for(rule, facts),
                )
    ordered = tuple(sorted(actions.values(), key=lambda a: a.priority))
    suicide_order: tuple[SuicideLevel, ...] = (
        "acute",
        "non_acute",
        "none_reported",
        "not_screened",
    )
    suicide_default: SuicideLevel = (
        "none_reported" if facts.get("suicide_screened") else "not_screened"
    )
    suicide_level = _highest(
        [r.suicide_level for r in fired if r.suicide_level], suicide_order, suicide_default
    )
    overdose_order: tuple[OverdoseLevel, ...] = ("high", "elevated", "low")
    withdrawal_order: tuple[WithdrawalLevel, ...] = ("medically_managed", "monitor", "low")
    item9 = facts.get("phq9.items.9")
    asq = facts.get("asq.result")
    cssrs = facts.get("cssrs.level")
    contacts = crisis_contacts(country)
    return Safety(
        level=level,
        for_person=rules.levels[level].for_person,
        for_clinician=rules.levels[level].for_clinician,
        suicide=SuicideRisk(
            level=suicide_level,
            clinician_cssrs=cssrs if cssrs in ("none", "low", "moderate", "high") else None,
            asq=asq if asq in ("negative", "non_acute_positive", "acute_positive") else None,
            phq9_item9=float(item9) if isinstance(item9, (int, float)) else None,
            note=(
                "A negative screen does not mean safe: in a VA cohort 71.6% of people who died by "
                "suicide had answered 'not at all' on PHQ-9 item 9 (Louzon 2016). Keep asking."
            ),
        ),
        overdose=OverdoseRisk(
            level=_highest(
                [r.overdose_level for r in fired if r.overdose_level], overdose_order, "low"
            ),
            naloxone=any(r.naloxone for r in fired),
        ),
        withdrawal=WithdrawalRisk(
            level=_highest(
                [r.withdrawal_level for r in fired if r.withdrawal_level], withdrawal_order, "low"
            ),
            substances=tuple(dict.fromkeys(r.substance for r in fired if r.substance)),
        ),
        signals=signals,
        actions=ordered,
        crisis_contacts=contacts,
        crisis_country=resolve_country(country),
        crisis_lines_version=crisis_lines_version(),
    )

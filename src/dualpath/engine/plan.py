"""The integrated treatment plan, assembled from ``rules/plan.yaml``.

Each goal, item and caution is included when its condition holds and carries its source;
options left out on purpose (for example naltrexone in pregnancy) are listed with the reason,
so a clinician sees what was considered and why it was not offered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from pydantic import Field

from dualpath.engine.assessment import Basis, Caution, Goal, Plan, PlanCategory, PlanItem
from dualpath.engine.rules.logic import (
    Cond,
    FactValue,
    RuleBase,
    RuleFile,
    RuleModel,
    evaluate,
    facts_read,
    load_rules,
)
from dualpath.engine.safety import basis_for

__all__ = ["PlanRules", "build_plan", "plan_rules"]


class GoalRule(RuleBase):
    measure: str
    review_days: int = Field(ge=1)


class Conditional(RuleModel):
    when: Cond
    text: str = ""
    reason: str = ""


class ItemRule(RuleBase):
    category: PlanCategory
    title: str
    provider: str
    measure: str = ""
    review_days: int = Field(ge=1)
    review_from: Literal["depression.reassess_on"] | None = None
    notes: tuple[Conditional, ...] = ()
    exclude: tuple[Conditional, ...] = ()


class CautionRule(RuleBase):
    pass


class PlanRules(RuleFile):
    goals: tuple[GoalRule, ...]
    items: tuple[ItemRule, ...]
    cautions: tuple[CautionRule, ...]


def plan_rules() -> PlanRules:
    return load_rules("plan.yaml", PlanRules)


def _cond_basis(rule: RuleBase, extra: Cond, facts: Mapping[str, FactValue]) -> Basis:
    base = basis_for(rule, facts)
    inputs = dict(base.inputs)
    inputs.update({f: facts.get(f) for f in facts_read(extra)})
    return Basis(rule=rule.id, source=rule.source, inputs=inputs)


def build_plan(
    facts: Mapping[str, FactValue],
    as_of: dt.date,
    *,
    reassess_on: dt.date | None = None,
    extra_cautions: tuple[Caution, ...] = (),
) -> Plan:
    """Goals, items and cautions whose conditions hold; excluded options with their reasons."""
    rules = plan_rules()
    goals = tuple(
        Goal(
            id=g.id,
            for_person=g.for_person,
            for_clinician=g.for_clinician,
            measure=g.measure,
            review_on=as_of + dt.timedelta(days=g.review_days),
            basis=basis_for(g, facts),
        )
        for g in rules.goals
        if evaluate(g.when, facts)
    )
    items: list[PlanItem] = []
    excluded: list[Caution] = []
    for rule in rules.items:
        if not evaluate(rule.when, facts):
            continue
        blocked = next((x for x in rule.exclude if evaluate(x.when, facts)), None)
        if blocked is not None:
            excluded.append(
                Caution(
                    id=f"{rule.id}.excluded",
                    for_person=f"{rule.title} is not suggested for you: {blocked.reason}",
                    for_clinician=f"{rule.title} left out. {blocked.reason}",
                    basis=_cond_basis(rule, blocked.when, facts),
                )
            )
            continue
        review_on = as_of + dt.timedelta(days=rule.review_days)
        if rule.review_from == "depression.reassess_on" and reassess_on is not None:
            review_on = reassess_on
        items.append(
            PlanItem(
                id=rule.id,
                category=rule.category,
                title=rule.title,
                for_person=rule.for_person,
                for_clinician=rule.for_clinician,
                provider=rule.provider,
                measure=rule.measure,
                review_on=review_on,
                notes=tuple(n.text for n in rule.notes if evaluate(n.when, facts)),
                basis=basis_for(rule, facts),
            )
        )
    cautions = tuple(
        Caution(
            id=c.id,
            for_person=c.for_person,
            for_clinician=c.for_clinician,
            basis=basis_for(c, facts),
        )
        for c in rules.cautions
        if evaluate(c.when, facts)
    )
    reviews = [g.review_on for g in goals] + [i.review_on for i in items]
    return Plan(
        goals=goals,
        items=tuple(items),
        cautions=cautions + extra_cautions,
        excluded=tuple(excluded),
        review_on=min(reviews) if reviews else as_of + dt.timedelta(days=28),
    )

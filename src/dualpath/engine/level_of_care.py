"""Level of care from dualpath's own ratings on six dimensions informed by ASAM (not ASAM).

Each dimension is rated 0-4 by the highest matching rule in ``rules/level_of_care.yaml``;
each rating maps to the least intensive level that meets it; the most intensive of those
wins, and the dimensions that set it are named. Ratings are never averaged. A clinician's
override (with its reason) is shown beside the computed level, never instead of it.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from dualpath.engine.assessment import ASAM_DISCLAIMER, Basis, DimensionRating, LevelOfCare
from dualpath.engine.case import LevelId, LevelOverride
from dualpath.engine.rules.logic import (
    FactValue,
    RuleBase,
    RuleFile,
    RuleModel,
    evaluate,
    load_rules,
)
from dualpath.engine.safety import basis_for

__all__ = ["LevelRules", "assess_level_of_care", "level_rules"]


class LevelSpec(RuleModel):
    id: LevelId
    label: str
    for_person: str
    for_clinician: str


class DimensionSpec(RuleModel):
    number: int = Field(ge=1, le=6)
    name: str
    levels: dict[int, LevelId]


class RatingRule(RuleBase):
    dimension: int = Field(ge=1, le=6)
    rating: int = Field(ge=1, le=4)


class DefaultRule(RuleModel):
    id: str
    source: str
    for_clinician: str


class RatingGate(RuleBase):
    """Applies before the dimensions: when it holds, no addiction-treatment level is given."""


class LevelRules(RuleFile):
    levels: tuple[LevelSpec, ...]
    dimensions: tuple[DimensionSpec, ...] = Field(min_length=6, max_length=6)
    mapping_source: str
    default: DefaultRule
    no_substance_use: RatingGate
    ratings: tuple[RatingRule, ...]


def level_rules() -> LevelRules:
    return load_rules("level_of_care.yaml", LevelRules)


def _rate(spec: DimensionSpec, facts: Mapping[str, FactValue]) -> DimensionRating:
    rules = [r for r in level_rules().ratings if r.dimension == spec.number]
    fired = [r for r in rules if evaluate(r.when, facts)]
    rating = max((r.rating for r in fired), default=0)
    top = [r for r in fired if r.rating == rating]
    return DimensionRating(
        dimension=spec.number,
        name=spec.name,
        rating=rating,
        level=spec.levels.get(rating),
        reasons=tuple(basis_for(r, facts) for r in sorted(fired, key=lambda r: -r.rating)),
        for_clinician="; ".join(r.for_clinician for r in top) or "No risk found in this dimension",
    )


def assess_level_of_care(
    facts: Mapping[str, FactValue], override: LevelOverride | None = None
) -> LevelOfCare:
    """Rate the six dimensions and pick the level; ``override`` is recorded with its reason."""
    rules = level_rules()
    order = [lv.id for lv in rules.levels]
    labels = {lv.id: lv for lv in rules.levels}
    dims = tuple(_rate(spec, facts) for spec in rules.dimensions)
    needed = [d.level for d in dims if d.level is not None]
    computed: LevelId = min(needed, key=order.index) if needed else "early_intervention"
    gate = rules.no_substance_use
    no_use = (
        gate.when is not None
        and evaluate(gate.when, facts)
        and any(d.dimension == 3 and d.rating > 0 for d in dims)
    )
    if no_use:
        computed = "mental_health_care"
    driven_by = (3,) if no_use else tuple(d.dimension for d in dims if d.level == computed)
    final = override.level if override else computed
    spec = labels[final]
    if no_use:
        why = gate.for_clinician
        basis = basis_for(gate, facts)
    elif driven_by:
        why = "; ".join(
            f"dimension {d.dimension} ({d.name}) rated {d.rating}: {d.for_clinician}"
            for d in dims
            if d.dimension in driven_by
        )
        basis = Basis(
            rule="level.highest_dimension",
            source=rules.mapping_source,
            inputs={f"dimension_{d.dimension}": d.rating for d in dims},
        )
    else:
        why = rules.default.for_clinician
        basis = Basis(rule=rules.default.id, source=rules.default.source, inputs={})
    clinician = f"{labels[computed].label}, set by {why}."
    if override:
        clinician = (
            f"Clinician override to {spec.label} (reason: {override.reason}); "
            f"computed level was {clinician}"
        )
    return LevelOfCare(
        computed=computed,
        computed_label=labels[computed].label,
        final=final,
        final_label=spec.label,
        override=override,
        driven_by=driven_by,
        dimensions=dims,
        for_person=spec.for_person,
        for_clinician=f"{clinician} {spec.for_clinician}",
        disclaimer=ASAM_DISCLAIMER,
        basis=basis,
    )

"""The output of an assessment. Every part carries its basis: the rule, its source, the inputs.

Text comes in two registers: ``for_person`` (plain language) and ``for_clinician`` (precise).
Nothing here is a diagnosis; the wording says "suggests".
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dualpath.engine.case import LevelId, LevelOverride
from dualpath.engine.crisis import CrisisContact

__all__ = [
    "ASAM_DISCLAIMER",
    "Action",
    "Anhedonia",
    "Assessment",
    "Basis",
    "Caution",
    "DepressionContext",
    "DimensionRating",
    "Goal",
    "InstrumentSummary",
    "LevelOfCare",
    "OverdoseRisk",
    "Plan",
    "PlanCategory",
    "PlanItem",
    "Safety",
    "SafetyLevel",
    "Signal",
    "SuicideRisk",
    "WithdrawalRisk",
]

SafetyLevel = Literal["emergency", "urgent", "elevated", "routine"]
Scalar = str | int | float | bool | None

ASAM_DISCLAIMER = (
    "The level of care is dualpath's own transparent logic, informed by the six publicly "
    "described ASAM dimensions. It is not the ASAM Criteria, does not reproduce them, and is "
    "not equivalent to an ASAM placement."
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Basis(_Model):
    """Why: the rule that fired, the source it rests on, and the inputs it read."""

    rule: str
    source: str
    inputs: dict[str, Scalar] = Field(default_factory=dict)


class Signal(_Model):
    """A risk found by a safety rule."""

    id: str
    domain: Literal["suicide", "overdose", "withdrawal", "general"]
    severity: SafetyLevel
    for_person: str
    for_clinician: str
    basis: Basis


class Action(_Model):
    """Something to do now or soon; ``priority`` 1 is immediate."""

    id: str
    priority: int = Field(ge=1, le=4)
    for_person: str
    for_clinician: str
    basis: Basis


class SuicideRisk(_Model):
    level: Literal["acute", "non_acute", "none_reported", "not_screened"]
    clinician_cssrs: Literal["none", "low", "moderate", "high"] | None = None
    asq: Literal["negative", "non_acute_positive", "acute_positive"] | None = None
    phq9_item9: float | None = None
    note: str


class OverdoseRisk(_Model):
    level: Literal["high", "elevated", "low"]
    naloxone: bool


class WithdrawalRisk(_Model):
    level: Literal["medically_managed", "monitor", "low"]
    substances: tuple[str, ...] = ()


class Safety(_Model):
    level: SafetyLevel
    for_person: str
    for_clinician: str
    suicide: SuicideRisk
    overdose: OverdoseRisk
    withdrawal: WithdrawalRisk
    signals: tuple[Signal, ...]
    actions: tuple[Action, ...] = Field(description="Immediate actions first")
    crisis_contacts: tuple[CrisisContact, ...] = Field(min_length=1)
    crisis_country: str | None = Field(description="Country the contacts are for; None=fallback")
    crisis_lines_version: str


class DimensionRating(_Model):
    dimension: int = Field(ge=1, le=6)
    name: str
    rating: int = Field(ge=0, le=4)
    level: LevelId | None = Field(description="The least intensive level that meets this rating")
    reasons: tuple[Basis, ...] = ()
    for_clinician: str = ""


class LevelOfCare(_Model):
    computed: LevelId
    computed_label: str
    final: LevelId
    final_label: str
    override: LevelOverride | None = None
    driven_by: tuple[int, ...] = Field(description="Dimension numbers that set the level")
    dimensions: tuple[DimensionRating, ...]
    for_person: str
    for_clinician: str
    disclaimer: str = ASAM_DISCLAIMER
    basis: Basis


class Anhedonia(_Model):
    present: bool
    for_person: str
    for_clinician: str
    basis: Basis


class DepressionContext(_Model):
    classification: Literal[
        "likely_substance_induced",
        "likely_independent",
        "undetermined",
        "below_threshold",
        "not_assessed",
    ]
    label: str
    severity: str | None = Field(description="PHQ-9 band id, when a PHQ-9 total is known")
    phq9_total: float | None = None
    reassess_on: dt.date | None = None
    anhedonia: Anhedonia | None = None
    for_person: str
    for_clinician: str
    basis: Basis


class Goal(_Model):
    id: str
    for_person: str
    for_clinician: str
    measure: str
    review_on: dt.date
    basis: Basis


PlanCategory = Literal[
    "safety",
    "withdrawal",
    "medication",
    "psychotherapy",
    "peer_support",
    "holistic",
    "social",
    "relapse_prevention",
    "aftercare",
    "monitoring",
]


class PlanItem(_Model):
    id: str
    category: PlanCategory
    title: str
    for_person: str
    for_clinician: str
    provider: str
    measure: str = ""
    review_on: dt.date
    notes: tuple[str, ...] = ()
    basis: Basis


class Caution(_Model):
    id: str
    for_person: str
    for_clinician: str
    basis: Basis


class Plan(_Model):
    goals: tuple[Goal, ...]
    items: tuple[PlanItem, ...]
    cautions: tuple[Caution, ...]
    excluded: tuple[Caution, ...] = Field(
        default=(), description="Options left out on purpose (e.g. in pregnancy), with why"
    )
    review_on: dt.date


class InstrumentSummary(_Model):
    instrument: str
    date: dt.date | None
    total: float | None
    band: str | None
    warnings: tuple[str, ...] = ()


class Assessment(_Model):
    """The whole result of :func:`dualpath.engine.assess`."""

    format_version: Literal["1"] = "1"
    case_id: str | None
    as_of: dt.date
    rules_versions: dict[str, str]
    safety: Safety
    level_of_care: LevelOfCare
    depression: DepressionContext
    plan: Plan
    instruments: tuple[InstrumentSummary, ...]
    warnings: tuple[str, ...] = ()
    disclaimer: str = (
        "dualpath screens and supports decisions; it does not diagnose. A clinician must review "
        "this assessment."
    )

"""The input of an assessment: one person's intake history and instrument results.

A case is plain data (JSON or Python) validated by pydantic. Unknown keys are errors, so a
typo never silently drops a risk signal. :func:`parse_case` turns validation errors into
:class:`CaseError` problems that name the field as a path (``substances[2].last_use``).
Instrument answers are checked with the engine's own scorer at validation time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dualpath.engine.errors import AnswersError, DualpathError, UnknownInstrumentError
from dualpath.engine.registry import normalise_id
from dualpath.engine.scoring import score

__all__ = [
    "Case",
    "CaseError",
    "CaseProblem",
    "InstrumentResult",
    "LevelOverride",
    "PsychiatricHistory",
    "RecentRelease",
    "SocialSituation",
    "SubstanceUse",
    "parse_case",
]

SubstanceKind = Literal[
    "alcohol",
    "opioids",
    "stimulants_cocaine",
    "stimulants_other",
    "cannabis",
    "sedatives",
    "tobacco",
    "other",
]
Frequency = Literal["none", "less_than_monthly", "monthly", "weekly", "several_per_week", "daily"]
Route = Literal["oral", "smoked", "vaped", "snorted", "injected", "other"]
LevelId = Literal[
    "medically_managed_withdrawal",
    "inpatient_residential",
    "intensive_outpatient",
    "outpatient",
    "early_intervention",
    "mental_health_care",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubstanceUse(_Model):
    """Use of one class of substance over the past 12 months."""

    substance: SubstanceKind
    name: str | None = Field(default=None, description="e.g. heroin, fentanyl, methamphetamine")
    frequency: Frequency | None = None
    routes: tuple[Route, ...] = ()
    amount: str | None = Field(default=None, description="Free text, e.g. '8 drinks a day'")
    last_use: dt.date | None = None
    dependence: bool | None = Field(
        default=None,
        description="Physical dependence (tolerance, withdrawal), per the person or clinician",
    )
    withdrawal_seizures: bool = Field(default=False, description="Ever had withdrawal seizures")
    withdrawal_delirium: bool = Field(default=False, description="Ever had withdrawal delirium")
    prior_treatment: bool | None = None
    prescribed: bool = Field(default=False, description="Taken as prescribed (e.g. methadone)")


class InstrumentResult(_Model):
    """One instrument: already scored (``total`` and/or ``items`` points) or raw ``answers``."""

    instrument: str
    date: dt.date | None = None
    total: float | None = None
    items: dict[str, float] = Field(default_factory=dict, description="Item id -> points")
    answers: dict[str, Any] | None = Field(
        default=None, description="Raw answers, scored by dualpath.engine.score"
    )

    @model_validator(mode="after")
    def _check(self) -> InstrumentResult:
        if self.total is None and not self.items and self.answers is None:
            raise ValueError("give total, items or answers")
        if self.answers is not None:
            try:
                score(self.instrument, self.answers, partial=True)
            except UnknownInstrumentError as exc:
                raise ValueError(str(exc)) from None
            except AnswersError as exc:
                raise ValueError("; ".join(p.message for p in exc.problems)) from None
        return self


class PsychiatricHistory(_Model):
    depression_before_first_use: bool | None = Field(
        default=None, description="Depressive symptoms began before substance use started"
    )
    episodes_during_abstinence: bool | None = Field(
        default=None, description="Depressive episodes during a month or more without use"
    )
    previous_episodes: int | None = Field(default=None, ge=0)
    current_episode_onset: dt.date | None = None
    self_harm_ever: bool | None = None
    self_harm_recent: bool | None = Field(default=None, description="Within the past 3 months")
    suicide_attempt_ever: bool | None = None
    intense_emotions: bool | None = Field(
        default=None, description="Intense, hard-to-manage emotions (emotion dysregulation)"
    )
    psychosis: bool | None = None
    on_antidepressant: bool | None = None


class SocialSituation(_Model):
    housing: Literal["stable", "unstable", "homeless", "institution"] | None = None
    lives_with_people_who_use: bool | None = None
    social_support: Literal["strong", "some", "none"] | None = None
    work: Literal["employed", "student", "unemployed", "unable_to_work", "retired"] | None = None
    legal_problems: bool | None = None
    dependants: bool | None = Field(default=None, description="Cares for children or others")


class RecentRelease(_Model):
    """Leaving a setting where the person did not use: tolerance to opioids is lost."""

    setting: Literal["prison", "hospital", "detox", "residential"]
    date: dt.date


class LevelOverride(_Model):
    level: LevelId
    reason: str = Field(min_length=3)
    by: str | None = None


class Case(_Model):
    """Everything the rules read. Dates are ISO 8601 (YYYY-MM-DD)."""

    id: str | None = None
    as_of: dt.date | None = Field(
        default=None, description="Date of the assessment; the caller passes today if absent"
    )
    age: int | None = Field(default=None, ge=0, le=120)
    sex: Literal["male", "female", "other", "unknown"] | None = None
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2, e.g. US, IN, GB")
    region: str | None = None
    pregnant: bool | None = None
    substances: tuple[SubstanceUse, ...] = ()
    instruments: tuple[InstrumentResult, ...] = ()
    cssrs_risk: Literal["none", "low", "moderate", "high"] | None = Field(
        default=None, description="Clinician-rated C-SSRS risk level (entered, not asked)"
    )
    feels_safe_now: bool | None = Field(default=None, description='"Are you safe right now?"')
    psychiatric: PsychiatricHistory = Field(default_factory=PsychiatricHistory)
    medical_problems: tuple[str, ...] = ()
    medical_severity: Literal["none", "stable", "needs_monitoring", "unstable"] | None = None
    readiness: (
        Literal["precontemplation", "contemplation", "preparation", "action", "maintenance"] | None
    ) = None
    social: SocialSituation = Field(default_factory=SocialSituation)
    recent_release: RecentRelease | None = None
    level_override: LevelOverride | None = None

    def instrument(self, instrument_id: str) -> InstrumentResult | None:
        """The most recent result for an instrument id (latest date, else last listed)."""
        key = normalise_id(instrument_id)
        found = [r for r in self.instruments if normalise_id(r.instrument) == key]
        if not found:
            return None
        dated = [r for r in found if r.date is not None]
        return max(dated, key=lambda r: r.date or dt.date.min) if dated else found[-1]


class CaseProblem(_Model):
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CaseError(DualpathError, ValueError):
    """A case that cannot be assessed; each problem names its field as a path."""

    def __init__(self, problems: tuple[CaseProblem, ...]) -> None:
        self.problems = problems
        super().__init__("invalid case: " + "; ".join(str(p) for p in problems))


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def parse_case(data: Mapping[str, Any] | str | bytes) -> Case:
    """Validate a case from a mapping or JSON text; raise :class:`CaseError` naming fields."""
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise CaseError((CaseProblem(path="", message=f"not valid JSON: {exc}"),)) from None
    if not isinstance(data, Mapping):
        raise CaseError((CaseProblem(path="", message="a case must be a JSON object"),))
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        problems = tuple(
            CaseProblem(path=_path(tuple(e["loc"])), message=e["msg"]) for e in exc.errors()
        )
        raise CaseError(problems) from None

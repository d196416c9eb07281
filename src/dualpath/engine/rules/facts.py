"""Facts: the flat, named values the rule files read, computed once from a case.

Keeping the derivation here (and the thresholds in the rule files) means a clinician can read
every rule as data, and a reviewer can read every derived value in one short module. Every
fact name the rules may use is listed in :data:`FACT_NAMES`; absent data is None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dualpath.engine.case import Case, InstrumentResult, SubstanceUse
from dualpath.engine.errors import AnswersError, UnknownInstrumentError
from dualpath.engine.registry import normalise_id
from dualpath.engine.results import ScoreResult
from dualpath.engine.rules.logic import FactValue
from dualpath.engine.scoring import score

__all__ = [
    "DERIVED_FACTS",
    "FACT_NAMES",
    "INSTRUMENTS",
    "SUBSTANCES",
    "ScoredInstrument",
    "build_facts",
    "score_instruments",
]

SUBSTANCES = (
    "alcohol",
    "opioids",
    "stimulants_cocaine",
    "stimulants_other",
    "cannabis",
    "sedatives",
    "tobacco",
    "other",
)
# Substance groups the rules read as one (either kind of stimulant counts).
GROUPS = {"stimulants": ("stimulants_cocaine", "stimulants_other")}
SUBSTANCE_FACTS = (
    "listed",
    "use",
    "current",
    "daily",
    "dependence",
    "injected",
    "days_since_last_use",
    "withdrawal_complications",
    "prior_treatment",
)
INSTRUMENTS = (
    "phq9",
    "phq2",
    "gad7",
    "asq",
    "auditc",
    "audit",
    "dast10",
    "cuditr",
    "cageaid",
    "ciwaar",
    "cows",
    "shaps",
    "bam",
)
ITEM_FACTS = {
    "phq9": tuple(str(i) for i in range(1, 10)),
    "asq": tuple(str(i) for i in range(1, 6)),
}
PERSON_FACTS = (
    "age",
    "sex",
    "sex_for_thresholds",
    "pregnant",
    "country_known",
    "cssrs.level",
    "feels_safe_now",
    "asq.result",
    "readiness",
    "housing",
    "lives_with_users",
    "social_support",
    "work",
    "legal_problems",
    "dependants",
    "medical_severity",
    "medical_problem_count",
    "release.setting",
    "release.days_since",
    "psych.depression_before_first_use",
    "psych.episodes_during_abstinence",
    "psych.previous_episodes",
    "psych.self_harm_ever",
    "psych.self_harm_recent",
    "psych.suicide_attempt_ever",
    "psych.intense_emotions",
    "psych.psychosis",
    "psych.on_antidepressant",
    "any_use",
    "substance_signal",
    "any_current_use",
    "any_injection",
    "any_daily_use",
    "any_prior_treatment",
    "substance_count",
    "days_since_any_use",
    "suicide_screened",
)
# Set by the assessment itself (safety, depression, level of care) before the plan is built.
DERIVED_FACTS = (
    "safety.level",
    "suicide.level",
    "overdose.naloxone",
    "withdrawal.level",
    "depression.classification",
    "anhedonia.present",
    "level_of_care.final",
)
FACT_NAMES: tuple[str, ...] = (
    PERSON_FACTS
    + DERIVED_FACTS
    + tuple(f"{s}.{f}" for s in (*SUBSTANCES, *GROUPS) for f in SUBSTANCE_FACTS)
    + tuple(f"{i}.total" for i in INSTRUMENTS)
    + tuple(f"{i}.items.{n}" for i, items in ITEM_FACTS.items() for n in items)
)

_RECENT_DAYS = 30
_YEAR_DAYS = 365
_REGULAR = ("weekly", "several_per_week", "daily")


@dataclass(frozen=True)
class ScoredInstrument:
    """One instrument's numbers as the rules see them, however the case gave them."""

    id: str
    total: float | None
    items: dict[str, float]
    date: dt.date | None
    result: ScoreResult | None = None
    band: str | None = None
    warnings: tuple[str, ...] = field(default=())


def _score_one(given: InstrumentResult, sex: str | None, age: int | None) -> ScoredInstrument:
    key = normalise_id(given.instrument)
    if given.answers is None:
        return ScoredInstrument(key, given.total, dict(given.items), given.date)
    try:
        result = score(given.instrument, given.answers, sex=sex, age=age, partial=True)
    except (AnswersError, UnknownInstrumentError) as exc:  # checked when the case was parsed
        return ScoredInstrument(
            key, given.total, dict(given.items), given.date, warnings=(str(exc),)
        )
    items = {k: v.points for k, v in result.items.items()}
    total = result.total if result.total is not None else given.total
    warnings = result.warnings
    if result.missing:
        warnings = (*warnings, f"{key}: unanswered items {', '.join(result.missing)}")
    band = result.band.id if result.band else None
    return ScoredInstrument(key, total, items, given.date, result, band, warnings)


def score_instruments(case: Case) -> dict[str, ScoredInstrument]:
    """The latest result of each instrument in the case, scored where answers were given."""
    out: dict[str, ScoredInstrument] = {}
    for given in case.instruments:
        key = normalise_id(given.instrument)
        latest = case.instrument(key)
        if latest is given:
            out[key] = _score_one(given, case.sex, case.age)
    return out


def _asq_result(asq: ScoredInstrument | None) -> str | None:
    """NIMH ASQ: any yes to 1-4 -> positive; yes to 5 (right now) -> acute (CLINICAL.md §0)."""
    if asq is None:
        return None
    if asq.band is not None:
        band = asq.band.lower()
        if "acute" in band:
            return "non_acute_positive" if "non" in band else "acute_positive"
        if "negative" in band:
            return "negative"
    screen = [asq.items.get(str(i)) for i in range(1, 5)]
    if asq.items.get("5", 0) >= 1:
        return "acute_positive"
    if any(v is not None and v >= 1 for v in screen):
        return "non_acute_positive"
    if all(v is not None for v in screen):
        return "negative"
    return None


def _cssrs_level(cssrs: ScoredInstrument | None) -> str | None:
    """A scored C-SSRS screener's band, when the clinician did not enter a level directly."""
    if cssrs is None or cssrs.band not in ("none", "low", "moderate", "high"):
        return None
    return cssrs.band


def _days_since(day: dt.date | None, as_of: dt.date) -> int | None:
    return None if day is None else (as_of - day).days


def _substance(entries: list[SubstanceUse], as_of: dt.date) -> dict[str, FactValue]:
    if not entries:
        return {f: (False if f == "listed" else None) for f in SUBSTANCE_FACTS}
    days = [(as_of - e.last_use).days for e in entries if e.last_use is not None]
    since = min(days) if days else None

    def used(e: SubstanceUse) -> bool:
        d = _days_since(e.last_use, as_of)
        if e.frequency == "none":
            return d is not None and d <= _YEAR_DAYS
        return d is None or d <= _YEAR_DAYS

    def current(e: SubstanceUse) -> bool:
        d = _days_since(e.last_use, as_of)
        if d is not None:
            return d <= _RECENT_DAYS
        return e.frequency in _REGULAR

    daily = any(e.frequency == "daily" for e in entries)
    dependence: bool | None
    if any(e.dependence for e in entries):
        dependence = True
    elif all(e.dependence is False for e in entries):
        dependence = False
    else:
        dependence = True if daily else None
    prior = [e.prior_treatment for e in entries if e.prior_treatment is not None]
    return {
        "listed": True,
        "use": any(used(e) for e in entries),
        "current": any(current(e) for e in entries),
        "daily": daily,
        "dependence": dependence,
        "injected": any("injected" in e.routes for e in entries),
        "days_since_last_use": since,
        "withdrawal_complications": any(
            e.withdrawal_seizures or e.withdrawal_delirium for e in entries
        ),
        "prior_treatment": any(prior) if prior else None,
    }


def build_facts(
    case: Case, as_of: dt.date, scored: dict[str, ScoredInstrument]
) -> dict[str, FactValue]:
    """Every fact in :data:`FACT_NAMES`, from the case as of ``as_of``."""
    facts: dict[str, FactValue] = dict.fromkeys(FACT_NAMES)
    sub_facts: dict[str, dict[str, FactValue]] = {}
    for kind in SUBSTANCES:
        entries = [e for e in case.substances if e.substance == kind and not e.prescribed]
        sub_facts[kind] = _substance(entries, as_of)
    for group, kinds in GROUPS.items():
        entries = [e for e in case.substances if e.substance in kinds and not e.prescribed]
        sub_facts[group] = _substance(entries, as_of)
    for kind, values in sub_facts.items():
        for name, value in values.items():
            facts[f"{kind}.{name}"] = value
    for key, inst in scored.items():
        if key in INSTRUMENTS:
            facts[f"{key}.total"] = inst.total
        for item in ITEM_FACTS.get(key, ()):
            facts[f"{key}.items.{item}"] = inst.items.get(item)
    non_tobacco = [k for k in SUBSTANCES if k != "tobacco"]
    used = [k for k in non_tobacco if sub_facts[k]["use"]]
    since = [
        d
        for k in non_tobacco
        if isinstance(d := sub_facts[k]["days_since_last_use"], int) and sub_facts[k]["listed"]
    ]
    release = case.recent_release
    psych = case.psychiatric
    social = case.social
    sex_for_thresholds = "male" if case.sex == "male" else "female"
    facts.update(
        {
            "age": case.age,
            "sex": case.sex,
            "sex_for_thresholds": sex_for_thresholds,
            "pregnant": case.pregnant,
            "country_known": case.country is not None,
            "cssrs.level": case.cssrs_risk or _cssrs_level(scored.get("cssrs")),
            "feels_safe_now": case.feels_safe_now,
            "asq.result": _asq_result(scored.get("asq")),
            "readiness": case.readiness,
            "housing": social.housing,
            "lives_with_users": social.lives_with_people_who_use,
            "social_support": social.social_support,
            "work": social.work,
            "legal_problems": social.legal_problems,
            "dependants": social.dependants,
            "medical_severity": case.medical_severity,
            "medical_problem_count": len(case.medical_problems),
            "release.setting": release.setting if release else None,
            "release.days_since": _days_since(release.date, as_of) if release else None,
            "psych.depression_before_first_use": psych.depression_before_first_use,
            "psych.episodes_during_abstinence": psych.episodes_during_abstinence,
            "psych.previous_episodes": psych.previous_episodes,
            "psych.self_harm_ever": psych.self_harm_ever,
            "psych.self_harm_recent": psych.self_harm_recent,
            "psych.suicide_attempt_ever": psych.suicide_attempt_ever,
            "psych.intense_emotions": psych.intense_emotions,
            "psych.psychosis": psych.psychosis,
            "psych.on_antidepressant": psych.on_antidepressant,
            "any_use": bool(used),
            # Any sign of substance use (tobacco included): listed use in the past year, or any
            # point on a substance screen. Without it no addiction-treatment level is given.
            "substance_signal": bool(used)
            or bool(sub_facts["tobacco"]["use"])
            or any(
                isinstance(total := facts[f"{key}.total"], (int, float)) and total > 0
                for key in ("audit", "auditc", "dast10", "cuditr", "cageaid")
            ),
            "any_current_use": any(sub_facts[k]["current"] for k in non_tobacco),
            "any_injection": any(sub_facts[k]["injected"] for k in SUBSTANCES),
            "any_daily_use": any(sub_facts[k]["daily"] for k in non_tobacco),
            "any_prior_treatment": any(sub_facts[k]["prior_treatment"] for k in SUBSTANCES),
            "substance_count": len(used),
            "days_since_any_use": min(since) if since else None,
            "suicide_screened": (
                facts["phq9.items.9"] is not None
                or scored.get("asq") is not None
                or case.cssrs_risk is not None
                or scored.get("cssrs") is not None
            ),
        }
    )
    return facts

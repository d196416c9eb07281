"""``assess(case)``: run every rule set on one case and return the whole :class:`Assessment`.

The engine never reads the clock: the date comes from the case (``as_of``) or from the
caller (``today``), so the same case always gives the same assessment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dualpath.engine.assessment import Assessment, Basis, Caution, InstrumentSummary
from dualpath.engine.case import Case, CaseError, CaseProblem, LevelOverride, parse_case
from dualpath.engine.crisis import crisis_lines_version, resolve_country
from dualpath.engine.depression import assess_depression, depression_rules
from dualpath.engine.level_of_care import assess_level_of_care, level_rules
from dualpath.engine.plan import build_plan, plan_rules
from dualpath.engine.registry import get_instrument
from dualpath.engine.rules.facts import ScoredInstrument, build_facts, score_instruments
from dualpath.engine.safety import assess_safety, safety_rules

__all__ = ["assess", "rules_versions"]


def rules_versions() -> dict[str, str]:
    return {
        "crisis_lines": crisis_lines_version(),
        "safety": safety_rules().version,
        "level_of_care": level_rules().version,
        "depression": depression_rules().version,
        "plan": plan_rules().version,
    }


def _age_cautions(age: int | None, scored: dict[str, ScoredInstrument]) -> tuple[Caution, ...]:
    """Flag instruments used outside the ages they were validated for (from their definitions)."""
    if age is None:
        return ()
    out: list[Caution] = []
    for key in scored:
        try:
            inst = get_instrument(key)
        except KeyError:
            continue
        low, high = inst.ages.min, inst.ages.max
        if (low is not None and age < low) or (high is not None and age > high):
            span = f"{low if low is not None else '?'}-{high if high is not None else ''}"
            out.append(
                Caution(
                    id=f"age.outside_validation.{inst.id}",
                    for_person=f"The {inst.short_name} was not designed for your age group, so "
                    "its result is only a rough guide.",
                    for_clinician=f"{inst.short_name} used at age {age}, outside its validated "
                    f"ages ({span}). {inst.ages.note}".strip(),
                    basis=Basis(
                        rule="age.instrument_validated_range",
                        source=inst.citation,
                        inputs={"age": age, "ages.min": low, "ages.max": high},
                    ),
                )
            )
    return tuple(out)


def assess(
    case: Case | Mapping[str, Any],
    *,
    today: dt.date | None = None,
    override: LevelOverride | None = None,
) -> Assessment:
    """Assess a case as of ``case.as_of`` (or ``today``); ``override`` beats the case's own."""
    if not isinstance(case, Case):
        case = parse_case(case)
    as_of = case.as_of or today
    if as_of is None:
        raise CaseError(
            (CaseProblem(path="as_of", message="give as_of in the case, or pass today"),)
        )
    scored = score_instruments(case)
    facts = build_facts(case, as_of, scored)
    safety = assess_safety(facts, case.country)
    depression = assess_depression(facts, as_of)
    facts["safety.level"] = safety.level
    facts["suicide.level"] = safety.suicide.level
    facts["overdose.naloxone"] = safety.overdose.naloxone
    facts["withdrawal.level"] = safety.withdrawal.level
    facts["depression.classification"] = depression.classification
    facts["anhedonia.present"] = depression.anhedonia.present if depression.anhedonia else None
    level = assess_level_of_care(facts, override or case.level_override)
    facts["level_of_care.final"] = level.final
    plan = build_plan(
        facts,
        as_of,
        reassess_on=depression.reassess_on,
        extra_cautions=_age_cautions(case.age, scored),
    )
    warnings = [w for s in scored.values() for w in s.warnings]
    if resolve_country(case.country) is None:
        warnings.append(
            "No crisis lines are stored for this country"
            + (f" ({case.country})" if case.country else "")
            + "; the international fallback is shown. Add local numbers."
        )
    return Assessment(
        case_id=case.id,
        as_of=as_of,
        rules_versions=rules_versions(),
        safety=safety,
        level_of_care=level,
        depression=depression,
        plan=plan,
        instruments=tuple(
            InstrumentSummary(
                instrument=s.id, date=s.date, total=s.total, band=s.band, warnings=s.warnings
            )
            for s in scored.values()
        ),
        warnings=tuple(warnings),
    )

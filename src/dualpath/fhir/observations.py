"""A ScoreResult → the Observations that report it: total (with band), subscales, flags.

Every Observation is ``derivedFrom`` the QuestionnaireResponse and carries the basis of the
result (rule and source) in ``note``. A safety flag that cannot be ruled out because items
are unanswered is reported as its own Observation with interpretation *indeterminate*, so a
risk signal is never silently absent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from dualpath.engine import BandResult, FlagResult, Instrument, ScoreResult
from dualpath.fhir.codes import (
    DATA_ABSENT_SYSTEM,
    INTERPRETATION_SYSTEM,
    LOINC,
    OBSERVATION_CATEGORY_SYSTEM,
    SEVERITY_SYSTEM,
    UCUM,
    band_system,
    flag_system,
    result_system,
)
from dualpath.fhir.questionnaire import number, verified_loinc

__all__ = ["Context", "observations"]

_NAMESPACE = uuid.UUID("6f1c1b1e-5d0a-4d38-9f39-2a8f5c1f7d11")

# v3 ObservationInterpretation codes for a raised flag, by dualpath severity.
_INTERPRETATION = {
    "emergency": ("AA", "Critical abnormal"),
    "urgent": ("AA", "Critical abnormal"),
    "warning": ("A", "Abnormal"),
    "info": ("POS", "Positive"),
}


@dataclass(frozen=True)
class Context:
    """What every Observation of one response shares."""

    derived_from: dict[str, Any]
    key: str
    status: str
    subject: dict[str, Any] | None = None
    effective: str | None = None


def stable_urn(*parts: str) -> str:
    """A deterministic urn:uuid, so scoring the same response twice gives the same Bundle."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '|'.join(parts))}"


def _base(ctx: Context, code: dict[str, Any]) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "status": ctx.status,
        "category": [
            {
                "coding": [
                    {"system": OBSERVATION_CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}
                ]
            }
        ],
        "code": code,
    }
    if ctx.subject is not None:
        obs["subject"] = ctx.subject
    if ctx.effective is not None:
        obs["effectiveDateTime"] = ctx.effective
    return obs


def _concept(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _score_quantity(value: float) -> dict[str, Any]:
    return {"value": number(value), "unit": "{score}", "system": UCUM, "code": "{score}"}


def _band_component(inst: Instrument, band: BandResult, what: str) -> dict[str, Any]:
    return {
        "code": _concept(result_system(), f"{what}-band", f"{inst.short_name} band"),
        "valueCodeableConcept": _concept(band_system(inst.id), band.id, band.label),
    }


def _notes(*texts: str) -> list[dict[str, str]]:
    return [{"text": t} for t in texts if t]


def _flag(inst: Instrument, ctx: Context, flag: FlagResult) -> dict[str, Any]:
    obs = _base(ctx, _concept(flag_system(inst.id), flag.id, flag.label))
    code, display = _INTERPRETATION.get(flag.severity, ("A", "Abnormal"))
    obs["valueBoolean"] = True
    obs["interpretation"] = [
        {
            "coding": [
                {"system": INTERPRETATION_SYSTEM, "code": code, "display": display},
                {"system": SEVERITY_SYSTEM, "code": flag.severity},
            ],
            "text": flag.severity,
        }
    ]
    obs["note"] = _notes(
        flag.message, f"Rule: {flag.rule}." + (f" Source: {flag.source}." if flag.source else "")
    )
    return obs


def _undecided(
    inst: Instrument, ctx: Context, flag_id: str, label: str, why: str
) -> dict[str, Any]:
    obs = _base(ctx, _concept(flag_system(inst.id), flag_id, label))
    obs["dataAbsentReason"] = _concept(DATA_ABSENT_SYSTEM, "unknown", "Unknown")
    obs["interpretation"] = [_concept(INTERPRETATION_SYSTEM, "IND", "Indeterminate")]
    obs["note"] = _notes(why)
    return obs


def observations(
    inst: Instrument, result: ScoreResult, ctx: Context, stated_total: float | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """(fullUrl, Observation) pairs, the total (or result) first."""
    out: list[tuple[str, dict[str, Any]]] = []
    members: list[dict[str, str]] = []

    def add(kind: str, obs: dict[str, Any]) -> None:
        obs["derivedFrom"] = [ctx.derived_from]
        url = stable_urn(ctx.key, inst.id, kind)
        out.append((url, obs))
        members.append({"reference": url})

    for sub in inst.subscales:
        sub_result = result.subscales[sub.id]
        loinc = verified_loinc(inst, sub.loinc)
        code = (
            _concept(LOINC, loinc, sub.label)
            if loinc
            else _concept(result_system(), f"{inst.id}-{sub.id}", sub.label)
        )
        obs = _base(ctx, code)
        if sub_result.total is not None:
            obs["valueQuantity"] = _score_quantity(sub_result.total)
        else:
            obs["dataAbsentReason"] = _concept(DATA_ABSENT_SYSTEM, "unknown", "Unknown")
        if sub_result.band is not None:
            obs["component"] = [_band_component(inst, sub_result.band, f"{inst.id}-{sub.id}")]
        add(f"subscale:{sub.id}", obs)

    for flag in result.flags:
        add(f"flag:{flag.id}", _flag(inst, ctx, flag))
    raised = {f.id for f in result.flags}
    for flag_def in inst.flags:
        if flag_def.id in raised:
            continue
        prefix = f"cannot rule out '{flag_def.label}'"
        for warning in result.warnings:
            if warning.startswith(prefix):
                add(
                    f"flag:{flag_def.id}",
                    _undecided(inst, ctx, flag_def.id, flag_def.label, warning),
                )
                break

    total_code = verified_loinc(inst, inst.loinc.total)
    if result.total is not None or inst.scoring.method == "sum":
        code = (
            _concept(LOINC, total_code, f"{inst.short_name} total score")
            if total_code
            else _concept(result_system(), f"{inst.id}-total", f"{inst.short_name} total score")
        )
    else:
        code = _concept(result_system(), f"{inst.id}-result", f"{inst.short_name} result")
    main = _base(ctx, code)
    if result.total is not None:
        main["valueQuantity"] = _score_quantity(result.total)
        if result.band is not None:
            main["component"] = [_band_component(inst, result.band, inst.id)]
    elif result.band is not None:
        main["valueCodeableConcept"] = _concept(
            band_system(inst.id), result.band.id, result.band.label
        )
    else:
        main["dataAbsentReason"] = _concept(
            DATA_ABSENT_SYSTEM,
            "unknown" if inst.scoring.method != "subscales" else "not-applicable",
            "Unknown" if inst.scoring.method != "subscales" else "Not Applicable",
        )
    notes = [f"Basis: {result.basis} Source: {result.source}."]
    notes.append(f"Answered {result.answered} of {result.expected} expected items.")
    if result.prorated:
        notes.append("The total is prorated for missing answers.")
    notes.extend(result.warnings)
    if stated_total is not None and result.total is not None and stated_total != result.total:
        notes.append(
            f"The response stated a total of {number(stated_total)}; dualpath computed "
            f"{number(result.total)} from the answers and reports its own."
        )
    main["note"] = _notes(*notes)
    if members:
        main["hasMember"] = list(members)
    main["derivedFrom"] = [ctx.derived_from]
    out.insert(0, (stable_urn(ctx.key, inst.id, "result"), main))
    return out

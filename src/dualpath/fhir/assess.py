"""``$assess``: a Bundle (one Patient, QuestionnaireResponses, score Observations) → the
engine's safety findings as a ``RiskAssessment`` and its integrated plan as a ``CarePlan``.

The CarePlan is a *proposal* in *draft*: dualpath supports decisions and a clinician must
review it. Each activity carries its reason (rule, source and inputs) in ``reasonCode``;
safety actions also point at the RiskAssessment through ``reasonReference``. CarePlan fits
better than RequestGroup here: these are planned activities with goals, not grouped orders.

What FHIR input can say is limited to demographics, pregnancy status (LOINC 82810-3, as US
Core and IPS record it) and instrument results; substance-use history and the rest of the case
are not read from FHIR in this version (use the JSON API's ``/assess`` with the full case).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from dualpath.engine import (
    Assessment,
    CaseError,
    Instrument,
    assess,
    list_instruments,
)
from dualpath.engine.assessment import Basis
from dualpath.fhir.codes import (
    CANONICAL_BASE,
    LOINC,
    PREGNANCY_ANSWERS,
    PREGNANCY_STATUS,
    plan_system,
    result_system,
)
from dualpath.fhir.observations import stable_urn
from dualpath.fhir.outcome import FhirInputError, Issue
from dualpath.fhir.questionnaire import verified_loinc
from dualpath.fhir.scoring import age_on, parse_resource, read_checked

__all__ = ["assess_bundle", "case_from_bundle"]

RISK_PROBABILITY = "http://terminology.hl7.org/CodeSystem/risk-probability"
RULE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/rules"
_SUICIDE = {"acute": "high", "non_acute": "moderate", "none_reported": "low"}
_OVERDOSE = {"high": "high", "elevated": "moderate", "low": "low"}
_WITHDRAWAL = {"medically_managed": "high", "monitor": "moderate", "low": "low"}
_OBS_STATUSES = ("final", "amended", "corrected", "preliminary")


def _date(text: Any) -> dt.date | None:
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _total_codes() -> dict[tuple[str, str], Instrument]:
    codes: dict[tuple[str, str], Instrument] = {}
    for inst in list_instruments():
        loinc = verified_loinc(inst, inst.loinc.total)
        if loinc:
            codes[(LOINC, loinc)] = inst
        codes[(result_system(), f"{inst.id}-total")] = inst
    return codes


def _is_pregnancy_status(res: dict[str, Any]) -> bool:
    codings = (res.get("code") or {}).get("coding") or []
    return any(c.get("system") == LOINC and c.get("code") == PREGNANCY_STATUS for c in codings)


def _pregnancy(res: dict[str, Any], where: str) -> tuple[dt.date | None, bool | None] | str:
    """(date, pregnant?) from a pregnancy-status Observation, or a note saying why not used."""
    if res.get("status") not in _OBS_STATUSES:
        return f"{where}: pregnancy status with status {res.get('status')!r}; not used"
    codings = (res.get("valueCodeableConcept") or {}).get("coding") or []
    for coding in codings:
        key = (coding.get("system"), coding.get("code"))
        if key in PREGNANCY_ANSWERS:
            return _date(res.get("effectiveDateTime")), PREGNANCY_ANSWERS[key]
    return (
        f"{where}: pregnancy status without a known answer (SNOMED CT 77386006 / 60001007 or "
        "LOINC LA15173-0 / LA26683-5 / LA4489-6); not used"
    )


def case_from_bundle(
    data: object, today: dt.date
) -> tuple[dict[str, Any], dict[str, Any], list[str], list[dict[str, str]]]:
    """(case, Patient reference, notes, input references) read from an ``$assess`` Bundle."""
    bundle = parse_resource(data, ("Bundle",))
    issues: list[Issue] = []
    notes: list[str] = []
    patients: list[tuple[int, dict[str, Any], str | None]] = []
    instruments: list[dict[str, Any]] = []
    inputs: list[dict[str, str]] = []
    dates: list[dt.date] = []
    pregnancy: list[tuple[dt.date | None, bool | None]] = []
    totals = _total_codes()
    for i, entry in enumerate(bundle.get("entry") or []):
        res = entry.get("resource") or {}
        where = f"Bundle.entry[{i}].resource"
        kind = res.get("resourceType")
        ref = entry.get("fullUrl") or (f"{kind}/{res['id']}" if res.get("id") else None)
        if kind == "Patient":
            patients.append((i, res, ref))
        elif kind == "QuestionnaireResponse":
            read = read_checked(res, where, None)
            if isinstance(read, list):
                issues += read
                continue
            when = _date(res.get("authored"))
            dates += [when] if when else []
            instruments.append(
                {"instrument": read.instrument.id, "date": when, "answers": read.answers}
            )
            inputs += [{"reference": ref}] if ref else []
        elif kind == "Observation" and _is_pregnancy_status(res):
            found = _pregnancy(res, where)
            if isinstance(found, str):
                notes.append(found)
                continue
            pregnancy.append(found)
            inputs += [{"reference": ref}] if ref else []
        elif kind == "Observation":
            codings = (res.get("code") or {}).get("coding") or []
            inst = next(
                (
                    totals[(c.get("system"), c.get("code"))]
                    for c in codings
                    if (c.get("system"), c.get("code")) in totals
                ),
                None,
            )
            value = (res.get("valueQuantity") or {}).get("value")
            if inst is None or value is None:
                notes.append(f"{where}: not an instrument total dualpath knows; not used")
                continue
            if res.get("status") not in _OBS_STATUSES:
                notes.append(f"{where}: status {res.get('status')!r}; not used")
                continue
            when = _date(res.get("effectiveDateTime"))
            dates += [when] if when else []
            instruments.append({"instrument": inst.id, "date": when, "total": float(value)})
            inputs += [{"reference": ref}] if ref else []
        else:
            notes.append(f"{where}: {kind} is not read by $assess; not used")
    if len(patients) != 1:
        issues.append(
            Issue(
                f"the Bundle needs exactly one Patient; it has {len(patients)}",
                "Bundle.entry",
                "required",
            )
        )
    if issues:
        raise FhirInputError(issues)
    _, patient, patient_ref = patients[0]
    as_of = max(dates) if dates else today
    case: dict[str, Any] = {"as_of": as_of, "instruments": instruments}
    if patient.get("id"):
        case["id"] = str(patient["id"])
    if patient.get("gender") in ("male", "female", "other", "unknown"):
        case["sex"] = patient["gender"]
    age = age_on(patient.get("birthDate"), as_of.isoformat())
    if age is not None and 0 <= age <= 120:
        case["age"] = age
    for address in patient.get("address") or []:
        country = str(address.get("country") or "")
        if re.fullmatch(r"[A-Za-z]{2}", country):
            case["country"] = country.upper()
            break
    if pregnancy:
        # the latest dated record wins; an undated one only when none is dated
        dated = [p for p in pregnancy if p[0] is not None]
        status = max(dated, key=lambda p: p[0] or dt.date.min)[1] if dated else pregnancy[-1][1]
        if status is not None:
            case["pregnant"] = status
    notes.append(
        "Read from FHIR: age, sex, country, pregnancy status and instrument results only; "
        "substance-use history and other history were not provided and were not assumed."
    )
    subject = {"reference": patient_ref} if patient_ref else {"display": "the patient"}
    return case, subject, notes, inputs


def _reason(basis: Basis) -> dict[str, Any]:
    inputs = ", ".join(f"{k}={v}" for k, v in basis.inputs.items())
    text = f"{basis.rule} ({basis.source})" + (f"; inputs: {inputs}" if inputs else "")
    return {"coding": [{"system": RULE_SYSTEM, "code": basis.rule}], "text": text}


def _fhir_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9\-.]", "-", text)[:64]


def _risk_assessment(
    result: Assessment, subject: dict[str, Any], inputs: list[dict[str, str]]
) -> dict[str, Any]:
    safety = result.safety

    def prediction(
        outcome: str, level: str, mapping: dict[str, str], rationale: str
    ) -> dict[str, Any]:
        risk: dict[str, Any] = {"text": level.replace("_", " ")}
        if level in mapping:
            risk["coding"] = [{"system": RISK_PROBABILITY, "code": mapping[level]}]
        return {"outcome": {"text": outcome}, "qualitativeRisk": risk, "rationale": rationale}

    resource: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        "status": "preliminary",
        "subject": subject,
        "occurrenceDateTime": result.as_of.isoformat(),
        "method": {
            "text": f"dualpath safety rules {result.rules_versions.get('safety', '')}".strip()
        },
        "prediction": [
            prediction("Suicide attempt", safety.suicide.level, _SUICIDE, safety.suicide.note),
            prediction(
                "Overdose",
                safety.overdose.level,
                _OVERDOSE,
                "Naloxone advised" if safety.overdose.naloxone else "",
            ),
            prediction(
                "Complicated withdrawal",
                safety.withdrawal.level,
                _WITHDRAWAL,
                ", ".join(safety.withdrawal.substances),
            ),
        ],
        "mitigation": " ".join(a.for_clinician for a in safety.actions)
        + " Crisis contacts: "
        + "; ".join(f"{c.name} {c.number}" for c in safety.crisis_contacts),
        "note": [{"text": f"Safety level: {safety.level}. {safety.for_clinician}"}]
        + [
            {"text": f"{s.severity}: {s.for_clinician} [rule {s.basis.rule}; {s.basis.source}]"}
            for s in safety.signals
        ],
    }
    for pred in resource["prediction"]:
        if not pred["rationale"]:
            del pred["rationale"]
    if inputs:
        resource["basis"] = inputs
    return resource


def _care_plan(
    result: Assessment, subject: dict[str, Any], notes: list[str], risk_url: str
) -> dict[str, Any]:
    contained: list[dict[str, Any]] = []
    for goal in result.plan.goals:
        contained.append(
            {
                "resourceType": "Goal",
                "id": _fhir_id(f"goal-{goal.id}"),
                "lifecycleStatus": "proposed",
                "description": {"text": goal.for_clinician},
                "subject": subject,
                "target": [
                    {"measure": {"text": goal.measure}, "dueDate": goal.review_on.isoformat()}
                ],
                "note": [{"text": _reason(goal.basis)["text"]}],
            }
        )
    activities: list[dict[str, Any]] = []
    for action in result.safety.actions:
        activities.append(
            {
                "detail": {
                    "code": {
                        "coding": [{"system": plan_system(), "code": f"safety.{action.id}"}],
                        "text": action.for_person,
                    },
                    "reasonCode": [_reason(action.basis)],
                    "reasonReference": [{"reference": risk_url}],
                    "status": "not-started",
                    "description": f"Priority {action.priority}: {action.for_clinician}",
                }
            }
        )
    level = result.level_of_care
    activities.append(
        {
            "detail": {
                "code": {
                    "coding": [{"system": plan_system(), "code": f"level_of_care.{level.final}"}],
                    "text": f"Level of care: {level.final_label}",
                },
                "reasonCode": [_reason(level.basis)],
                "status": "not-started",
                "description": f"{level.for_clinician} {level.disclaimer}",
            }
        }
    )
    for item in result.plan.items:
        activities.append(
            {
                "detail": {
                    "code": {
                        "coding": [
                            {"system": plan_system(), "code": item.id, "display": item.title}
                        ],
                        "text": item.title,
                    },
                    "reasonCode": [_reason(item.basis)],
                    "status": "not-started",
                    "scheduledString": f"review on {item.review_on.isoformat()}",
                    "description": f"{item.for_clinician} Provider: {item.provider}."
                    + (f" Measure: {item.measure}." if item.measure else ""),
                }
            }
        )
    plan_notes = [
        result.disclaimer,
        f"Safety: {result.safety.for_clinician}",
        f"Depression: {result.depression.label}. {result.depression.for_clinician}",
        *(f"Caution: {c.for_clinician} [{_reason(c.basis)['text']}]" for c in result.plan.cautions),
        *(
            f"Left out: {c.for_clinician} [{_reason(c.basis)['text']}]"
            for c in result.plan.excluded
        ),
        *result.warnings,
        *notes,
    ]
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "status": "draft",
        "intent": "proposal",
        "title": "dualpath integrated plan (proposal for clinician review)",
        "description": "Integrated plan for substance use and depression; screening-based, "
        "not a diagnosis.",
        "subject": subject,
        "created": result.as_of.isoformat(),
        "period": {"start": result.as_of.isoformat(), "end": result.plan.review_on.isoformat()},
        "activity": activities,
        "note": [{"text": n} for n in plan_notes if n],
    }
    if contained:
        plan["contained"] = contained
        plan["goal"] = [{"reference": f"#{g['id']}"} for g in contained]
    return plan


def assess_bundle(data: object, *, today: dt.date) -> dict[str, Any]:
    """The ``$assess`` operation: a ``collection`` Bundle of RiskAssessment and CarePlan."""
    case, subject, notes, inputs = case_from_bundle(data, today)
    try:
        result = assess(case, today=today)
    except CaseError as exc:
        raise FhirInputError(
            [
                Issue(f"{p.path}: {p.message}" if p.path else p.message, None, "invalid")
                for p in exc.problems
            ]
        ) from None
    key = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    risk_url = stable_urn("assess", key, "risk")
    plan_url = stable_urn("assess", key, "plan")
    risk = _risk_assessment(result, subject, inputs)
    plan = _care_plan(result, subject, notes, risk_url)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": risk_url, "resource": risk},
            {"fullUrl": plan_url, "resource": plan},
        ],
    }

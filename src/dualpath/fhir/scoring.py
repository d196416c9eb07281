"""``$score``: QuestionnaireResponse (or a Bundle of them) → a Bundle of derived Observations.

All-or-nothing: if any response in a Bundle is invalid, nothing is scored and one
OperationOutcome lists every problem, each with a FHIRPath expression into the input. This is
the safer reading for screening data: a partly scored batch is easily mistaken for a whole one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from dualpath.engine import Instrument, ScoreResult, score
from dualpath.fhir.observations import Context, observations, stable_urn
from dualpath.fhir.outcome import FhirInputError, Issue, issues_from_validation
from dualpath.fhir.reading import ReadResponse, read_response, resolve_instrument

__all__ = [
    "ScoredResponse",
    "age_on",
    "parse_resource",
    "read_checked",
    "score_resources",
    "score_response",
]

QR_STATUSES = ("in-progress", "completed", "amended", "entered-in-error", "stopped")
BUNDLE_TYPES_IN = ("batch", "transaction", "collection")


def parse_resource(data: object, expected: tuple[str, ...]) -> dict[str, Any]:
    """Structure-check JSON with the R4B models; raise FhirInputError with FHIRPath issues."""
    if not isinstance(data, dict):
        raise FhirInputError(
            [Issue("the body must be a JSON object (a FHIR resource)", None, "structure")]
        )
    kind = data.get("resourceType")
    if kind not in expected:
        raise FhirInputError(
            [
                Issue(
                    f"resourceType {kind!r} is not accepted here; send {' or '.join(expected)}",
                    "resourceType" if kind is None else str(kind),
                    "not-supported",
                )
            ]
        )
    model = _model(str(kind))
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise FhirInputError(issues_from_validation(str(kind), exc)) from None
    return data


def _model(kind: str) -> Any:
    from fhir.resources.R4B import get_fhir_model_class

    return get_fhir_model_class(kind)


@dataclass(frozen=True)
class ScoredResponse:
    instrument: Instrument
    result: ScoreResult
    reference: dict[str, Any]
    entries: list[tuple[str, dict[str, Any]]]


def age_on(birth: str | None, on: str | None) -> int | None:
    if not birth or len(birth) < 10:
        return None
    try:
        born = date.fromisoformat(birth[:10])
        when = date.fromisoformat(on[:10]) if on and len(on) >= 10 else None
    except ValueError:
        return None
    if when is None:
        return None
    return when.year - born.year - ((when.month, when.day) < (born.month, born.day))


def _context_issues(qr: dict[str, Any], path: str) -> list[Issue]:
    status = qr.get("status")
    if status is None:
        return [Issue("status is required", f"{path}.status", "required")]
    if status not in QR_STATUSES:
        return [
            Issue(
                f"status {status!r} is not a QuestionnaireResponse status "
                f"({', '.join(QR_STATUSES)})",
                f"{path}.status",
                "code-invalid",
            )
        ]
    if status == "entered-in-error":
        return [
            Issue("a response entered in error is not scored", f"{path}.status", "business-rule")
        ]
    return []


def read_checked(
    qr: dict[str, Any], path: str, questionnaire: str | None
) -> ReadResponse | list[Issue]:
    """The checked answers of a structure-checked response, or every problem found."""
    issues = _context_issues(qr, path)
    inst, found = resolve_instrument(qr, questionnaire, path)
    issues += found
    if inst is None or issues:
        return issues
    read = read_response(qr, inst, path)
    return read.issues or read


def _score_one(
    qr: dict[str, Any],
    path: str,
    full_url: str | None,
    questionnaire: str | None,
    sex: str | None,
    age: int | None,
) -> ScoredResponse | list[Issue]:
    read = read_checked(qr, path, questionnaire)
    if isinstance(read, list):
        return read
    inst = read.instrument
    result = score(inst, read.answers, sex=sex, age=age, partial=True)
    extra: list[tuple[str, dict[str, Any]]] = []
    if qr.get("id"):
        reference = {"reference": f"QuestionnaireResponse/{qr['id']}"}
    elif full_url:
        reference = {"reference": full_url}
    else:
        digest = hashlib.sha256(json.dumps(qr, sort_keys=True).encode()).hexdigest()
        url = stable_urn("qr", digest)
        reference = {"reference": url}
        extra.append((url, qr))
    ctx = Context(
        derived_from=reference,
        key=reference["reference"],
        status="final" if qr["status"] in ("completed", "amended") else "preliminary",
        subject=qr.get("subject"),
        effective=qr.get("authored"),
    )
    entries = extra + observations(inst, result, ctx, read.stated_total)
    return ScoredResponse(inst, result, reference, entries)


def score_resources(
    data: object,
    *,
    questionnaire: str | None = None,
    sex: str | None = None,
    age: int | None = None,
) -> list[ScoredResponse]:
    """Score a QuestionnaireResponse or a batch/transaction/collection Bundle of them.

    Patients in a Bundle give the sex and age (from gender, birthDate and the response's
    authored date) of the responses whose subject they are; explicit ``sex``/``age`` win.
    """
    resource = parse_resource(data, ("QuestionnaireResponse", "Bundle"))
    work: list[tuple[dict[str, Any], str, str | None]] = []
    patients: dict[str, dict[str, Any]] = {}
    issues: list[Issue] = []
    if resource["resourceType"] == "Bundle":
        if resource.get("type") not in BUNDLE_TYPES_IN:
            issues.append(
                Issue(
                    f"Bundle type {resource.get('type')!r} is not accepted; use "
                    f"{', '.join(BUNDLE_TYPES_IN)}",
                    "Bundle.type",
                    "not-supported",
                )
            )
        for i, entry in enumerate(resource.get("entry") or []):
            res = entry.get("resource") or {}
            where = f"Bundle.entry[{i}].resource"
            if res.get("resourceType") == "QuestionnaireResponse":
                work.append((res, where, entry.get("fullUrl")))
            elif res.get("resourceType") == "Patient":
                for key in (entry.get("fullUrl"), f"Patient/{res.get('id')}"):
                    if key:
                        patients[key] = res
            else:
                issues.append(
                    Issue(
                        f"{res.get('resourceType')} is not scored by $score (send "
                        "QuestionnaireResponses, optionally with their Patient)",
                        where,
                        "not-supported",
                    )
                )
        if not work and not issues:
            issues.append(
                Issue("the Bundle holds no QuestionnaireResponse", "Bundle.entry", "required")
            )
    else:
        work.append((resource, "QuestionnaireResponse", None))
    scored: list[ScoredResponse] = []
    for qr, where, full_url in work:
        patient = patients.get(str((qr.get("subject") or {}).get("reference")))
        qr_sex = sex if sex is not None else (patient or {}).get("gender")
        qr_age = (
            age if age is not None else age_on((patient or {}).get("birthDate"), qr.get("authored"))
        )
        outcome = _score_one(qr, where, full_url, questionnaire, qr_sex, qr_age)
        if isinstance(outcome, list):
            issues.extend(outcome)
        else:
            scored.append(outcome)
    if issues:
        raise FhirInputError(issues)
    return scored


def score_response(
    data: object,
    *,
    questionnaire: str | None = None,
    sex: str | None = None,
    age: int | None = None,
) -> dict[str, Any]:
    """The ``$score`` operation: the derived Observations as one ``collection`` Bundle."""
    scored = score_resources(data, questionnaire=questionnaire, sex=sex, age=age)
    entries = [
        {"fullUrl": url, "resource": resource} for one in scored for url, resource in one.entries
    ]
    return {"resourceType": "Bundle", "type": "collection", "total": len(entries), "entry": entries}

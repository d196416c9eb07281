"""/fhir/: FHIR R4 (4.0.1) endpoints speaking ``application/fhir+json``.

Errors are OperationOutcomes (FHIR's own error shape), with the HTTP status the FHIR RESTful
API uses. POSTs need an API key and honour ``Idempotency-Key`` like the JSON API.
"""

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from dualpath.engine import UnknownInstrumentError, get_instrument
from dualpath.fhir import (
    FHIR_VERSION,
    FhirInputError,
    Issue,
    all_questionnaires,
    operation_outcome,
    questionnaire,
    score_response,
)
from dualpath.fhir.assess import assess_bundle
from dualpath.web.api.idempotency import KeyInvalidError, KeyReusedError, idempotent
from dualpath.web.api.keys import RateLimitedError, authenticate

__all__ = ["assess", "capability", "questionnaire_list", "questionnaire_read", "score"]

FHIR_JSON = "application/fhir+json; charset=utf-8"
ACCEPTED_TYPES = ("application/fhir+json", "application/json", "")


def fhir_response(resource: dict[str, Any], status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(resource, ensure_ascii=False), status=status, content_type=FHIR_JSON
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def outcome_response(
    status: int, message: str, code: str, expression: str | None = None, **headers: str
) -> HttpResponse:
    return fhir_response(operation_outcome([Issue(message, expression, code)]), status, **headers)


@require_GET
def capability(request: HttpRequest) -> HttpResponse:
    """The CapabilityStatement: what this FHIR endpoint supports."""
    return fhir_response(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": "2026-11-21",
            "kind": "instance",
            "software": {"name": "dualpath"},
            "fhirVersion": FHIR_VERSION,
            "format": ["application/fhir+json"],
            "rest": [
                {
                    "mode": "server",
                    "resource": [
                        {
                            "type": "Questionnaire",
                            "interaction": [{"code": "read"}, {"code": "search-type"}],
                            "searchParam": [{"name": "url", "type": "uri"}],
                        },
                        {
                            "type": "QuestionnaireResponse",
                            "operation": [
                                {
                                    "name": "score",
                                    "definition": "https://fhir.dualpath.org/OperationDefinition/score",
                                }
                            ],
                        },
                    ],
                    "operation": [
                        {
                            "name": "assess",
                            "definition": "https://fhir.dualpath.org/OperationDefinition/assess",
                        }
                    ],
                }
            ],
        }
    )


@require_GET
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    """Every instrument as a Questionnaire (searchset Bundle); ``?url=`` filters by canonical."""
    wanted = request.GET.get("url")
    found = [q for q in all_questionnaires() if wanted is None or q["url"] == wanted.split("|")[0]]
    return fhir_response(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(found),
            "entry": [
                {
                    "fullUrl": request.build_absolute_uri(f"/fhir/Questionnaire/{q['id']}"),
                    "resource": q,
                    "search": {"mode": "match"},
                }
                for q in found
            ],
        }
    )


@require_GET
def questionnaire_read(request: HttpRequest, instrument_id: str) -> HttpResponse:
    try:
        inst = get_instrument(instrument_id)
    except UnknownInstrumentError as exc:
        return outcome_response(404, str(exc), "not-found")
    if inst.id != instrument_id:  # ids are exact in FHIR; point at the right one
        return outcome_response(
            404, f"no Questionnaire {instrument_id!r}; did you mean {inst.id!r}?", "not-found"
        )
    return fhir_response(questionnaire(inst.id))


def keyed_fhir_post(request: HttpRequest, compute: Callable[[Any], dict[str, Any]]) -> HttpResponse:
    """API key, rate limit, body parsing and idempotency for a FHIR operation."""
    try:
        key = authenticate(request)
    except RateLimitedError as exc:
        return outcome_response(429, str(exc), "throttled", Retry_After=str(exc.retry_after))
    if key is None:
        return outcome_response(
            401,
            "an API key is required: send it as 'X-API-Key: <key>' or "
            "'Authorization: Bearer <key>'",
            "login",
            WWW_Authenticate='Bearer realm="dualpath"',
        )
    content_type = request.content_type or ""
    if content_type not in ACCEPTED_TYPES:
        return outcome_response(
            415, f"send application/fhir+json, not {content_type}", "not-supported"
        )

    def run() -> HttpResponse:
        try:
            data = json.loads(request.body or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            return outcome_response(400, f"the body is not valid JSON: {exc}", "structure")
        try:
            return fhir_response(compute(data))
        except FhirInputError as exc:
            return fhir_response(exc.outcome(), 422)

    try:
        return idempotent(request, key, run)
    except KeyReusedError as exc:
        return outcome_response(422, str(exc), "conflict")
    except KeyInvalidError as exc:
        return outcome_response(422, str(exc), "invalid")


def _age(request: HttpRequest) -> int | None:
    text = request.GET.get("age")
    if text is None:
        return None
    if not text.isdigit() or int(text) > 130:
        raise FhirInputError([Issue("age must be a whole number of years, 0-130", "age", "value")])
    return int(text)


@csrf_exempt
@require_POST
def score(request: HttpRequest) -> HttpResponse:
    """``POST /fhir/QuestionnaireResponse/$score``: Observations derived from the response(s).

    Query parameters: ``questionnaire`` (instrument id or canonical, for responses to
    Questionnaires made elsewhere), ``sex``, ``age``.
    """

    def compute(data: Any) -> dict[str, Any]:
        return score_response(
            data,
            questionnaire=request.GET.get("questionnaire"),
            sex=request.GET.get("sex"),
            age=_age(request),
        )

    return keyed_fhir_post(request, compute)


@csrf_exempt
@require_POST
def assess(request: HttpRequest) -> HttpResponse:
    """``POST /fhir/$assess``: a Bundle of one Patient with QuestionnaireResponses and score
    Observations → a Bundle of a RiskAssessment (safety) and a CarePlan (the plan)."""

    def compute(data: Any) -> dict[str, Any]:
        return assess_bundle(data, today=timezone.localdate())

    return keyed_fhir_post(request, compute)

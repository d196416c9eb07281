"""The JSON API, version 1 (django-ninja; OpenAPI 3.1 at /api/v1/openapi.json, docs at
/api/v1/docs served from local static files). Nothing here stores a record about a person."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from dualpath.engine import (
    AnswersError,
    Assessment,
    Case,
    CaseError,
    Instrument,
    UnknownInstrumentError,
    assess,
    crisis_contacts,
    get_instrument,
    list_instruments,
    score,
)
from dualpath.fhir.codes import questionnaire_url
from dualpath.web.api.errors import ApiError, ErrorOut, error_response, install
from dualpath.web.api.idempotency import KeyInvalidError, KeyReusedError, idempotent
from dualpath.web.api.keys import RateLimitedError, authenticate
from dualpath.web.api.models import ApiKey
from dualpath.web.api.schemas import (
    BandOut,
    FlagOut,
    InstrumentDetail,
    InstrumentOverview,
    ItemOut,
    OptionOut,
    ScoreIn,
    ScoreOut,
)

__all__ = ["api"]


class KeyHeader(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        return authenticate(request)


class Bearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return authenticate(request)


AUTH = [KeyHeader(), Bearer()]


class DualpathAPI(NinjaAPI):
    """Adds schemas that operations reference by hand (the strictly parsed Case)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, part in _case_schemas().items():
            components.setdefault(name, part)
        return schema


api = DualpathAPI(
    title="dualpath API",
    version="1",
    description=(
        "Score validated questionnaires and run dualpath's clinical rules. dualpath screens "
        "and supports decisions; it does not diagnose. POST operations need an API key "
        "(`X-API-Key` or `Authorization: Bearer`) and accept an `Idempotency-Key` header. "
        'Every error has the shape `{"error": {"code", "message", "details", '
        '"partial_result"}}`.'
    ),
    urls_namespace="api-v1",
)
install(api)


def _on_rate_limited(request: HttpRequest, exc: RateLimitedError) -> HttpResponse:
    return error_response(
        api,
        request,
        ApiError(429, "rate_limited", str(exc), headers={"Retry-After": str(exc.retry_after)}),
    )


api.add_exception_handler(RateLimitedError, _on_rate_limited)  # type: ignore[arg-type]

PUBLIC_ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut}
KEYED_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def _summary(inst: Instrument) -> dict[str, Any]:
    return {
        "id": inst.id,
        "name": inst.name,
        "short_name": inst.short_name,
        "version": inst.version,
        "purpose": inst.purpose,
        "administration": inst.administration,
        "timeframe": inst.timeframe,
        "items": len(inst.items),
        "licence": inst.licence.statement,
        "reproduce_text": inst.licence.reproduce_text,
        "loinc_panel": inst.loinc.panel,
    }


def _instrument(instrument_id: str) -> Instrument:
    try:
        return get_instrument(instrument_id)
    except UnknownInstrumentError as exc:
        raise ApiError(404, "unknown_instrument", str(exc)) from None


@api.get("/instruments", response=list[InstrumentOverview], tags=["instruments"])
def instruments(request: HttpRequest) -> list[dict[str, Any]]:
    """Every instrument dualpath can score."""
    return [_summary(inst) for inst in list_instruments()]


@api.get(
    "/instruments/{instrument_id}",
    response={200: InstrumentDetail, **PUBLIC_ERRORS},
    tags=["instruments"],
)
def instrument(request: HttpRequest, instrument_id: str) -> dict[str, Any]:
    """One instrument: items, options with points, scoring rule, bands, flags and licence."""
    inst = _instrument(instrument_id)
    items = [
        ItemOut(
            id=item.id,
            text=item.text,
            topic=item.topic,
            scored=item.scored,
            required=item.required,
            loinc=item.loinc,
            help=item.help,
            options=[
                OptionOut(id=o.id, label=o.label, value=o.value, points=o.score, code=o.code)
                for o in inst.options_for(item)
            ],
        )
        for item in inst.items
    ]
    return _summary(inst) | {
        "preamble": inst.preamble,
        "local_wording": inst.local_wording,
        "citation": inst.citation,
        "scoring_rule": inst.scoring.rule,
        "scoring_source": inst.scoring.source,
        "missing_rule": inst.missing.source,
        "item_list": items,
        "bands": [BandOut(**b.model_dump(include=set(BandOut.model_fields))) for b in inst.bands],
        "flags": [FlagOut(**f.model_dump(include=set(FlagOut.model_fields))) for f in inst.flags],
        "fhir_questionnaire": questionnaire_url(inst.id),
    }


def keyed_post(request: HttpRequest, compute: Callable[[], dict[str, Any]]) -> HttpResponse:
    """Run a POST operation once per Idempotency-Key; errors use the one error shape."""

    def run() -> HttpResponse:
        try:
            return api.create_response(request, compute(), status=200)
        except ApiError as exc:
            return error_response(api, request, exc)

    key = request.auth if isinstance(request.auth, ApiKey) else None  # type: ignore[attr-defined]
    try:
        return idempotent(request, key, run)
    except KeyReusedError as exc:
        raise ApiError(422, "idempotency_key_reused", str(exc)) from None
    except KeyInvalidError as exc:
        raise ApiError(422, "idempotency_key_invalid", str(exc)) from None


def _crisis(country: str | None) -> list[dict[str, Any]]:
    return [
        c.model_dump(include={"name", "number", "dial", "text", "kind", "hours"})
        for c in crisis_contacts(country)
    ]


@api.post("/score", auth=AUTH, response={200: ScoreOut, **KEYED_ERRORS}, tags=["scoring"])
def score_answers(request: HttpRequest, payload: ScoreIn) -> HttpResponse:
    """Score one set of answers exactly as the instrument's source publishes.

    Missing answers are refused (422) unless ``partial`` is true; the error then carries
    ``partial_result`` with every flag that the given answers already raise.
    """

    def compute() -> dict[str, Any]:
        inst = _instrument(payload.instrument)
        try:
            result = score(
                inst, payload.answers, sex=payload.sex, age=payload.age, partial=payload.partial
            )
        except AnswersError as exc:
            partial = exc.partial.to_dict() if exc.partial is not None else None
            if partial is not None:
                partial["crisis_contacts"] = _crisis(payload.country)
            raise ApiError(
                422,
                "answers_invalid",
                str(exc),
                [
                    {
                        "loc": ["body", "answers", p.item],
                        "message": p.message,
                        "kind": p.kind,
                        "allowed": list(p.allowed),
                    }
                    for p in exc.problems
                ],
                partial_result=partial,
            ) from None
        data = result.to_dict()
        data["crisis_contacts"] = _crisis(payload.country)
        return ScoreOut.model_validate(data).model_dump(mode="json")

    return keyed_post(request, compute)


def _case_schemas() -> dict[str, Any]:
    """The Case JSON schema and its parts, as OpenAPI components."""
    schema = TypeAdapter(Case).json_schema(ref_template="#/components/schemas/{model}")
    parts: dict[str, Any] = schema.pop("$defs", {})
    parts["Case"] = schema
    return parts


@api.post(
    "/assess",
    auth=AUTH,
    response={200: Assessment, **KEYED_ERRORS},
    tags=["assessment"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}},
        }
    },
)
def assess_case(request: HttpRequest) -> HttpResponse:
    """Run every rule set on one case: safety (with crisis contacts), level of care,
    depression context and the integrated plan, each with its basis (rule, source, inputs).

    The case is read strictly (``0`` is not ``false``, a number is not a date), so nothing
    is silently reinterpreted. ``as_of`` defaults to today's date on the server. Nothing is
    stored.
    """

    def compute() -> dict[str, Any]:
        try:
            case = Case.model_validate_json(request.body or b"null", strict=True)
        except PydanticValidationError as exc:
            raise ApiError(
                422,
                "validation_error",
                "the case is not valid",
                [
                    {"loc": ["body", *e["loc"]], "message": e["msg"], "kind": e["type"]}
                    for e in exc.errors(include_url=False)
                ],
            ) from None
        try:
            result = assess(case, today=timezone.localdate())
        except CaseError as exc:
            raise ApiError(
                422,
                "case_invalid",
                str(exc),
                [{"loc": ["body", *p.path.split(".")], "message": p.message} for p in exc.problems],
            ) from None
        return result.model_dump(mode="json")

    return keyed_post(request, compute)

"""The JSON API's one error shape, and the handlers that make every error use it.

    {"error": {"code": "answers_invalid", "message": "…",
               "details": [{"loc": ["body", "answers", "9"], "message": "…"}],
               "partial_result": {…} | null}}

``partial_result`` carries the result computed from the answers given when the only problem
is missing answers, so a risk flag is never lost behind an error.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

__all__ = ["ApiError", "ErrorBody", "ErrorDetail", "ErrorOut", "error_response", "install"]


class ErrorDetail(Schema):
    loc: list[str | int] = Field(default_factory=list)
    message: str
    kind: str | None = None
    allowed: list[str] | None = None


class ErrorBody(Schema):
    code: str
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)
    partial_result: dict[str, Any] | None = None


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    """Raised by operations to answer with the error shape."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[dict[str, Any]] | None = None,
        partial_result: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.partial_result = partial_result
        self.headers = headers or {}


def error_response(api: NinjaAPI, request: HttpRequest, exc: ApiError) -> HttpResponse:
    body = ErrorOut(
        error=ErrorBody(
            code=exc.code,
            message=exc.message,
            details=[ErrorDetail(**d) for d in exc.details],
            partial_result=exc.partial_result,
        )
    )
    response = api.create_response(request, body.model_dump(), status=exc.status)
    for name, value in exc.headers.items():
        response[name] = value
    return response


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    details = []
    for err in errors:
        loc = [p for p in err.get("loc", ()) if isinstance(p, (str, int))]
        details.append(
            {"loc": loc, "message": str(err.get("msg", "invalid")), "kind": err.get("type")}
        )
    return details


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "rate_limited",
}


def install(api: NinjaAPI) -> None:
    """Register handlers so no framework default error body leaks out."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(api, request, exc)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(
            api,
            request,
            ApiError(
                422,
                "validation_error",
                "the request is not valid",
                _validation_details(list(exc.errors)),
            ),
        )

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            api,
            request,
            ApiError(
                401,
                "unauthorized",
                "an API key is required: send it as 'X-API-Key: <key>' or "
                "'Authorization: Bearer <key>'",
                headers={"WWW-Authenticate": 'Bearer realm="dualpath"'},
            ),
        )

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        return error_response(
            api, request, ApiError(status, _STATUS_CODES.get(status, "error"), str(exc.message))
        )

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, ApiError(404, "not_found", str(exc) or "not found"))

    def on_any(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged (through the redacting filter); the body reveals nothing of the inside.
        logging.getLogger("dualpath.api").exception("unhandled API error")
        return error_response(
            api, request, ApiError(500, "server_error", "an unexpected error occurred")
        )

    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (ApiError, on_api_error),
        (ValidationError, on_validation),
        (AuthenticationError, on_auth),
        (HttpError, on_http),
        (Http404, on_404),
        (Exception, on_any),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)

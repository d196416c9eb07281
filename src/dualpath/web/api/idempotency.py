"""``Idempotency-Key`` on POST: the same key and body replay the stored response.

A retry after a dropped connection on a slow network must not create anything twice or give
a different answer. The same key with a different body is refused (422), because it is
almost always a client bug. Keys are scoped to the API key that sent them.
"""

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse

from dualpath.web.api.models import ApiKey, IdempotencyRecord
from dualpath.web.audit import models as audit
from dualpath.web.lib.client import client_id

__all__ = ["HEADER", "KeyReusedError", "idempotent"]

HEADER = "Idempotency-Key"
MAX_LENGTH = 255


class KeyReusedError(Exception):
    """The key was used before with a different request."""


class KeyInvalidError(Exception):
    """The header value is empty or too long."""


def _request_hash(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path(), request.body):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _audit(
    action: audit.Action,
    stored: IdempotencyRecord,
    request: HttpRequest,
    api_key: ApiKey,
    detail: str,
) -> None:
    actor = f"api key {api_key.prefix}… ({api_key.name})"
    client = audit.client_hash(client_id(request))
    audit.record(
        action, "IdempotencyRecord", [stored.pk], actor=actor, client=client, detail=detail
    )


def idempotent(
    request: HttpRequest, api_key: ApiKey | None, run: Callable[[], HttpResponse]
) -> HttpResponse:
    """Run ``run`` once per (API key, Idempotency-Key); replay its response afterwards."""
    key = request.headers.get(HEADER)
    if key is None or api_key is None:
        return run()
    key = key.strip()
    if not key or len(key) > MAX_LENGTH or not key.isprintable():
        raise KeyInvalidError(f"{HEADER} must be 1-{MAX_LENGTH} printable characters")
    request_hash = _request_hash(request)
    stored = IdempotencyRecord.objects.filter(api_key=api_key, key=key).first()
    if stored is not None:
        if stored.request_hash != request_hash:
            raise KeyReusedError(
                f"{HEADER} {key!r} was already used with a different request; use a new key"
            )
        _audit("read", stored, request, api_key, "stored response replayed")
        replay = HttpResponse(
            bytes(stored.body), status=stored.status, content_type=stored.content_type
        )
        replay["Idempotent-Replayed"] = "true"
        return replay
    response = run()
    if response.status_code < 500:
        try:
            with transaction.atomic():
                stored = IdempotencyRecord.objects.create(
                    api_key=api_key,
                    key=key,
                    request_hash=request_hash,
                    status=response.status_code,
                    content_type=response.get("Content-Type", "application/json"),
                    body=response.content,
                )
                detail = f"response to {request.method} {request.path} kept for replays"
                _audit("create", stored, request, api_key, detail)
        except IntegrityError:
            pass  # a concurrent request with the same key stored its response first
    return response

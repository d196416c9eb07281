"""Idempotency-Key on POSTs: a retry replays the stored response; a reused key is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dualpath.engine import get_instrument
from dualpath.web.api.models import ApiKey, IdempotencyRecord
from tests.fhir.helpers import response

pytestmark = pytest.mark.django_db
BODY = {"instrument": "phq9", "answers": {str(i): 2 for i in range(1, 10)}}


def _post(client: Client, key: str, body: Any, idem: str | None, url: str = "/api/v1/score") -> Any:
    headers = {"X-API-Key": key}
    if idem is not None:
        headers["Idempotency-Key"] = idem
    content_type = "application/json" if url.startswith("/api") else "application/fhir+json"
    return client.post(url, json.dumps(body), content_type=content_type, headers=headers)


def test_the_same_key_and_body_replays_the_stored_response(client: Client, api_key: str) -> None:
    first = _post(client, api_key, BODY, "retry-1")
    second = _post(client, api_key, BODY, "retry-1")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert second["Idempotent-Replayed"] == "true"
    assert IdempotencyRecord.objects.count() == 1


def test_the_same_key_with_a_different_body_is_refused(client: Client, api_key: str) -> None:
    _post(client, api_key, BODY, "retry-2")
    other = BODY | {"partial": True}
    resp = _post(client, api_key, other, "retry-2")
    assert resp.status_code == 422
    assert resp.json()["error"]["code"] == "idempotency_key_reused"


def test_keys_are_scoped_to_the_api_key_that_sent_them(client: Client, api_key: str) -> None:
    _, other_key = ApiKey.issue("other-client", rate_limit_per_minute=100)
    _post(client, api_key, BODY, "shared")
    resp = _post(client, other_key, BODY | {"partial": True}, "shared")
    assert resp.status_code == 200
    assert "Idempotent-Replayed" not in resp


def test_an_error_response_is_replayed_too(client: Client, api_key: str) -> None:
    bad = {"instrument": "phq9", "answers": {"1": 9}}
    first = _post(client, api_key, bad, "bad-1")
    second = _post(client, api_key, bad, "bad-1")
    assert first.status_code == second.status_code == 422
    assert first.content == second.content


def test_an_overlong_key_is_refused(client: Client, api_key: str) -> None:
    resp = _post(client, api_key, BODY, "k" * 300)
    assert resp.status_code == 422
    assert resp.json()["error"]["code"] == "idempotency_key_invalid"


def test_fhir_score_honours_idempotency_keys(client: Client, api_key: str) -> None:
    qr = response(get_instrument("phq9"), {str(i): 1 for i in range(1, 10)})
    url = "/fhir/QuestionnaireResponse/$score"
    first = _post(client, api_key, qr, "fhir-1", url)
    second = _post(client, api_key, qr, "fhir-1", url)
    assert first.content == second.content
    assert second["Idempotent-Replayed"] == "true"
    qr["status"] = "in-progress"
    assert _post(client, api_key, qr, "fhir-1", url).status_code == 422


def test_storing_replaying_and_purging_responses_are_audited(client: Client, api_key: str) -> None:
    from django.core.management import call_command

    from dualpath.web.audit.models import AuditEvent

    _post(client, api_key, BODY, "audited-1")
    _post(client, api_key, BODY, "audited-1")
    stored = IdempotencyRecord.objects.get()
    events = list(AuditEvent.objects.values_list("action", "record_type", "record_id", "actor"))
    prefix = ApiKey.objects.get().prefix
    assert [e[:3] for e in events] == [
        ("create", "IdempotencyRecord", str(stored.pk)),
        ("read", "IdempotencyRecord", str(stored.pk)),
    ]
    assert all(e[3].startswith(f"api key {prefix}") for e in events)
    call_command("dualpath_apikey", "purge", "--days", "0", verbosity=0)
    last = AuditEvent.objects.last()
    assert last is not None and (last.action, last.record_id) == ("delete", str(stored.pk))

"""The audit trail: append-only events, written with each change, printed as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dualpath.web.audit.models import AuditEvent, AuditTrailError, client_hash, record
from dualpath.web.selfcheck.models import SharedResult, new_code

pytestmark = pytest.mark.django_db


def _shared(expires_in_days: int) -> SharedResult:
    code = new_code()
    return SharedResult.objects.create(
        code=code,
        idempotency_key=code,
        expires_at=timezone.now() + dt.timedelta(days=expires_in_days),
        answers={"phq2": {"1": "no"}},
        results={"risk": "none"},
    )


def test_events_cannot_be_changed_or_deleted() -> None:
    record("create", "SharedResult", [1], actor="test")
    event = AuditEvent.objects.get()
    event.detail = "edited"
    with pytest.raises(AuditTrailError):
        event.save()
    with pytest.raises(AuditTrailError):
        event.delete()
    with pytest.raises(AuditTrailError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditTrailError):
        AuditEvent.objects.update(detail="edited")
    assert AuditEvent.objects.get().detail == ""


def test_the_client_is_kept_only_as_a_keyed_hash() -> None:
    hashed = client_hash("203.0.113.7")
    assert len(hashed) == 32 and "203" not in hashed
    assert client_hash("203.0.113.7") == hashed != client_hash("203.0.113.8")
    assert client_hash("") == ""


def test_purging_expired_results_records_each_deletion() -> None:
    old, current = _shared(-1), _shared(5)
    call_command("purge_shared_results", verbosity=0)
    assert list(SharedResult.objects.values_list("pk", flat=True)) == [current.pk]
    event = AuditEvent.objects.get()
    assert (event.action, event.record_type, event.record_id) == (
        "delete",
        "SharedResult",
        str(old.pk),
    )
    assert event.actor == "command purge_shared_results" and event.detail == "expired"
    assert old.code not in str(event.__dict__)  # the share code is a secret: never logged


def test_audit_log_prints_csv_and_filters_by_day_and_record() -> None:
    record("create", "SharedResult", [7], actor="self-check visitor", client="abc")
    record("delete", "IdempotencyRecord", [8, 9], actor="command x", detail="old")
    out = io.StringIO()
    call_command("audit_log", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["action"], r["record_type"], r["record_id"]) for r in rows] == [
        ("create", "SharedResult", "7"),
        ("delete", "IdempotencyRecord", "8"),
        ("delete", "IdempotencyRecord", "9"),
    ]
    assert rows[0]["client"] == "abc" and rows[1]["detail"] == "old"
    today = timezone.now().date().isoformat()
    out = io.StringIO()
    call_command("audit_log", "--since", today, "--record-type", "SharedResult", stdout=out)
    assert len(list(csv.DictReader(io.StringIO(out.getvalue())))) == 1
    out = io.StringIO()
    call_command("audit_log", "--until", "2000-01-01", stdout=out)
    assert out.getvalue().splitlines() == ["at,action,record_type,record_id,actor,client,detail"]
    with pytest.raises(CommandError, match="not a date"):
        call_command("audit_log", "--since", "yesterday")

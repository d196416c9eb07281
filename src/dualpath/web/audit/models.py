"""The audit trail: who created, read or deleted a stored record about a person, and when.

dualpath stores two kinds of such record: a self-check result the person chose to share
(``SharedResult``) and an API response kept for ``Idempotency-Key`` replays
(``IdempotencyRecord``, which holds scores and assessments). Every create, read and delete of
either writes one ``AuditEvent`` in the same transaction, so a change is never left
unrecorded. Events hold nothing personal: the record's database id (never a share code, which
is a secret), who acted (the self-check visitor, an API key's public prefix, a command) and a
keyed hash of the client address. Events are append-only: the model refuses updates and
deletes, and nothing in dualpath prunes them (keep them as long as your rules require).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any, ClassVar, Literal

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

__all__ = ["AuditEvent", "AuditTrailError", "client_hash", "delete_recorded", "record"]

Action = Literal["create", "read", "delete"]


class AuditTrailError(RuntimeError):
    """Something tried to change or remove an audit event."""


class _AppendOnly(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditTrailError("audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailError("audit events cannot be deleted")


class AuditEvent(models.Model):
    ACTIONS: ClassVar[tuple[Action, ...]] = ("create", "read", "delete")

    at: models.DateTimeField[dt.datetime, dt.datetime] = models.DateTimeField(
        default=timezone.now, db_index=True
    )
    action: models.CharField[str, str] = models.CharField(
        max_length=8, choices=[(a, a) for a in ACTIONS]
    )
    record_type: models.CharField[str, str] = models.CharField(max_length=40, db_index=True)
    record_id: models.CharField[str, str] = models.CharField(max_length=64, db_index=True)
    actor: models.CharField[str, str] = models.CharField(max_length=120)
    client: models.CharField[str, str] = models.CharField(max_length=32, blank=True)
    detail: models.CharField[str, str] = models.CharField(max_length=200, blank=True)

    objects = _AppendOnly.as_manager()

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return (
            f"{self.at.isoformat()} {self.actor} {self.action} {self.record_type} {self.record_id}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditTrailError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailError("audit events cannot be deleted")


def client_hash(address: str) -> str:
    """A keyed hash of a client address: the same client gives the same value, and the
    address cannot be read back without the site's secret key."""
    if not address:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"audit:{address}".encode(), hashlib.sha256).hexdigest()[:32]


def record(
    action: Action,
    record_type: str,
    record_ids: list[Any] | tuple[Any, ...],
    *,
    actor: str,
    client: str = "",
    detail: str = "",
) -> None:
    """One event per record id (call inside the transaction that made the change)."""
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=now,
            action=action,
            record_type=record_type,
            record_id=str(record_id),
            actor=actor[:120],
            client=client,
            detail=detail[:200],
        )
        for record_id in record_ids
    )


def delete_recorded(records: models.QuerySet[Any], *, actor: str, detail: str = "") -> int:
    """Delete ``records`` and write one delete event each, all or nothing; the number deleted."""
    with transaction.atomic():
        ids = list(records.values_list("pk", flat=True))
        deleted: int = records.model.objects.filter(pk__in=ids).delete()[0]
        record("delete", records.model.__name__, ids, actor=actor, detail=detail)
    return deleted

"""API keys (stored hashed) and idempotency records for POSTs."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.db import models

__all__ = ["ApiKey", "IdempotencyRecord", "hash_key"]

KEY_PREFIX = "dp_"


def hash_key(raw: str) -> str:
    """SHA-256 of the key: keys are long random strings, so a fast hash is enough."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(models.Model):
    """A key given to one client system. Only the hash is stored; the key is shown once."""

    name: models.CharField[str, str] = models.CharField(max_length=100, unique=True)
    prefix: models.CharField[str, str] = models.CharField(
        max_length=12, help_text="First characters, to recognise a key"
    )
    key_hash: models.CharField[str, str] = models.CharField(max_length=64, unique=True)
    rate_limit_per_minute: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(
        default=60
    )
    active: models.BooleanField[bool, bool] = models.BooleanField(default=True)
    created: models.DateTimeField[datetime, datetime] = models.DateTimeField(auto_now_add=True)
    last_used: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(
        null=True, blank=True
    )

    class Meta:
        verbose_name = "API key"
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, name: str, rate_limit_per_minute: int = 60) -> tuple[ApiKey, str]:
        """Create a key; returns the record and the raw key (not stored anywhere)."""
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        record = cls.objects.create(
            name=name,
            prefix=raw[:10],
            key_hash=hash_key(raw),
            rate_limit_per_minute=rate_limit_per_minute,
        )
        return record, raw


class IdempotencyRecord(models.Model):
    """The stored response to a POST sent with an ``Idempotency-Key`` header."""

    api_key: models.ForeignKey[ApiKey, ApiKey] = models.ForeignKey(
        ApiKey, on_delete=models.CASCADE, related_name="+"
    )
    key: models.CharField[str, str] = models.CharField(max_length=255)
    request_hash: models.CharField[str, str] = models.CharField(max_length=64)
    status: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField()
    content_type: models.CharField[str, str] = models.CharField(max_length=100)
    body: models.BinaryField[bytes, bytes] = models.BinaryField()
    created: models.DateTimeField[datetime, datetime] = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("api_key", "key"), name="unique_idempotency_key"),
        )

    def __str__(self) -> str:
        return f"{self.api_key.pk}:{self.key}"

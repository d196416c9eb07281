"""The only thing the self-check ever stores: a result the person chose to share.

Nothing is written while someone answers (answers live in their signed session cookie). When
they tick the consent box and press save, one ``SharedResult`` holds their answers and scores
under a short code they can read out or write down for a clinician; it expires.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import models
from django.utils import timezone

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "SharedResult",
    "format_code",
    "new_code",
    "normalise_code",
]

# No 0/O, 1/I/L or U/V pairs that are easy to confuse when read aloud or handwritten.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """``ABCD2345`` → ``ABCD-2345``, easier to read out."""
    return f"{code[:4]}-{code[4:]}"


def normalise_code(text: str) -> str:
    """What a person typed back into a code: dashes, spaces and case do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class SharedResult(models.Model):
    code: models.CharField[str, str] = models.CharField(max_length=CODE_LENGTH, unique=True)
    idempotency_key: models.CharField[str, str] = models.CharField(max_length=64, unique=True)
    created_at: models.DateTimeField[dt.datetime, dt.datetime] = models.DateTimeField(
        default=timezone.now
    )
    expires_at: models.DateTimeField[dt.datetime, dt.datetime] = models.DateTimeField(db_index=True)
    language: models.CharField[str, str] = models.CharField(max_length=16, default="en")
    answers: models.JSONField[Any, Any] = models.JSONField()
    results: models.JSONField[Any, Any] = models.JSONField()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return format_code(self.code)

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def expired(self) -> bool:
        expired: bool = timezone.now() >= self.expires_at
        return expired

    def summary(self) -> dict[str, Any]:
        return {"code": self.display_code, "expires_at": self.expires_at.isoformat()}

"""A small fixed-window rate limiter on Django's cache.

Used on the self-check's POSTs so a script cannot flood the service; the key is a hash of the
client address (never the address itself, which is personal data). Fixed windows are crude
but need only ``add`` and ``incr``, which every cache backend provides atomically enough.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import BaseCache

__all__ = ["Rate", "RateLimiter", "parse_rate"]


@dataclass(frozen=True)
class Rate:
    """``limit`` requests per ``window`` seconds."""

    limit: int
    window: int


def parse_rate(text: str) -> Rate:
    """``"30/600"`` means 30 requests per 600 seconds."""
    try:
        limit_text, window_text = text.split("/")
        rate = Rate(int(limit_text), int(window_text))
    except ValueError:
        raise ValueError(f"rate {text!r} must look like LIMIT/SECONDS, e.g. 30/600") from None
    if rate.limit < 1 or rate.window < 1:
        raise ValueError(f"rate {text!r}: limit and seconds must both be at least 1")
    return rate


class RateLimiter:
    def __init__(self, cache: BaseCache, scope: str, rate: Rate, secret: str) -> None:
        self._cache = cache
        self._scope = scope
        self._rate = rate
        self._secret = secret

    def _key(self, client: str, now: float) -> str:
        window = int(now // self._rate.window)
        digest = hashlib.sha256(f"{self._secret}:{client}".encode()).hexdigest()[:32]
        return f"rl:{self._scope}:{window}:{digest}"

    def hit(self, client: str, *, now: float | None = None) -> bool:
        """Count one request from ``client``; True while it is within the limit."""
        key = self._key(client, time.time() if now is None else now)
        if self._cache.add(key, 1, timeout=self._rate.window + 1):
            count = 1
        else:
            try:
                count = self._cache.incr(key)
            except ValueError:  # expired between add and incr
                self._cache.set(key, 1, timeout=self._rate.window + 1)
                count = 1
        return count <= self._rate.limit

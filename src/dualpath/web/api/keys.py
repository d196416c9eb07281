"""Finding the API key of a request and applying its rate limit (shared by API and FHIR)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from dualpath.web.api.models import ApiKey, hash_key
from dualpath.web.lib.ratelimit import Rate, RateLimiter

__all__ = ["RateLimitedError", "authenticate", "raw_key"]


class RateLimitedError(Exception):
    def __init__(self, key: ApiKey) -> None:
        super().__init__(f"rate limit of {key.rate_limit_per_minute} requests per minute reached")
        self.retry_after = 60


def raw_key(request: HttpRequest) -> str | None:
    """The key sent as ``X-API-Key`` or ``Authorization: Bearer``."""
    header = request.headers.get("X-API-Key")
    if header:
        return header.strip()
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def authenticate(request: HttpRequest) -> ApiKey | None:
    """The active key, or None; raises RateLimitedError when the key is over its limit."""
    raw = raw_key(request)
    if not raw or len(raw) > 200:
        return None
    key = ApiKey.objects.filter(key_hash=hash_key(raw), active=True).first()
    if key is None:
        return None
    limiter = RateLimiter(cache, "api", Rate(key.rate_limit_per_minute, 60), settings.SECRET_KEY)
    if not limiter.hit(str(key.pk)):
        raise RateLimitedError(key)
    now = timezone.now()
    if key.last_used is None or (now - key.last_used).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used=now)
    return key

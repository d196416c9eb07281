"""Who is asking: the peer address, only ever stored or compared hashed (rate limits, audit)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_id(request: HttpRequest) -> str:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))

"""System checks: refuse to start without a secret key, naming the setting to give."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def secret_key_is_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    try:
        if settings.SECRET_KEY:
            return []
    except ImproperlyConfigured:
        pass  # Django refuses to hand out an empty key; say which variable to set instead
    return [
        Error(
            "No secret key.",
            hint="Set DUALPATH_SECRET_KEY (or DUALPATH_SECRET_KEY_FILE), or DUALPATH_DEV=true "
            "for a local development server.",
            id="dualpath.E001",
        )
    ]

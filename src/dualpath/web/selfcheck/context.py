"""Crisis contacts on every page: the country the visitor chose, or the configured default."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from dualpath.engine import crisis_contacts, supported_countries

COUNTRY_SESSION_KEY = "country"


def chosen_country(request: HttpRequest) -> str:
    code = request.session.get(COUNTRY_SESSION_KEY) if hasattr(request, "session") else None
    known = {c.code for c in supported_countries()}
    if isinstance(code, str) and (code in known or code == "other"):
        return code
    default: str = settings.DUALPATH_DEFAULT_COUNTRY
    return default


def crisis(request: HttpRequest) -> dict[str, Any]:
    country = chosen_country(request)
    contacts = crisis_contacts(country)
    return {
        "crisis_country": country,
        "crisis_contacts": contacts,
        "crisis_urgent": tuple(c for c in contacts if c.kind in ("emergency", "crisis")),
        "crisis_helplines": tuple(c for c in contacts if c.kind == "helpline"),
        "crisis_countries": supported_countries(),
    }

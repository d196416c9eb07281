"""Crisis and help lines by country, from the versioned data file ``rules/crisis_lines.yaml``.

Every assessment carries these contacts whatever the scores: a negative PHQ-9 item 9 does not
mean "safe" (VA cohort: 71.6% of suicide decedents had answered "not at all"; CLINICAL.md §0.7).
An unknown or missing country gets the international fallback, never nothing.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dualpath.engine.errors import DefinitionError

__all__ = [
    "Country",
    "CrisisContact",
    "CrisisLines",
    "crisis_contacts",
    "crisis_lines_version",
    "resolve_country",
    "supported_countries",
]

ContactKind = Literal["emergency", "crisis", "helpline"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CrisisContact(_Model):
    """One line to call or text: ``dial`` has digits for ``tel:``, ``text`` for ``sms:``."""

    name: str
    number: str = Field(description="As displayed to the person")
    dial: str | None = Field(default=None, pattern=r"^[0-9]+$", description="Digits for tel:")
    text: str | None = Field(default=None, pattern=r"^[0-9]+$", description="Digits for sms:")
    kind: ContactKind
    hours: str = ""
    notes: str = ""
    source: str
    evidence: Literal["verified", "secondary", "unverified"]
    verified: dt.date = Field(description="When the entry was last checked against its source")


class Country(_Model):
    code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    name: str


class _CountryLines(Country):
    contacts: tuple[CrisisContact, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _has_emergency(self) -> _CountryLines:
        if not any(c.kind == "emergency" for c in self.contacts):
            raise ValueError(f"{self.code}: every country needs an emergency entry")
        return self


class CrisisLines(_Model):
    version: str
    aliases: dict[str, str] = Field(default_factory=dict)
    countries: tuple[_CountryLines, ...]
    fallback: tuple[CrisisContact, ...] = Field(min_length=1)


@cache
def _load() -> CrisisLines:
    entry = resources.files("dualpath.engine.rules").joinpath("crisis_lines.yaml")
    try:
        return CrisisLines.model_validate(yaml.safe_load(entry.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise DefinitionError(f"crisis_lines.yaml: {exc}") from exc


def crisis_lines_version() -> str:
    return _load().version


def _normalise(country: str | None) -> str | None:
    if country is None:
        return None
    code = country.strip().upper()
    return _load().aliases.get(code, code)


def resolve_country(country: str | None) -> str | None:
    """The supported country code for ``country`` (aliases resolved), or None."""
    code = _normalise(country)
    return code if any(c.code == code for c in _load().countries) else None


def crisis_contacts(country: str | None) -> tuple[CrisisContact, ...]:
    """Contacts for an ISO 3166 alpha-2 code (any case); unknown or None → the fallback."""
    code = _normalise(country)
    for entry in _load().countries:
        if entry.code == code:
            return entry.contacts
    return _load().fallback


def supported_countries() -> tuple[Country, ...]:
    """Countries with their own entries, in the data file's order."""
    return tuple(Country(code=c.code, name=c.name) for c in _load().countries)

"""Loading instrument definitions shipped as package data (``engine/instruments/*.yaml``).

Reading the package's own data files is the engine's only I/O; everything else is pure. A
deployment's licensed item wording (:mod:`dualpath.engine.wording`), read by a shell, is laid
over the shipped definitions with :func:`use_local_wording`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml
from pydantic import ValidationError

from dualpath.engine.definitions import Instrument
from dualpath.engine.errors import DefinitionError, UnknownInstrumentError
from dualpath.engine.wording import parse_local_wording

__all__ = [
    "get_instrument",
    "instrument_ids",
    "list_instruments",
    "normalise_id",
    "parse_instrument",
    "use_local_wording",
]

# instrument id -> the shipped definition with a deployment's licensed wording
_local: dict[str, Instrument] = {}

_PACKAGE = "dualpath.engine.instruments"


def normalise_id(text: str) -> str:
    """``PHQ-9``, ``phq_9`` and ``phq9`` all name the same instrument."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def parse_instrument(text: str, origin: str = "<string>") -> Instrument:
    """Parse and validate one definition (YAML text)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{origin}: not valid YAML: {exc}") from exc
    try:
        return Instrument.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(f"{origin}: {exc}") from exc


@cache
def _all() -> dict[str, Instrument]:
    found: dict[str, Instrument] = {}
    for entry in sorted(resources.files(_PACKAGE).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        instrument = parse_instrument(entry.read_text(encoding="utf-8"), entry.name)
        if entry.name != f"{instrument.id}.yaml":
            raise DefinitionError(f"{entry.name}: file name must be {instrument.id}.yaml")
        if instrument.local_wording is not None:
            raise DefinitionError(f"{entry.name}: local_wording belongs in a wording file")
        found[instrument.id] = instrument
    return found


def use_local_wording(data: object, origin: str = "wording file") -> tuple[str, ...]:
    """Lay a deployment's licensed wording (parsed YAML/JSON) over the shipped definitions.

    Replaces any wording laid before (``None`` removes it); returns the instrument ids that
    now carry local wording. Nothing changes if ``data`` has a problem.
    """
    found = {} if data is None else parse_local_wording(data, _all(), origin)
    _local.clear()
    _local.update(found)
    return tuple(found)


def instrument_ids() -> tuple[str, ...]:
    return tuple(_all())


def list_instruments() -> tuple[Instrument, ...]:
    return tuple(_local.get(key, inst) for key, inst in _all().items())


def get_instrument(instrument_id: str) -> Instrument:
    """The definition for an id such as ``phq9`` or ``PHQ-9``."""
    instruments = _all()
    key = normalise_id(instrument_id)
    try:
        return _local.get(key) or instruments[key]
    except KeyError:
        raise UnknownInstrumentError(instrument_id, tuple(instruments)) from None

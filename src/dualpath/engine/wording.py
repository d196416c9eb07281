"""Item wording a deployment supplies under its own licence (SHAPS, C-SSRS, CUDIT-R, BAM).

dualpath ships only wording it may reproduce and has checked against the published form. A
site that holds a licence for the rest writes the wording in a file of its own; a shell reads
that file (the engine does no I/O) and passes its parsed content here. The content is checked
as strictly as a definition: every instrument and item must exist, every item dualpath ships
no wording for must be given, and wording dualpath does ship cannot be replaced, so a local
file can add text but never change a validated form.

The document, as YAML or JSON::

    shaps:
      licence: "SHAPS used under licence from the copyright holder, agreement 2026-14"
      items:
        "1": "..."
        "2": "..."
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dualpath.engine.definitions import Instrument
from dualpath.engine.errors import DefinitionError

__all__ = ["parse_local_wording"]


class _InstrumentWording(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    licence: str = Field(min_length=1)
    items: dict[str, str]


def parse_local_wording(
    data: object, instruments: Mapping[str, Instrument], origin: str = "wording file"
) -> dict[str, Instrument]:
    """The instruments of ``instruments`` (by id) that ``data`` gives wording for, with it.

    Raises :class:`DefinitionError` naming ``origin`` and the first problem found.
    """
    if not isinstance(data, Mapping) or not data:
        raise DefinitionError(
            f"{origin}: expected a mapping of instrument ids to {{licence, items}}"
        )
    out: dict[str, Instrument] = {}
    for key, value in data.items():
        where = f"{origin}: {key}"
        inst = instruments.get(_normalise(str(key)))
        if inst is None:
            raise DefinitionError(
                f"{where}: unknown instrument; known: {', '.join(sorted(instruments))}"
            )
        try:
            wording = _InstrumentWording.model_validate(value)
        except ValidationError as exc:
            raise DefinitionError(f"{where}: {_first_error(exc)}") from None
        if not wording.licence.strip():
            raise DefinitionError(f"{where}: licence must say under which licence it is used")
        texts = {str(k): v.strip() for k, v in wording.items.items()}
        known = [item.id for item in inst.items]
        unknown = sorted(set(texts) - set(known))
        if unknown:
            raise DefinitionError(
                f"{where}: no item(s) {', '.join(unknown)}; items are {', '.join(known)}"
            )
        shipped = sorted(i for i in texts if inst.item(i).text is not None)
        if shipped:
            raise DefinitionError(
                f"{where}: dualpath ships the wording of item(s) {', '.join(shipped)} from the "
                "published form; a local file may only supply wording that is not shipped"
            )
        empty = sorted(i for i, text in texts.items() if not text)
        if empty:
            raise DefinitionError(f"{where}: empty wording for item(s) {', '.join(empty)}")
        missing = [i.id for i in inst.items if i.text is None and i.id not in texts]
        if missing:
            raise DefinitionError(f"{where}: no wording for item(s) {', '.join(missing)}")
        if inst.id in out:
            raise DefinitionError(f"{where}: {inst.id} is given twice")
        out[inst.id] = inst.with_item_text(texts, licence=wording.licence)
    return out


def _normalise(text: str) -> str:
    from dualpath.engine.registry import normalise_id

    return normalise_id(text)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    place = ".".join(str(p) for p in error["loc"])
    return f"{place}: {error['msg']}" if place else str(error["msg"])

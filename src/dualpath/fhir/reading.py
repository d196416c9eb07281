"""Reading a QuestionnaireResponse made anywhere into engine answers, checking every answer.

fhir.resources checks structure only; it does not check that a coding is one of the item's
answer options. This module does, against the instrument definition the Questionnaire is
generated from, and reports each problem with a FHIRPath expression.

Items are matched by linkId: dualpath's item id or the item's LOINC code, with any LHC-Forms
style path prefix (``/44250-9``) ignored. The instrument comes from the ``questionnaire``
parameter, the response's canonical, or (for LOINC linkIds only) the one instrument whose
items cover every answered linkId.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from dualpath.engine import (
    Instrument,
    Item,
    Option,
    UnknownInstrumentError,
    get_instrument,
    list_instruments,
    resolve_answer,
)
from dualpath.fhir.codes import CANONICAL_BASE, LOINC, answer_system, questionnaire_url
from dualpath.fhir.outcome import Issue
from dualpath.fhir.questionnaire import PREAMBLE_LINK_ID, option_coding

__all__ = ["ReadResponse", "read_response", "resolve_instrument"]

_LOINC_CODE = re.compile(r"^\d{1,7}-\d$")
_VALUE_KEYS = (
    "valueBoolean",
    "valueDecimal",
    "valueInteger",
    "valueDate",
    "valueDateTime",
    "valueTime",
    "valueString",
    "valueUri",
    "valueAttachment",
    "valueCoding",
    "valueQuantity",
    "valueReference",
)


@dataclass
class ReadResponse:
    """Answers keyed by dualpath item id (option ids), plus what was noticed on the way."""

    instrument: Instrument
    answers: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stated_total: float | None = None


def normalise_link_id(link_id: str) -> str:
    """``/44250-9`` and ``/44249-1/44250-9`` (LHC-Forms paths) → ``44250-9``."""
    parts = [p for p in link_id.strip().split("/") if p]
    return parts[-1] if parts else link_id.strip()


@dataclass(frozen=True)
class _Index:
    items: dict[str, Item]
    ignorable: frozenset[str]
    total_codes: frozenset[str]


@cache
def _index(instrument_id: str) -> _Index:
    inst = get_instrument(instrument_id)
    items: dict[str, Item] = {}
    ignorable = {PREAMBLE_LINK_ID}
    for item in inst.items:
        items[item.id] = item
        for code in (item.loinc, *item.loinc_variants.values()):
            if code:
                items[code] = item  # a question asked in a variant (TAPS by sex) keeps its code
        for suffix in ("help", "condition"):
            ignorable.add(f"{item.id}-{suffix}")
    totals = {c for c in (inst.loinc.total, *(s.loinc for s in inst.subscales)) if c}
    return _Index(items, frozenset(ignorable), frozenset(totals))


def _instrument_from_canonical(canonical: str) -> Instrument | None:
    url, _, _version = canonical.partition("|")
    prefix = questionnaire_url("")
    if url.startswith(prefix):
        return get_instrument(url[len(prefix) :])
    return None


def _infer(link_ids: set[str]) -> list[Instrument]:
    if not link_ids or not all(_LOINC_CODE.match(x) for x in link_ids):
        return []
    found = []
    for inst in list_instruments():
        index = _index(inst.id)
        known = {k for k in index.items if _LOINC_CODE.match(k)} | index.total_codes
        if link_ids <= known:
            found.append(inst)
    return found


def resolve_instrument(
    qr: dict[str, Any], param: str | None, path: str
) -> tuple[Instrument | None, list[Issue]]:
    """The instrument a response answers, or issues saying why it cannot be told."""
    if param:
        try:
            by_url = _instrument_from_canonical(param)
            return (by_url or get_instrument(param)), []
        except UnknownInstrumentError as exc:
            return None, [Issue(f"questionnaire parameter: {exc}", None, "not-found")]
    canonical = qr.get("questionnaire")
    if isinstance(canonical, str) and canonical.startswith(CANONICAL_BASE):
        try:
            inst = _instrument_from_canonical(canonical)
        except UnknownInstrumentError as exc:
            return None, [Issue(str(exc), f"{path}.questionnaire", "not-found")]
        if inst is not None:
            version = canonical.partition("|")[2]
            if version and version != inst.version:
                return None, [
                    Issue(
                        f"{inst.short_name} version {version!r} is not available; this server "
                        f"has version {inst.version!r}",
                        f"{path}.questionnaire",
                        "not-supported",
                    )
                ]
            return inst, []
    link_ids = {normalise_link_id(x) for x, _, _ in _answered(qr, path)}
    candidates = _infer(link_ids)
    if len(candidates) == 1:
        return candidates[0], []
    what = (
        f"questionnaire {canonical!r} is not a dualpath Questionnaire"
        if canonical
        else "the response names no questionnaire"
    )
    if len(candidates) > 1:
        what += f"; its LOINC linkIds fit {', '.join(c.id for c in candidates)}"
    return None, [
        Issue(
            f"{what}: pass the instrument as the 'questionnaire' parameter (e.g. "
            f"questionnaire=phq9) or use {questionnaire_url('<id>')}",
            f"{path}.questionnaire",
            "not-found",
        )
    ]


def _answered(qr: dict[str, Any], path: str) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    """(linkId, FHIRPath of the item, answers) for every item, nested ones included."""

    def walk(items: list[dict[str, Any]], base: str) -> Iterator[tuple[str, str, list[Any]]]:
        for i, item in enumerate(items):
            here = f"{base}.item[{i}]"
            answers = item.get("answer") or []
            if answers:
                yield str(item.get("linkId", "")), here, answers
            yield from walk(item.get("item") or [], here)
            for j, answer in enumerate(answers):
                yield from walk(answer.get("item") or [], f"{here}.answer[{j}]")

    yield from walk(qr.get("item") or [], path)


def _value(answer: dict[str, Any]) -> tuple[str, Any]:
    for key in _VALUE_KEYS:
        if key in answer:
            return key, answer[key]
    return "", None


def _allowed(inst: Instrument, item: Item) -> str:
    return "; ".join(
        f"{c['code']} ({o.label}, value {o.value})"
        for o in inst.options_for(item)
        for c in (option_coding(inst, o),)
    )


def _match(inst: Instrument, item: Item, key: str, value: Any) -> Option | str:
    """The option an answer stands for, or a message saying why it is not allowed."""
    options = inst.options_for(item)
    if key == "valueCoding":
        system, code = value.get("system"), value.get("code")
        if code is None:
            return "the coding has no code"
        for option in options:
            if system in (None, LOINC) and option.code and code == option.code:
                return option
            if system in (None, answer_system(inst.id)) and code == option.id:
                return option
        if system not in (None, LOINC, answer_system(inst.id)):
            return (
                f"code system {system!r} is not used by this item; use {LOINC} or "
                f"{answer_system(inst.id)}"
            )
        return (
            f"code {code!r} is not an answer option of this item (allowed: {_allowed(inst, item)})"
        )
    if key in ("valueInteger", "valueDecimal"):
        number = Decimal(str(value))
        for option in options:
            if isinstance(option.value, (int, float)) and Decimal(str(option.value)) == number:
                return option
        values = ", ".join(str(o.value) for o in options)
        return f"{value} is not a value of this item's options (allowed: {values})"
    if key == "valueBoolean":
        if {o.id for o in options} >= {"yes", "no"}:
            wanted = "yes" if value else "no"
            return next(o for o in options if o.id == wanted)
        return "a boolean answer fits only a yes/no item"
    if key == "valueString":
        try:
            found = resolve_answer(inst, item.id, value)
        except ValueError:
            found = None
        if found is not None:
            return found
        return f"{value!r} is not an answer option of this item (allowed: {_allowed(inst, item)})"
    return f"{key or 'an answer without a value'} cannot answer a choice item"


def _item_names(inst: Instrument) -> str:
    return ", ".join(i.id + (f" or {i.loinc}" if i.loinc else "") for i in inst.items)


def read_response(qr: dict[str, Any], inst: Instrument, path: str) -> ReadResponse:
    """Check each answer of an already structure-checked response and collect engine answers."""
    index = _index(inst.id)
    read = ReadResponse(inst)
    seen: dict[str, str] = {}
    for raw_link_id, where, answers in _answered(qr, path):
        link_id = normalise_link_id(raw_link_id)
        item = index.items.get(link_id)
        if item is None:
            if link_id in index.total_codes and len(answers) == 1:
                key, value = _value(answers[0])
                if key in ("valueDecimal", "valueInteger", "valueQuantity"):
                    number = value.get("value") if isinstance(value, dict) else value
                    read.stated_total = float(number) if number is not None else None
                continue
            if link_id in index.ignorable:
                continue
            read.issues.append(
                Issue(
                    f"linkId {raw_link_id!r} is not an item of {inst.short_name} "
                    f"(items: {_item_names(inst)})",
                    f"{where}.linkId",
                    "not-found",
                )
            )
            continue
        if item.id in seen:
            read.issues.append(
                Issue(
                    f"item {item.id} is answered twice (also at {seen[item.id]})",
                    where,
                    "business-rule",
                )
            )
            continue
        seen[item.id] = where
        if len(answers) > 1:
            read.issues.append(
                Issue(
                    f"item {item.id} takes one answer; {len(answers)} were given",
                    f"{where}.answer",
                    "business-rule",
                )
            )
            continue
        key, value = _value(answers[0])
        found = _match(inst, item, key, value)
        if isinstance(found, str):
            read.issues.append(
                Issue(found, f"{where}.answer[0].{key}" if key else where, "code-invalid")
            )
            continue
        read.answers[item.id] = found.id
    return read

"""Instrument definition → FHIR R4 ``Questionnaire``, generated so the engine stays the one source.

LOINC codes are used where the definition has them (and does not mark them unverified);
otherwise dualpath's own code systems. Each answer option carries its points as the R4
``ordinalValue`` extension, which LHC-Forms and SDC tools read to compute scores.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

from dualpath.engine import Instrument, Item, Option, get_instrument, list_instruments
from dualpath.engine.conditions import describe
from dualpath.engine.definitions import (
    AllCondition,
    AnyCondition,
    Condition,
    ItemCondition,
    NotCondition,
)
from dualpath.fhir.codes import (
    ITEM_CONTROL_SYSTEM,
    ITEM_CONTROL_URL,
    LOINC,
    ORDINAL_VALUE_URL,
    answer_system,
    questionnaire_url,
)

__all__ = ["all_questionnaires", "option_coding", "questionnaire", "verified_loinc"]

PREAMBLE_LINK_ID = "preamble"


def verified_loinc(instrument: Instrument, code: str | None) -> str | None:
    """The code, unless the definition lists it as not confirmed against loinc.org."""
    if code is None:
        return None
    pattern = re.compile(rf"(?<![\d-]){re.escape(code)}(?!\d)")
    if any(pattern.search(note) for note in instrument.loinc.unverified):
        return None
    return code


def number(value: float | int) -> float | int:
    """JSON-friendly: 2.0 → 2, so exported values read as the form prints them."""
    return int(value) if float(value).is_integer() else float(value)


def option_coding(instrument: Instrument, option: Option) -> dict[str, str]:
    code = verified_loinc(instrument, option.code)
    if code is not None:
        return {"system": LOINC, "code": code, "display": option.label}
    return {"system": answer_system(instrument.id), "code": option.id, "display": option.label}


def _answer_option(instrument: Instrument, option: Option) -> dict[str, Any]:
    return {
        "extension": [{"url": ORDINAL_VALUE_URL, "valueDecimal": number(option.score)}],
        "valueCoding": option_coding(instrument, option),
    }


def _matching_options(instrument: Instrument, cond: ItemCondition) -> list[Option]:
    options = instrument.options_for(instrument.item(cond.item))
    return [
        o
        for o in options
        if (cond.in_ is None or o.id in cond.in_)
        and (cond.min is None or o.score >= cond.min)
        and (cond.max is None or o.score <= cond.max)
    ]


def enable_when(instrument: Instrument, cond: Condition) -> tuple[str, list[dict[str, Any]]] | None:
    """(enableBehavior, enableWhen list), or None when R4 enableWhen cannot express it.

    R4 enableWhen is a flat any/all list of answer tests, so only a single item test, an
    ``any`` of item tests, or an ``all`` of single-answer item tests can be expressed.
    """

    def tests(c: ItemCondition) -> list[dict[str, Any]]:
        return [
            {"question": c.item, "operator": "=", "answerCoding": option_coding(instrument, o)}
            for o in _matching_options(instrument, c)
        ]

    if isinstance(cond, ItemCondition):
        found = tests(cond)
        if not found:
            return None
        return ("any" if len(found) > 1 else "all", found)
    if isinstance(cond, NotCondition) and isinstance(cond.not_, ItemCondition):
        excluded = {o.id for o in _matching_options(instrument, cond.not_)}
        options = instrument.options_for(instrument.item(cond.not_.item))
        found = [
            {
                "question": cond.not_.item,
                "operator": "=",
                "answerCoding": option_coding(instrument, o),
            }
            for o in options
            if o.id not in excluded
        ]
        return ("any" if len(found) > 1 else "all", found) if found else None
    if isinstance(cond, AnyCondition) and all(isinstance(c, ItemCondition) for c in cond.any):
        found = [t for c in cond.any if isinstance(c, ItemCondition) for t in tests(c)]
        return ("any", found) if found else None
    if isinstance(cond, AllCondition) and all(isinstance(c, ItemCondition) for c in cond.all):
        parts = [tests(c) for c in cond.all if isinstance(c, ItemCondition)]
        if all(len(p) == 1 for p in parts):
            return ("all", [p[0] for p in parts])
    return None


def _item_control(code: str) -> dict[str, Any]:
    return {
        "url": ITEM_CONTROL_URL,
        "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]},
    }


def _display(link_id: str, text: str, control: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": link_id, "text": text, "type": "display"}
    if control:
        item["extension"] = [_item_control(control)]
    return item


def licensed_placeholder(instrument: Instrument, item: Item) -> str:
    return (
        f"{instrument.short_name} item {item.id} ({item.topic}): the wording of this item is "
        f"licensed by {instrument.licence.holder} and is supplied locally, not by dualpath."
    )


def _item(instrument: Instrument, item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"linkId": item.id}
    code = verified_loinc(instrument, item.loinc)
    if code is not None:
        out["code"] = [{"system": LOINC, "code": code, "display": item.text or item.topic}]
    if re.fullmatch(r"\d+[a-z]?", item.id):
        out["prefix"] = f"{item.id}."
    out["text"] = item.text if item.text else licensed_placeholder(instrument, item)
    # Radio buttons, as on the printed forms: every option visible at once, one tap on a phone.
    out["extension"] = [_item_control("radio-button")]
    out["type"] = "choice"
    out["required"] = item.required
    children: list[dict[str, Any]] = []
    if item.enable_when is not None:
        expressed = enable_when(instrument, item.enable_when)
        if expressed is not None:
            behaviour, tests = expressed
            out["enableWhen"] = tests
            if len(tests) > 1:
                out["enableBehavior"] = behaviour
        else:
            # Not expressible in R4 enableWhen: the item stays shown (asking more is safe) and
            # the rule is stated so a person or a local form can apply it.
            children.append(
                _display(
                    f"{item.id}-condition",
                    f"Asked only when {describe(item.enable_when)}.",
                )
            )
    out["answerOption"] = [_answer_option(instrument, o) for o in instrument.options_for(item)]
    help_lines = [item.help] if item.help else []
    help_lines += [f"Wording for {ctx}: {text}" for ctx, text in item.text_variants.items()]
    if help_lines:
        children.append(_display(f"{item.id}-help", "\n".join(help_lines), "help"))
    if children:
        out["item"] = children
    return out


def computable_name(instrument: Instrument) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "", instrument.short_name) or instrument.id
    return name if name[0].isalpha() and name[0].isupper() else "Q" + name


def copyright_text(instrument: Instrument) -> str:
    parts = [instrument.licence.statement.strip()]
    if instrument.local_wording is not None:
        parts.append(
            "Item wording is not distributed with dualpath; this organisation supplies it "
            f"locally under: {instrument.local_wording}"
        )
    elif not all(item.text for item in instrument.items):
        parts.append(
            "Item wording is licensed and is not distributed with dualpath; it is supplied "
            "locally by an organisation that holds the licence."
        )
    uses_loinc = (
        instrument.loinc.panel
        or instrument.loinc.total
        or any(item.loinc for item in instrument.items)
    )
    if uses_loinc:
        parts.append(instrument.loinc.notice.strip())
    return "\n\n".join(parts)


def _build(instrument: Instrument) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": instrument.id,
        "url": questionnaire_url(instrument.id),
        "version": instrument.version,
        "name": computable_name(instrument),
        "title": f"{instrument.name} ({instrument.short_name})",
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"{instrument.purpose}. {instrument.timeframe}. Source: "
        f"{instrument.citation}",
        "purpose": instrument.purpose,
        "copyright": copyright_text(instrument),
    }
    panel = verified_loinc(instrument, instrument.loinc.panel)
    if panel is not None:
        resource["code"] = [{"system": LOINC, "code": panel, "display": instrument.name}]
    items = [_item(instrument, item) for item in instrument.items]
    if instrument.preamble:
        items.insert(0, _display(PREAMBLE_LINK_ID, instrument.preamble))
    resource["item"] = items
    return resource


@cache
def _cached(instrument_id: str) -> dict[str, Any]:
    return _build(get_instrument(instrument_id))


def questionnaire(instrument: Instrument | str) -> dict[str, Any]:
    """The Questionnaire (FHIR JSON as a dict) of one instrument. Callers get their own copy."""
    if isinstance(instrument, Instrument):
        return _build(instrument)
    found = get_instrument(instrument)
    if found.local_wording is not None:  # a deployment's wording: never cached across loads
        return _build(found)
    return copy.deepcopy(_cached(found.id))


def all_questionnaires() -> list[dict[str, Any]]:
    return [questionnaire(inst.id) for inst in list_instruments()]

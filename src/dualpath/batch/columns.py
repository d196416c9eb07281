"""Which export column holds which item.

Without ``--map``, an item is found under its own id or a common export spelling. Matching
ignores case and any character that is not a letter or digit, and leading zeros in the item
number, so for PHQ-9 item 1 all of these match: ``1``, ``01``, ``item1``, ``Item_01``, ``q1``,
``Q_1``, ``phq9_1``, ``PHQ-9 1``, ``phq9_q1``, ``phq9_item1``. An explicit mapping always wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dualpath.engine import Instrument

__all__ = [
    "ColumnError",
    "ColumnPlan",
    "candidate_names",
    "column_list",
    "guess_id_column",
    "parse_mapping",
    "plan_columns",
]

ID_COLUMN_NAMES = (
    "id",
    "respondent_id",
    "respondentid",
    "participant_id",
    "patient_id",
    "person_id",
    "subject_id",
    "record_id",
    "response_id",
    "seqn",
)


class ColumnError(ValueError):
    """The export's columns do not fit the instrument (message says what to do)."""


def column_list(names: Sequence[str], limit: int = 25) -> str:
    """Column names for a message: at most ``limit``, long ones cut, unprintable ones escaped
    (a binary file read as CSV must not fill the terminal)."""

    def shown(name: str) -> str:
        text = name if name.isprintable() else repr(name)[1:-1]
        return text if len(text) <= 40 else text[:39] + "…"

    listed = ", ".join(shown(n) for n in names[:limit])
    if len(names) > limit:
        listed += f" … and {len(names) - limit} more"
    return listed


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _number_forms(item_id: str) -> set[str]:
    base = _norm(item_id)
    forms = {base}
    match = re.fullmatch(r"0*(\d+)([a-z]*)", base)
    if match:
        number, suffix = match.groups()
        forms |= {f"{number}{suffix}", f"{int(number):02d}{suffix}"}
    return forms


def candidate_names(instrument: Instrument, item_id: str) -> tuple[str, ...]:
    """Normalised column names that are taken to hold ``item_id`` (see module docstring)."""
    prefixes = {"", "item", "q"}
    for name in (instrument.id, instrument.short_name):
        stem = _norm(name)
        prefixes |= {stem, f"{stem}q", f"{stem}item"}
    return tuple(sorted(p + form for p in prefixes for form in _number_forms(item_id)))


def parse_mapping(specs: Iterable[str]) -> dict[str, str]:
    """``["1=DPQ010", "2=DPQ020,3=DPQ030"]`` -> ``{"1": "DPQ010", …}``."""
    mapping: dict[str, str] = {}
    for spec in specs:
        for part in spec.split(","):
            if not part.strip():
                continue
            item, sep, column = part.partition("=")
            if not sep or not item.strip() or not column.strip():
                raise ColumnError(f"--map {part!r}: expected ITEM=COLUMN, e.g. --map 1=DPQ010")
            mapping[item.strip()] = column.strip()
    return mapping


@dataclass(frozen=True)
class ColumnPlan:
    """Item id -> source column, and the items with no column (treated as unanswered)."""

    items: dict[str, str]
    absent: tuple[str, ...]


def plan_columns(
    instrument: Instrument, available: Sequence[str], mapping: Mapping[str, str]
) -> ColumnPlan:
    """Match items to columns; raise :class:`ColumnError` naming what is wrong."""
    known = {item.id for item in instrument.items}
    for item_id, column in mapping.items():
        if item_id not in known:
            raise ColumnError(
                f"--map {item_id}={column}: {instrument.short_name} has no item {item_id!r}; "
                f"items are {', '.join(i.id for i in instrument.items)}"
            )
        if column not in available:
            raise ColumnError(
                f"--map {item_id}={column}: no column {column!r} in the input; "
                f"columns are {column_list(available)}"
            )
    by_norm: dict[str, list[str]] = {}
    for column in available:
        by_norm.setdefault(_norm(column), []).append(column)
    taken = set(mapping.values())
    items: dict[str, str] = {}
    absent: list[str] = []
    missing_required: list[str] = []
    for item in instrument.items:
        if item.id in mapping:
            items[item.id] = mapping[item.id]
            continue
        found = sorted(
            {c for name in candidate_names(instrument, item.id) for c in by_norm.get(name, [])}
            - taken
        )
        if len(found) > 1:
            raise ColumnError(
                f"item {item.id}: several columns could hold it ({', '.join(found)}); "
                f"choose one with --map {item.id}=COLUMN"
            )
        if found:
            items[item.id] = found[0]
            taken.add(found[0])
        elif item.required:
            missing_required.append(item.id)
        else:
            absent.append(item.id)
    if missing_required:
        example = missing_required[0]
        raise ColumnError(
            f"no column for {instrument.short_name} item(s) {', '.join(missing_required)}; "
            f"name columns by item id (e.g. {example!r}, 'item{example}', 'q{example}') or map "
            f"them with --map {example}=COLUMN. Columns in the input: {column_list(available)}"
        )
    return ColumnPlan(items, tuple(absent))


def guess_id_column(available: Sequence[str]) -> str | None:
    """A column that looks like a respondent identifier, if there is exactly one kind."""
    by_norm = {_norm(c): c for c in available}
    for name in ID_COLUMN_NAMES:
        if _norm(name) in by_norm:
            return by_norm[_norm(name)]
    return None

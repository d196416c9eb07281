"""Turning raw export cells into option indexes, exactly as the per-response engine does.

Each distinct raw value is resolved once in Python through the engine's own lookup
(:func:`dualpath.engine.resolve_answer`), so the batch path cannot drift from the engine's
normalisation rules (printed value, label, id, LOINC code, yes/no words). Polars then maps every
cell with ``replace_strict`` against that small cache: a column of a million rows costs one hash
lookup per cell and a handful of Python calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from dualpath.engine import Instrument, resolve_answer
from dualpath.engine.scoring import answer_key  # the engine's normalisation, shared on purpose

__all__ = [
    "CODE_DTYPE",
    "INVALID",
    "AnswerCoding",
    "CellResolver",
    "answer_key",
    "integer_window",
    "item_resolver",
]

INVALID = -1
"""Code for a cell that is neither missing nor an allowed answer."""

_UNSEEN = -2
CODE_DTYPE = pl.Int16


@dataclass(frozen=True)
class AnswerCoding:
    """How an export codes answers, beyond what the published form prints.

    ``missing_codes`` (e.g. 7 refused, 9 don't know) count as unanswered; they are checked on
    the raw value before any recoding. ``recode`` maps a raw value to the form's value per item
    (``"*"`` for every item), e.g. ``{"*": {"1": "0", "2": "1"}}`` for a 1-based export.
    """

    missing_codes: frozenset[str] = frozenset()
    recode: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        missing_codes: tuple[object, ...] = (),
        recode: Mapping[str, Mapping[Any, Any]] | None = None,
    ) -> AnswerCoding:
        keys = frozenset(k for k in (answer_key(c) for c in missing_codes) if k is not None)
        table: dict[str, dict[str, str]] = {}
        for target, pairs in (recode or {}).items():
            inner: dict[str, str] = {}
            for old, new in pairs.items():
                old_key = answer_key(old)
                if old_key is not None:
                    inner[old_key] = "" if new is None else str(new)
            table[target] = inner
        return cls(keys, table)

    def recode_for(self, item_id: str) -> Mapping[str, str]:
        merged = dict(self.recode.get("*", {}))
        merged.update(self.recode.get(item_id, {}))
        return merged


def item_resolver(
    instrument: Instrument, item_id: str, coding: AnswerCoding
) -> Callable[[object], int | None]:
    """A function raw value -> option index, None (unanswered) or :data:`INVALID`."""
    options = instrument.options_for(instrument.item(item_id))
    index = {id(option): i for i, option in enumerate(options)}
    recode = coding.recode_for(item_id)
    missing = coding.missing_codes

    def resolve(raw: object) -> int | None:
        key = answer_key(raw)
        if key is None or key in missing:
            return None
        if key in recode:
            raw = recode[key]
        try:
            option = resolve_answer(instrument, item_id, raw)
        except ValueError:
            return INVALID
        if option is None:
            return None
        return index.get(id(option), options.index(option))

    return resolve


def _integer(text: object) -> int | None:
    try:
        number = float(str(text))
    except ValueError:
        return None
    return int(number) if number.is_integer() and abs(number) < 2**31 else None


def integer_window(instrument: Instrument, item_id: str, coding: AnswerCoding) -> range:
    """Small integers worth a direct lookup table: option values, missing codes, recodes.

    Every integer the engine could accept for the item lies in the window (the engine's keys
    are built from exactly these fields), so an integer outside it is invalid.
    """
    found: set[int] = set()
    for option in instrument.options_for(instrument.item(item_id)):
        for text in (option.value, option.id, option.label, option.code, *option.aliases):
            number = _integer(text)
            if number is not None:
                found.add(number)
    found |= {0, 1}
    for code in (*coding.missing_codes, *coding.recode_for(item_id)):
        number = _integer(code)
        if number is not None:
            found.add(number)
    low, high = min(found), max(found)
    if high - low > 255:
        return range(0, 0)
    return range(low, high + 1)


class CellResolver:
    """A polars batch function: a column of raw cells -> option indexes (Int16).

    Null stays null (unanswered). Cells that parse as a small integer (the usual export) take a
    vectorised table lookup; any other value is resolved in Python once and cached, so a
    column of a million rows costs a cast, a gather and a handful of Python calls. Both paths
    return exactly what the engine's lookup returns for that value.
    """

    def __init__(
        self, resolve: Callable[[object], int | None], window: range = range(0, 0)
    ) -> None:
        self._resolve = resolve
        self._cache: dict[object, int | None] = {None: None}
        self._low = window.start
        self._table = pl.Series(
            "table", [resolve(str(n)) for n in window] or [None], dtype=CODE_DTYPE
        )
        self._size = len(window)

    def _slow(self, column: pl.Series) -> pl.Series:
        codes = column.replace_strict(self._cache, default=_UNSEEN, return_dtype=CODE_DTYPE)
        fresh = column.filter(codes == _UNSEEN)
        if fresh.len():
            for value in fresh.unique().to_list():
                self._cache[value] = self._resolve(value)
            codes = column.replace_strict(self._cache, return_dtype=CODE_DTYPE)
        return codes

    def __call__(self, column: pl.Series) -> pl.Series:
        if column.dtype.is_float():
            column = column.fill_nan(None)
        if not self._size or not (column.dtype == pl.String or column.dtype.is_integer()):
            return self._slow(column)
        ints = column.cast(pl.Int32, strict=False)
        if ints.null_count() == column.null_count():  # every cell is an integer (or empty)
            low, high = ints.min(), ints.max()
            if low is None:
                return ints.cast(CODE_DTYPE)
            if self._low <= low and high < self._low + self._size:  # type: ignore[operator]
                return self._table.gather(ints - self._low if self._low else ints)
        index = ints - self._low
        fits = ((index >= 0) & (index < self._size)).fill_null(False)
        fast = self._table.gather(index.clip(0, self._size - 1))
        return fast.zip_with(fits, self._slow(column))

    def expr(self, source: pl.Expr, dtype: pl.DataType | None = None) -> pl.Expr:
        """Codes for a column; integer columns use a pure polars table lookup (no Python)."""
        if dtype is not None and dtype.is_integer() and self._size:
            codes = self._table.to_list()
            valid = [i for i, code in enumerate(codes) if code is not None and code >= 0]
            if valid and codes[valid[0] : valid[-1] + 1] == list(range(len(valid))):
                # the usual case (answers 0..n-1 are options 0..n-1): the value is the code
                first = valid[0] + self._low
                last = valid[-1] + self._low
                # an Int16 column (the CSV fast path) already has the code's type
                value = source if dtype == CODE_DTYPE else source.cast(pl.Int32)
                code = value - first if first else value
                if dtype != CODE_DTYPE or first:
                    code = code.cast(CODE_DTYPE)
                # missing codes in the window; anything else outside [first, last] is invalid
                missing = [i + self._low for i, c in enumerate(codes) if c is None]
                if not missing:
                    # a null cell makes the test null, which keeps it null (unanswered)
                    return (
                        pl.when(value.is_between(first, last).not_())
                        .then(pl.lit(INVALID, dtype=CODE_DTYPE))
                        .otherwise(code)
                    )
                return (
                    pl.when(value.is_between(first, last))
                    .then(code)
                    .when(value.is_null() | value.is_in(missing))
                    .then(pl.lit(None, dtype=CODE_DTYPE))
                    .otherwise(pl.lit(INVALID, dtype=CODE_DTYPE))
                )
            index = source.cast(pl.Int64) - self._low
            return (
                pl.when(source.is_null())
                .then(pl.lit(None, dtype=CODE_DTYPE))
                .when(index.is_between(0, self._size - 1))
                .then(pl.lit(self._table).gather(index.clip(0, self._size - 1)))
                .otherwise(pl.lit(INVALID, dtype=CODE_DTYPE))
            )
        return source.map_batches(self, return_dtype=CODE_DTYPE, is_elementwise=True)

"""Definition conditions compiled to polars expressions with the engine's three-valued logic.

Polars booleans follow Kleene logic (null | True is True, null & False is False), which is
exactly the engine's rule for ``any``/``all``/``not`` with unknown (None) operands; a null
result means "cannot be decided from what was answered", never "false".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from dualpath.batch.answers import CODE_DTYPE
from dualpath.engine.definitions import (
    AllCondition,
    AnyCondition,
    Condition,
    CountCondition,
    Instrument,
    ItemCondition,
    NotCondition,
    Option,
    TotalCondition,
)

__all__ = ["Context", "compile_condition", "in_range", "index_in", "integer_bound"]

_UNKNOWN = pl.lit(None, dtype=pl.Boolean)


def in_range(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def integer_bound(bound: float, *, lower: bool) -> int | float:
    """The same test on an integer column without casting it: ``x >= 9.5`` is ``x >= 10``."""
    if not math.isfinite(bound):
        return bound
    return math.ceil(bound) if lower else math.floor(bound)


@dataclass
class Context:
    """What a compiled condition can read, as expressions.

    ``codes``: option index per item (null = no answer; items without a column are absent).
    ``skipped``: per item, true when the form's skip logic says it was not asked.
    ``total``/``subscales``: null or absent when unknown. ``sex``: "male", "female" or "unknown".
    ``integer_total``/``integer_subscales``: which of them have an integer type, so thresholds
    are compared as integers rather than casting the column to floats.
    """

    instrument: Instrument
    codes: Mapping[str, pl.Expr]
    skipped: dict[str, pl.Expr] = field(default_factory=dict)
    total: pl.Expr | None = None
    subscales: Mapping[str, pl.Expr] = field(default_factory=dict)
    sex: pl.Expr | None = None
    integer_total: bool = False
    integer_subscales: frozenset[str] = frozenset()

    def options(self, item_id: str) -> tuple[Option, ...] | None:
        try:
            return self.instrument.options_for(self.instrument.item(item_id))
        except KeyError:
            return None

    def code(self, item_id: str) -> pl.Expr | None:
        return self.codes.get(item_id)

    def is_skipped(self, item_id: str) -> pl.Expr | None:
        return self.skipped.get(item_id)


def index_in(code: pl.Expr, indexes: list[int], size: int | None = None) -> pl.Expr:
    """``code`` is one of ``indexes`` (null stays null); a range test when they are contiguous.

    ``size``: the item's number of options. A code is never above ``size - 1`` (an invalid
    cell is -1), so a range reaching the last option is a single comparison.
    """
    if not indexes:
        return pl.when(code.is_null()).then(_UNKNOWN).otherwise(pl.lit(False))
    low, high = min(indexes), max(indexes)
    if sorted(indexes) == list(range(low, high + 1)):
        if size is not None and high == size - 1:
            return code >= low
        return code.is_between(low, high)
    return code.is_in(pl.lit(indexes, dtype=pl.List(CODE_DTYPE)))


def _item(cond: ItemCondition, ctx: Context) -> pl.Expr:
    options = ctx.options(cond.item)
    code = ctx.code(cond.item)
    if options is None or code is None:
        return _UNKNOWN
    matching = [
        i
        for i, option in enumerate(options)
        if (cond.in_ is None or option.id in cond.in_)
        and in_range(option.score, cond.min, cond.max)
    ]
    answered = index_in(code, matching, len(options))
    skipped = ctx.is_skipped(cond.item)
    if skipped is None:
        return answered
    when_skipped = cond.in_ is None and in_range(0.0, cond.min, cond.max)
    return pl.when(skipped).then(pl.lit(when_skipped)).otherwise(answered)


def _total(cond: TotalCondition, ctx: Context) -> pl.Expr:
    value = ctx.total if cond.total else ctx.subscales.get(cond.subscale or "")
    if value is None:
        return _UNKNOWN
    integral = ctx.integer_total if cond.total else cond.subscale in ctx.integer_subscales
    low: pl.Expr | None = None
    if cond.min is not None:
        low = pl.lit(integer_bound(cond.min, lower=True) if integral else cond.min)
    if cond.min_by_sex is not None:
        thresholds = cond.min_by_sex
        sex = ctx.sex if ctx.sex is not None else pl.lit("unknown")

        def threshold(key: str) -> pl.Expr:
            # a threshold the definition omits leaves the condition unknown (the engine raises)
            found = thresholds.get(key)  # type: ignore[call-overload]
            return pl.lit(found, dtype=pl.Float64)

        low = (
            pl.when(sex == "male")
            .then(threshold("male"))
            .when(sex == "female")
            .then(threshold("female"))
            .otherwise(threshold("unknown"))
        )
    parts: list[pl.Expr] = []
    if low is not None:
        parts.append(value >= low)
    if cond.max is not None:
        parts.append(value <= (integer_bound(cond.max, lower=False) if integral else cond.max))
    if not parts:
        return pl.when(value.is_null()).then(_UNKNOWN).otherwise(pl.lit(True))
    out = parts[0]
    for part in parts[1:]:
        out = out & part
    return out


def _count(cond: CountCondition, ctx: Context) -> pl.Expr:
    matched: list[pl.Expr] = []
    unknown: list[pl.Expr] = []
    for item_id in cond.count:
        options = ctx.options(item_id)
        code = ctx.code(item_id)
        if options is None or code is None:
            unknown.append(pl.lit(True))
            continue
        hits = [
            i
            for i, option in enumerate(options)
            if (cond.match is not None and option.id in cond.match)
            or (cond.min_points is not None and option.score >= cond.min_points)
        ]
        matched.append(index_in(code, hits, len(options)).fill_null(False))
        is_unknown = code.is_null()
        skipped = ctx.is_skipped(item_id)
        if skipped is not None:
            is_unknown = is_unknown & skipped.not_()
        unknown.append(is_unknown)
    n_matched = pl.sum_horizontal(matched) if matched else pl.lit(0, dtype=pl.Int32)
    n_unknown = pl.sum_horizontal(unknown) if unknown else pl.lit(0, dtype=pl.Int32)
    return (
        pl.when(n_matched >= cond.at_least)
        .then(pl.lit(True))
        .when(n_matched + n_unknown < cond.at_least)
        .then(pl.lit(False))
        .otherwise(_UNKNOWN)
    )


def compile_condition(cond: Condition, ctx: Context) -> pl.Expr:
    """A Boolean expression: true, false, or null where the engine would say None."""
    if isinstance(cond, ItemCondition):
        return _item(cond, ctx)
    if isinstance(cond, TotalCondition):
        return _total(cond, ctx)
    if isinstance(cond, CountCondition):
        return _count(cond, ctx)
    if isinstance(cond, AnyCondition):
        out = pl.lit(False)
        for child in cond.any:
            out = out | compile_condition(child, ctx)
        return out
    if isinstance(cond, AllCondition):
        out = pl.lit(True)
        for child in cond.all:
            out = out & compile_condition(child, ctx)
        return out
    if isinstance(cond, NotCondition):
        return compile_condition(cond.not_, ctx).not_()
    raise TypeError(f"unknown condition {cond!r}")  # pragma: no cover

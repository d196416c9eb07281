"""One instrument definition compiled into polars expressions.

The compiled plan mirrors :func:`dualpath.engine.score` step by step (skip logic in item order,
sum with the published missing-data rule, subscales, first matching band, flags), so scoring a
million rows in polars gives, row by row, what the engine gives for one response. Nothing here
knows any particular instrument.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import polars as pl

from dualpath.batch.answers import (
    CODE_DTYPE,
    INVALID,
    AnswerCoding,
    CellResolver,
    integer_window,
    item_resolver,
)
from dualpath.batch.conditions import Context, compile_condition, in_range, integer_bound
from dualpath.batch.csv_cells import CellDomain
from dualpath.engine.definitions import Band, Instrument

__all__ = ["CompiledInstrument", "band_index_column", "code_column", "output_columns"]


def code_column(item_id: str) -> str:
    """Private column holding an item's option index (null unanswered, -1 invalid)."""
    return f"__dp_code[{item_id}]"


def band_index_column(band_column: str) -> str:
    """Private column holding the index (into the instrument's bands) of a band column."""
    return f"__dp_band_index[{band_column}]"


def _points_column(item_id: str) -> str:
    return f"__dp_points[{item_id}]"


def _skip_column(item_id: str) -> str:
    return f"__dp_skip[{item_id}]"


INVALID_COLUMN = "__dp_invalid"
_TOTAL = "__dp_total"


def _all_integral(values: list[float]) -> bool:
    return all(float(v).is_integer() for v in values)


def output_columns(instrument: Instrument) -> list[str]:
    """Result columns, in order: score, band, answered, prorated, flag_*, sub_*."""
    names = ["score", "band", "answered", "prorated"]
    names += [f"flag_{flag.id}" for flag in instrument.flags]
    for sub in instrument.subscales:
        names.append(f"sub_{sub.id}")
        if sub.bands:
            names.append(f"sub_{sub.id}_band")
    return names


_BAND_TABLE_LIMIT = 1024
_BAND_INDEX = pl.UInt32


def _band_table(bands: tuple[Band, ...]) -> tuple[int, list[int | None]] | None:
    """Integer value -> index of the first matching band (from the lowest value), when every
    band is a closed numeric range and the span is small."""
    lows: list[float] = []
    highs: list[float] = []
    for band in bands:
        if band.when is not None or band.min is None or band.max is None:
            return None
        lows.append(band.min)
        highs.append(band.max)
    if not lows or not all(math.isfinite(x) for x in (*lows, *highs)):
        return None
    low, high = math.ceil(min(lows)), math.floor(max(highs))
    if high < low or high - low > _BAND_TABLE_LIMIT:
        return None
    indexes = [
        next((i for i, b in enumerate(bands) if in_range(k, b.min, b.max)), None)
        for k in range(low, high + 1)
    ]
    return low, indexes


def _band_index(
    bands: tuple[Band, ...], value: pl.Expr | None, ctx: Context, *, integral: bool = False
) -> pl.Expr:
    """Index of the first band whose test is true (UInt32); null when none is.

    An undecided (null) test never picks, like the engine. An integer value with plain numeric
    bands takes one table lookup instead of a chain of range tests; a value outside every band
    (or null) gets null either way.
    """
    if value is not None and integral and (table := _band_table(bands)) is not None:
        low, indexes = table
        high = low + len(indexes) - 1
        lookup = pl.lit(pl.Series("bands", indexes, dtype=_BAND_INDEX))
        index = (value - low).clip(0, len(indexes) - 1)
        return pl.when(value.is_between(low, high)).then(lookup.gather(index))
    out: pl.Expr = pl.lit(None, dtype=_BAND_INDEX)
    for position, band in reversed(list(enumerate(bands))):
        if band.when is not None:
            test = compile_condition(band.when, ctx)
        elif value is None:
            continue
        else:
            # a null total makes the test null, which never picks the band
            bottom: float | None = band.min
            top: float | None = band.max
            if integral:  # integer thresholds: no cast of the value to floats
                bottom = None if bottom is None else integer_bound(bottom, lower=True)
                top = None if top is None else integer_bound(top, lower=False)
            if bottom is not None and top is not None:
                test = value.is_between(bottom, top)
            elif bottom is not None:
                test = value >= bottom
            elif top is not None:
                test = value <= top
            else:
                test = value.is_not_null()
        out = pl.when(test).then(pl.lit(position, dtype=_BAND_INDEX)).otherwise(out)
    return out


def _band_names(bands: tuple[Band, ...], index: pl.Expr) -> pl.Expr:
    """Band ids for a column of band indexes (null stays null)."""
    names = pl.lit(pl.Series("names", [b.id for b in bands], dtype=pl.String))
    return names.gather(index)


@dataclass
class CompiledInstrument:
    """Build with an instrument and an answer coding; :meth:`apply` adds the result columns."""

    instrument: Instrument
    coding: AnswerCoding = field(default_factory=AnswerCoding)

    def item_ids(self) -> list[str]:
        return [item.id for item in self.instrument.items]

    def _points_integral(self, item_ids: tuple[str, ...]) -> bool:
        inst = self.instrument
        return _all_integral([o.score for i in item_ids for o in inst.options_for(inst.item(i))])

    def apply(
        self,
        frame: pl.LazyFrame,
        columns: Mapping[str, str],
        *,
        sex_column: str | None = None,
    ) -> pl.LazyFrame:
        """Add code columns, :data:`INVALID_COLUMN` and the result columns to ``frame``.

        ``columns`` maps item id -> source column; items not in it are treated as unanswered.
        """
        inst = self.instrument
        schema = frame.collect_schema()
        codes: dict[str, pl.Expr] = {}
        stage: list[pl.Expr] = []
        for item in inst.items:
            name = code_column(item.id)
            source = columns.get(item.id)
            if source is None:
                stage.append(pl.lit(None, dtype=CODE_DTYPE).alias(name))
            else:
                resolver = CellResolver(
                    item_resolver(inst, item.id, self.coding),
                    integer_window(inst, item.id, self.coding),
                )
                stage.append(resolver.expr(pl.col(source), schema.get(source)).alias(name))
            codes[item.id] = pl.col(name)
        if sex_column is not None:
            stage.append(_sex_expr(pl.col(sex_column)).alias("__dp_sex"))
        frame = frame.with_columns(stage)
        sex = pl.col("__dp_sex") if sex_column is not None else None

        # any_horizontal of the tests is far cheaper than min_horizontal of the codes
        invalid = pl.any_horizontal([c == INVALID for c in codes.values()]).fill_null(False)
        frame = frame.with_columns(invalid.alias(INVALID_COLUMN))

        # Skip logic, in item order: later enable conditions see earlier skips (engine order).
        ctx = Context(inst, codes, sex=sex)
        for item in inst.items:
            if item.enable_when is None:
                continue
            enabled = compile_condition(item.enable_when, ctx)
            skipped = enabled.not_().fill_null(False) & codes[item.id].is_null()
            frame = frame.with_columns(skipped.alias(_skip_column(item.id)))
            ctx.skipped[item.id] = pl.col(_skip_column(item.id))

        # Points per item, materialised once: answered -> option points, skipped -> 0.
        point_items = list(
            dict.fromkeys([*inst.scoring.items, *(i for sub in inst.subscales for i in sub.items)])
        )
        frame = frame.with_columns(
            self._points(item_id, codes[item_id], ctx.skipped.get(item_id)).alias(
                _points_column(item_id)
            )
            for item_id in point_items
        )

        def points(item_id: str) -> pl.Expr:
            return pl.col(_points_column(item_id))

        answered = pl.sum_horizontal([c.is_not_null() for c in codes.values()]).cast(pl.Int64)
        totals: list[pl.Expr] = [answered.alias("answered")]
        if inst.scoring.method == "sum":
            total, prorated = self._sum(points)
            totals += [total.alias(_TOTAL), prorated.alias("prorated")]
        else:
            totals += [pl.lit(None, pl.Float64).alias(_TOTAL), pl.lit(False).alias("prorated")]
        for sub in inst.subscales:
            values = [points(i) for i in sub.items]
            subtotal = pl.sum_horizontal(values, ignore_nulls=False)
            totals.append(subtotal.alias(f"sub_{sub.id}"))
        frame = frame.with_columns(totals)

        ctx.total = pl.col(_TOTAL)
        ctx.subscales = {sub.id: pl.col(f"sub_{sub.id}") for sub in inst.subscales}
        # integer-typed sums: a refusing sum of integer points, any subscale of integer points
        ctx.integer_total = (
            inst.scoring.method == "sum"
            and inst.missing.rule == "refuse"
            and self._points_integral(inst.scoring.items)
        )
        ctx.integer_subscales = frozenset(
            sub.id for sub in inst.subscales if self._points_integral(sub.items)
        )
        results: list[pl.Expr] = []
        bands: dict[str, tuple[Band, ...]] = {}  # band column -> its bands
        if inst.bands:
            index = _band_index(inst.bands, ctx.total, ctx, integral=ctx.integer_total)
            results.append(index.alias(band_index_column("band")))
            bands["band"] = inst.bands
        else:
            results.append(pl.lit(None, dtype=pl.String).alias("band"))
        for flag in inst.flags:
            results.append(compile_condition(flag.when, ctx).alias(f"flag_{flag.id}"))
        for sub in inst.subscales:
            if sub.bands:
                index = _band_index(
                    sub.bands,
                    ctx.subscales[sub.id],
                    ctx,
                    integral=sub.id in ctx.integer_subscales,
                )
                results.append(index.alias(band_index_column(f"sub_{sub.id}_band")))
                bands[f"sub_{sub.id}_band"] = sub.bands
        frame = frame.with_columns(results)
        # A row with an invalid answer gets no result at all (the engine refuses it).
        invalid_col = pl.col(INVALID_COLUMN)
        frame = frame.with_columns(
            pl.when(invalid_col)
            .then(None)
            .otherwise(pl.col(band_index_column(name)))
            .alias(band_index_column(name))
            for name in bands
        )

        score = pl.col(_TOTAL)
        if self._points_integral(inst.scoring.items):
            score = score.cast(pl.Int64)
        finals: list[pl.Expr] = [score.alias("score")]
        for name in output_columns(inst):
            if name == "score":
                continue
            if name in bands:  # from the masked index: no second mask needed
                finals.append(_band_names(bands[name], pl.col(band_index_column(name))))
                continue
            expr = pl.col(name)
            if name.startswith("sub_") and not name.endswith("_band"):
                sub_id = name[4:]
                sub_items = next(s.items for s in inst.subscales if s.id == sub_id)
                if self._points_integral(sub_items):
                    expr = expr.cast(pl.Int64)
            finals.append(expr)
        return frame.with_columns(
            (expr if name in bands else pl.when(invalid_col).then(None).otherwise(expr)).alias(name)
            for expr, name in zip(finals, output_columns(inst), strict=True)
        )

    def cell_domains(self) -> dict[str, CellDomain]:
        """What each result column can print (see :mod:`dualpath.batch.csv_cells`).

        Integer ranges are bounds, not exact sets: a total of ``n`` items lies within ``n``
        times the lowest and highest points of any option (a prorated estimate too), and 0
        when items are skipped. A column left out (a fractional score, a range too wide) is
        written as it is.
        """
        inst = self.instrument
        domains: dict[str, CellDomain] = {}

        def integer(column: str, items: tuple[str, ...]) -> None:
            if not self._points_integral(items):
                return
            points = [o.score for i in items for o in inst.options_for(inst.item(i))]
            low = min(0, len(items) * int(min(points)))
            high = max(0, len(items) * int(max(points)))
            domain = CellDomain.integer(column, low, high)
            if domain is not None:
                domains[column] = domain

        def banded(column: str, bands: tuple[Band, ...]) -> None:
            if bands:
                domains[column] = CellDomain.indexed(
                    band_index_column(column), [b.id for b in bands]
                )
            else:
                domains[column] = CellDomain.empty()

        if inst.scoring.method == "sum":
            integer("score", inst.scoring.items)
        else:
            domains["score"] = CellDomain.empty()
        banded("band", inst.bands)
        answered = CellDomain.integer("answered", 0, len(inst.items))
        if answered is not None:
            domains["answered"] = answered
        domains["prorated"] = CellDomain.boolean("prorated")
        for flag in inst.flags:
            domains[f"flag_{flag.id}"] = CellDomain.boolean(f"flag_{flag.id}")
        for sub in inst.subscales:
            integer(f"sub_{sub.id}", sub.items)
            if sub.bands:
                banded(f"sub_{sub.id}_band", sub.bands)
        return domains

    def _integer_points_dtype(self) -> pl.DataType:
        """Int16 (the code's own type: no cast) when no sum of points can overflow it."""
        inst = self.instrument
        reach = sum(max(abs(o.score) for o in inst.options_for(item)) for item in inst.items)
        return CODE_DTYPE() if reach < 2**15 - 1 else pl.Int32()

    def _points(self, item_id: str, code: pl.Expr, skipped: pl.Expr | None) -> pl.Expr:
        """Option index -> points (affine arithmetic when it can, else a small lookup)."""
        scores = [o.score for o in self.instrument.options_for(self.instrument.item(item_id))]
        integral = _all_integral(scores)
        dtype: pl.DataType = self._integer_points_dtype() if integral else pl.Float64()
        step = scores[1] - scores[0] if len(scores) > 1 else 0.0
        if all(v == scores[0] + step * i for i, v in enumerate(scores)) and integral:
            value = code if dtype == CODE_DTYPE else code.cast(dtype)
            if step != 1:
                value = value * int(step)
            if scores[0]:
                value = value + int(scores[0])
        else:
            value = code.replace_strict(
                list(range(len(scores))), scores, default=None, return_dtype=dtype
            )
        if skipped is None:
            return value
        return pl.when(skipped).then(pl.lit(0, dtype=dtype)).otherwise(value)

    def _sum(self, points: Callable[[str], pl.Expr]) -> tuple[pl.Expr, pl.Expr]:
        """Total and prorated flag under the instrument's published missing-data rule."""
        inst = self.instrument
        values = [points(i) for i in inst.scoring.items]
        n = len(values)
        rule = inst.missing
        if rule.rule == "refuse":  # any unanswered item leaves no total: a null-propagating sum
            return pl.sum_horizontal(values, ignore_nulls=False), pl.lit(False)
        absent = pl.sum_horizontal([v.is_null() for v in values])
        present_sum = pl.sum_horizontal(values).cast(pl.Float64)
        full = absent == 0
        if rule.rule == "prorate":
            guard = (absent <= rule.max_missing) & (absent < n)
            never = [
                values[inst.scoring.items.index(i)]
                for i in rule.never_impute
                if i in inst.scoring.items
            ]
            if never:
                guard = guard & ~pl.any_horizontal([v.is_null() for v in never])
            prorate = (~full) & guard
            estimate = (present_sum / (n - absent) * n).round(0, mode="half_away_from_zero")
        else:
            prorate = pl.lit(False)
            estimate = pl.lit(None, dtype=pl.Float64)
        total = (
            pl.when(full)
            .then(present_sum)
            .when(prorate)
            .then(estimate)
            .otherwise(pl.lit(None, dtype=pl.Float64))
        )
        return total, prorate


def _sex_expr(source: pl.Expr) -> pl.Expr:
    """The engine's sex normalisation (male/female/unknown), applied per distinct value."""
    from dualpath.engine import normalise_sex

    def resolve(value: object) -> str:
        return normalise_sex(None if value is None else str(value))

    cache: dict[object, str] = {}

    def per_batch(column: pl.Series) -> pl.Series:
        for value in column.unique().to_list():
            if value not in cache:
                cache[value] = resolve(value)
        return column.replace_strict(cache, return_dtype=pl.String)

    return source.map_batches(per_batch, return_dtype=pl.String, is_elementwise=True)

"""Result columns rendered as a few ready-made CSV cells per row, for fast CSV output.

polars' CSV writer spends its time per cell, and a scored row has many small result cells
(score, band, answered, prorated, one per flag). Each of those columns has a small, known set
of renderings: an integer in the instrument's range, a band id, true/false/empty. So a run of
neighbouring result columns has few possible texts as a whole: each row gets a small integer
key (the columns' states in mixed radix) and its text comes from a table built once, by a
gather. The sink then writes a few cells per row instead of one per column, with the same bytes
polars would write: the tests compare both writers byte for byte.

Because the ready-made cells contain separators, the sink runs with ``quote_style="never"``;
text columns that are passed through (the id column) are quoted here by polars' own rule.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

__all__ = ["TABLE_LIMIT", "CellDomain", "csv_header_field", "ready_made_cells"]

TABLE_LIMIT = 4096
"""Most texts in one ready-made table (a run of columns, or one column's range)."""

_KEY = pl.UInt64
# A state no table reaches: an integer outside its declared range makes the gather fail
# loudly instead of printing an empty or wrong cell. Keys are 64-bit so it cannot wrap.
_OUT_OF_RANGE = 1 << 40


@dataclass(frozen=True)
class CellDomain:
    """Every text a result column can print, and each row's index into them (0 = empty)."""

    state: pl.Expr
    texts: tuple[str, ...]

    @classmethod
    def boolean(cls, column: str) -> CellDomain:
        state = (pl.col(column).cast(_KEY) + 1).fill_null(0)
        return cls(state, ("", "false", "true"))

    @classmethod
    def integer(cls, column: str, low: int, high: int) -> CellDomain | None:
        """Integers ``low..high`` (None when the range is too wide to tabulate)."""
        if high - low + 2 > TABLE_LIMIT:
            return None
        value = pl.col(column)
        state = (
            pl.when(value.is_between(low, high))
            .then((value - (low - 1)).cast(_KEY))
            .when(value.is_null())
            .then(pl.lit(0, dtype=_KEY))
            .otherwise(pl.lit(_OUT_OF_RANGE, dtype=_KEY))
        )
        return cls(state, ("", *(str(n) for n in range(low, high + 1))))

    @classmethod
    def indexed(cls, index_column: str, names: Sequence[str]) -> CellDomain:
        """A text column computed as ``names[index]`` (null index: empty cell)."""
        state = (pl.col(index_column).cast(_KEY) + 1).fill_null(0)
        return cls(state, ("", *names))

    @classmethod
    def empty(cls) -> CellDomain:
        return cls(pl.lit(0, dtype=_KEY), ("",))


def csv_header_field(text: str, separator: str) -> str:
    """``text`` as polars writes a header or text cell: quoted when empty or when it holds
    the separator, a quote or a line break."""
    if text == "" or any(ch in text for ch in (separator, '"', "\r", "\n")):
        return '"' + text.replace('"', '""') + '"'
    return text


def _quoted_text(column: pl.Expr, separator: str) -> pl.Expr:
    """A text column quoted by the same rule (null stays null, i.e. an empty cell)."""
    needs = column.str.contains_any([separator, '"', "\r", "\n"]) | (column.str.len_bytes() == 0)
    quoted = pl.lit('"') + column.str.replace_all('"', '""', literal=True) + pl.lit('"')
    return pl.when(needs).then(quoted).otherwise(column)


def _value_text(text: str, separator: str) -> str:
    return "" if text == "" else csv_header_field(text, separator)


def _table(domains: Sequence[CellDomain], separator: str) -> pl.Series:
    rows = (
        separator.join(_value_text(t, separator) for t in combo)
        for combo in itertools.product(*(d.texts for d in domains))
    )
    return pl.Series("cells", list(rows), dtype=pl.String)


def _run_cell(names: Sequence[str], domains: Sequence[CellDomain], separator: str) -> pl.Expr:
    key = domains[0].state
    for domain in domains[1:]:
        key = key * len(domain.texts) + domain.state
    header = separator.join(csv_header_field(n, separator) for n in names)
    return pl.lit(_table(domains, separator)).gather(key).alias(header)  # names are ours


def ready_made_cells(
    frame: pl.LazyFrame,
    columns: Sequence[str],
    domains: Mapping[str, CellDomain],
    separator: str,
    headers: Mapping[str, str] | None = None,
) -> pl.LazyFrame:
    """``frame``'s ``columns`` as cells to sink with ``quote_style="never"`` (same bytes).

    Neighbouring columns with a domain are merged while their table stays within
    :data:`TABLE_LIMIT`; other columns pass through, text ones quoted here. Each output
    column is named by its part of the header line, already quoted; ``headers`` gives the
    header of a column whose name in the file differs from its name in ``frame``.
    """
    headers = headers or {}
    schema = frame.collect_schema()
    cells: list[pl.Expr] = []
    run: list[str] = []
    size = 1

    def close_run() -> None:
        nonlocal size
        if run:
            cells.append(_run_cell(run, [domains[n] for n in run], separator))
        run.clear()
        size = 1

    for name in columns:
        domain = domains.get(name)
        if domain is None:
            close_run()
            column = pl.col(name)
            dtype = schema[name]
            if dtype in (pl.Categorical, pl.Enum):
                column = column.cast(pl.String)
                dtype = pl.String()
            if dtype == pl.String:
                column = _quoted_text(column, separator)
            cells.append(column.alias(csv_header_field(headers.get(name, name), separator)))
            continue
        if size * len(domain.texts) > TABLE_LIMIT:
            close_run()
        run.append(name)
        size *= len(domain.texts)
    close_run()
    return frame.select(cells)

"""Scoring a whole export: lazy scan -> validate -> score -> sink, in one streaming query.

The scored rows and the run's counts come from one streaming polars pass (the sink and a
one-row aggregation collected together, sharing the scan), so a file larger than memory is
read once and never collected; only when that pass counts rows with invalid answers does a
second streaming pass collect those rows (and nothing else) to list the bad cells. Formats
follow the file extension: CSV (``.csv``, ``.tsv`` tab-separated, ``.txt``) or Parquet
(``.parquet``, ``.pq``) in; CSV, TSV, Parquet or JSON lines (``.jsonl``, ``.ndjson``) out.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

import polars as pl

from dualpath.batch.answers import INVALID, AnswerCoding
from dualpath.batch.columns import ColumnError, column_list, guess_id_column, plan_columns
from dualpath.batch.compiler import (
    INVALID_COLUMN,
    CompiledInstrument,
    band_index_column,
    code_column,
    output_columns,
)
from dualpath.batch.csv_cells import CellDomain, ready_made_cells
from dualpath.engine import Instrument, allowed_values

__all__ = [
    "InputError",
    "OutputFormat",
    "ScoreRequest",
    "Summary",
    "input_format",
    "output_format",
    "score_file",
]

OutputFormat = Literal["csv", "parquet", "jsonl"]
ROW_COLUMN = "row"
_ROW = "__dp_row"
_ID = "__dp_id"
_SEX = "__dp_sex_source"
_CSV_SUFFIXES = {".csv": ",", ".txt": ",", ".tsv": "\t"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


class InputError(ValueError):
    """The input cannot be read or does not fit the request (message says what to do)."""


def input_format(path: Path) -> Literal["csv", "parquet"]:
    suffix = path.suffix.lower()
    if suffix in _CSV_SUFFIXES:
        return "csv"
    if suffix in _PARQUET_SUFFIXES:
        return "parquet"
    raise InputError(
        f"{path}: cannot tell the format from {suffix or 'no extension'!r}; "
        "use .csv, .tsv or .txt (CSV) or .parquet/.pq (Parquet)"
    )


def output_format(path: Path) -> OutputFormat:
    suffix = path.suffix.lower()
    if suffix in _CSV_SUFFIXES:
        return "csv"
    if suffix in _PARQUET_SUFFIXES:
        return "parquet"
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    raise InputError(
        f"{path}: cannot tell the output format from {suffix or 'no extension'!r}; "
        "use .csv, .tsv, .parquet or .jsonl"
    )


@dataclass(frozen=True)
class ScoreRequest:
    """What to score: the file, the instrument and how the export names and codes answers."""

    source: Path
    instrument: Instrument
    mapping: Mapping[str, str] = field(default_factory=dict)
    id_column: str | None = None
    sex_column: str | None = None
    coding: AnswerCoding = field(default_factory=AnswerCoding)


@dataclass
class Summary:
    """Counts of one run, and the first problems found (for the message on stderr)."""

    instrument: str
    rows: int = 0
    scored: int = 0
    invalid: int = 0
    prorated: int = 0
    bands: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    flags_unknown: dict[str, int] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    absent_items: tuple[str, ...] = ()
    id_column: str | None = None
    problems: list[dict[str, Any]] = field(default_factory=list)

    @property
    def unscorable(self) -> int:
        """Valid rows the missing-data rule leaves without a result."""
        return self.rows - self.invalid - self.scored


def _scan(path: Path, integers: tuple[str, ...] | None = None) -> pl.LazyFrame:
    """A lazy scan; CSV cells are read as text, except ``integers`` (read as Int16).

    Given ``integers`` (the fast path), CSV is read as strict UTF-8 and any problem is raised
    as polars raises it, for :func:`score_file` to retry with text cells; otherwise bytes that
    are not UTF-8 are replaced rather than refused.
    """
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the export file inside it")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    kind = input_format(path)
    if kind == "csv" and integers is None:
        _check_text(path)
    try:
        if kind == "parquet":
            frame = pl.scan_parquet(path).with_row_index(_ROW, offset=1)
        else:
            frame = pl.scan_csv(
                path,
                separator=_CSV_SUFFIXES[path.suffix.lower()],
                infer_schema=False,
                schema_overrides={name: pl.Int16 for name in integers or ()} or None,
                encoding="utf8" if integers is not None else "utf8-lossy",
                row_index_name=_ROW,
                row_index_offset=1,
                raise_if_empty=True,
            )
        frame.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        if integers is not None:
            raise
        raise InputError(f"{path}: cannot read it as {kind}: {_first_line(exc)}") from exc
    return frame


def _check_text(path: Path) -> None:
    """Refuse, with the way out, a file that is not CSV text at all."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise InputError(f"{path}: cannot read it: {exc.strerror}") from exc
    if b"\x00" in head:
        raise InputError(
            f'{path}: not CSV text (it holds NUL bytes: UTF-16 "Unicode text", or a '
            'spreadsheet or SPSS file renamed); save or export it as "CSV UTF-8"'
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@dataclass(frozen=True)
class _Plan:
    scored: pl.LazyFrame  # every private column plus the outputs
    outputs: list[str]
    renamed: dict[str, str]  # output column -> its name in the output file (the id column)
    items: dict[str, str]
    absent: tuple[str, ...]
    id_column: str | None
    domains: dict[str, CellDomain]  # what each result column can print (CSV output)


def _plan(request: ScoreRequest, integers: bool = False) -> _Plan:
    """The scoring query. ``integers``: read CSV item columns as integers (the fast path).

    Reading integers skips building a text cell per answer; any cell that is not a plain
    integer makes the scan fail, and :func:`score_file` then reruns with text cells. Both give
    the same results: an integer cell resolves exactly as its text does.
    """
    frame = _scan(request.source)
    available = [c for c in frame.collect_schema().names() if c != _ROW]
    inst = request.instrument
    try:
        columns = plan_columns(inst, available, request.mapping)
    except ColumnError as exc:
        raise InputError(str(exc)) from exc
    for option, name in (("--id-column", request.id_column), ("--sex-column", request.sex_column)):
        if name is not None and name not in available:
            raise InputError(
                f"{option} {name}: no such column; columns are {column_list(available)}"
            )
    id_column = request.id_column or guess_id_column(available)
    results = output_columns(inst)
    if id_column in results:
        raise InputError(
            f"the id column {id_column!r} has the name of a result column; "
            "rename it in the input or choose another with --id-column"
        )
    if integers and input_format(request.source) == "csv":
        frame = _scan(request.source, tuple(sorted(set(columns.items.values()))))
    # Export columns are taken by position and renamed: a name such as "^id$" would be a
    # regular expression to pl.col.
    names = frame.collect_schema().names()

    def source(name: str) -> pl.Expr:
        return pl.nth(names.index(name))

    keep = [pl.col(_ROW)]
    if id_column is not None:
        keep.append(source(id_column).alias(_ID))
    raw = {item: f"__dp_raw[{item}]" for item in columns.items}
    keep += [source(column).alias(raw[item]) for item, column in columns.items.items()]
    sex = None
    if request.sex_column is not None:
        sex = _SEX
        keep.append(source(request.sex_column).alias(_SEX))
    compiled = CompiledInstrument(inst, request.coding)
    scored = compiled.apply(frame.select(keep), raw, sex_column=sex)
    first = _ID if id_column is not None else ROW_COLUMN
    if id_column is None:
        scored = scored.with_columns(pl.col(_ROW).alias(ROW_COLUMN))
    return _Plan(
        scored,
        [first, *results],
        {_ID: id_column} if id_column is not None else {},
        dict(columns.items),
        columns.absent,
        id_column,
        compiled.cell_domains(),
    )


def _problem_text(inst: Instrument, item_id: str, coding: AnswerCoding) -> str:
    text = (
        f"not an allowed answer for {inst.short_name} item {item_id} "
        f"(allowed: {'; '.join(allowed_values(inst, item_id))}"
    )
    if coding.missing_codes:
        text += f"; missing codes: {', '.join(sorted(coding.missing_codes))}"
    return text + ")"


class _Tally:
    """The run's counts, computed by polars in the same streaming pass as the output.

    :meth:`counts` is a one-row aggregation over the scored rows; :func:`_run` collects it
    together with the sink (``pl.collect_all``), so the scan and the scoring are shared and
    the common run (no invalid cell) reads the input once, with no Python code per chunk.
    Invalid cells are listed afterwards by :meth:`error_frame`, in a second query that runs
    only when the count says there are some.
    """

    def __init__(self, plan: _Plan, request: ScoreRequest, summary: Summary) -> None:
        inst = request.instrument
        self._plan = plan
        self._summary = summary
        self._flags = [f.id for f in inst.flags]
        self._bands = [b.id for b in inst.bands]
        self._problem = {i: _problem_text(inst, i, request.coding) for i in plan.items}
        self._items = plan.items

    def counts(self) -> pl.LazyFrame:
        invalid = pl.col(INVALID_COLUMN)
        # bands are counted by their index (the text column is not needed for counting)
        band_index = pl.col(band_index_column("band"))
        banded = band_index.is_not_null() if self._bands else pl.lit(False)
        return self._plan.scored.select(
            pl.len().alias("rows"),
            invalid.sum().alias("invalid"),
            (pl.col("score").is_not_null() | banded).sum().alias("scored"),
            pl.col("prorated").sum().alias("prorated"),
            *((band_index == i).sum().alias(f"band:{b}") for i, b in enumerate(self._bands)),
            *(pl.col(f"flag_{f}").sum().alias(f"flag:{f}") for f in self._flags),
            *(
                (pl.col(f"flag_{f}").is_null() & ~invalid).sum().alias(f"unknown:{f}")
                for f in self._flags
            ),
        )

    def add(self, counts: pl.DataFrame) -> None:
        """Fill the summary from the collected :meth:`counts` row."""
        row = counts.row(0, named=True)
        summary = self._summary
        summary.rows = row["rows"]
        summary.invalid = row["invalid"]
        summary.scored = row["scored"]
        summary.prorated = row["prorated"]
        summary.bands = {b: row[f"band:{b}"] for b in self._bands if row[f"band:{b}"]}
        summary.flags = {f: row[f"flag:{f}"] for f in self._flags}
        summary.flags_unknown = {f: row[f"unknown:{f}"] for f in self._flags}

    def error_frame(self) -> pl.DataFrame:
        """Invalid cells (row, column, value, problem) in row then column order.

        Only rows with an invalid answer are collected (a streaming filter over the input),
        never the whole file; with no invalid row counted, the input is not read again.
        """
        schema = {"row": pl.Int64, "column": pl.String, "value": pl.String, "problem": pl.String}
        if not self._summary.invalid:
            return pl.DataFrame(schema=schema)
        keep = [_ROW]
        for item in self._items:
            keep += [code_column(item), f"__dp_raw[{item}]"]
        bad = (
            self._plan.scored.filter(pl.col(INVALID_COLUMN))
            .select(keep)
            .collect(engine="streaming")
        )
        parts = [
            bad.filter(pl.col(code_column(item)) == INVALID).select(
                pl.col(_ROW).cast(pl.Int64).alias("row"),
                pl.lit(order, dtype=pl.UInt32).alias("_order"),
                pl.lit(column).alias("column"),
                pl.col(f"__dp_raw[{item}]").cast(pl.String).alias("value"),
                pl.lit(self._problem[item]).alias("problem"),
            )
            for order, (item, column) in enumerate(self._items.items())
        ]
        frame = pl.concat(parts)
        return frame.sort("row", "_order").drop("_order")


def _progress_column(name: str, progress: Callable[[int], None]) -> pl.Expr:
    """``name`` unchanged, reporting the rows done as chunks pass (for the progress bar)."""
    lock = threading.Lock()
    done = 0

    def advance(chunk: pl.Series) -> pl.Series:
        nonlocal done
        with lock:  # chunks arrive on several threads
            done += len(chunk)
            progress(done)
        return chunk

    return pl.col(name).map_batches(advance, pl.self_dtype(), is_elementwise=True).alias(name)


def _sink(
    scored: pl.LazyFrame, plan: _Plan, target: Path, kind: OutputFormat, separator: str
) -> pl.LazyFrame:
    """The output query: the result columns of ``scored`` into ``target``."""
    if kind == "parquet":
        return scored.select(plan.outputs).rename(plan.renamed).sink_parquet(target, lazy=True)
    if kind == "jsonl":
        return scored.select(plan.outputs).rename(plan.renamed).sink_ndjson(target, lazy=True)
    # same bytes as sink_csv of the columns, written as a few ready-made cells per row
    cells = ready_made_cells(scored, plan.outputs, plan.domains, separator, plan.renamed)
    return cells.sink_csv(target, separator=separator, quote_style="never", lazy=True)


def _run(
    request: ScoreRequest,
    target: Path,
    kind: OutputFormat,
    progress: Callable[[int], None] | None,
    *,
    integers: bool,
    separator: str,
) -> tuple[Summary, pl.DataFrame]:
    """One scoring pass into ``target``; a second, over invalid rows only, if there are any."""
    plan = _plan(request, integers)
    summary = Summary(
        instrument=request.instrument.id,
        columns=plan.items,
        absent_items=plan.absent,
        id_column=plan.id_column,
    )
    tally = _Tally(plan, request, summary)
    scored = plan.scored
    if progress is not None:
        scored = scored.with_columns(_progress_column(plan.outputs[-1], progress))
    sink = _sink(scored, plan, target, kind, separator)

    def passes() -> pl.DataFrame:
        _, counts = pl.collect_all([sink, tally.counts()], engine="streaming")
        tally.add(counts)
        return tally.error_frame()

    if integers:
        return summary, passes()
    try:
        return summary, passes()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"{request.source}: {_first_line(exc)}") from exc


def score_file(
    request: ScoreRequest,
    target: Path | IO[bytes],
    kind: OutputFormat = "csv",
    *,
    errors: Path | None = None,
    progress: Callable[[int], None] | None = None,
    max_problems: int = 10,
) -> Summary:
    """Score ``request.source`` into ``target``; return the run's counts.

    CSV output to a ``.tsv`` path is tab-separated, otherwise comma-separated.
    Rows with invalid answers are kept (with empty results) and listed in ``errors`` (CSV:
    row, column, value, problem), row 1 being the first data row. ``progress`` is called
    with the number of rows done so far (it may restart from 0 if the fast path is retried).
    """
    inst = request.instrument
    separator = _CSV_SUFFIXES.get(target.suffix.lower(), ",") if isinstance(target, Path) else ","
    # Write to a staged file first, beside the target (so the final move is a rename): a
    # failed run leaves no half-written output, and the integer fast path can be retried with
    # text cells. A file, not a scratch directory: removing a directory the output was just
    # renamed out of can wait on the file system.
    near = target.parent if isinstance(target, Path) else Path(tempfile.gettempdir())
    staged = near / f".dualpath-{secrets.token_hex(8)}.{kind}"
    try:
        try:
            summary, errors_found = _run(
                request, staged, kind, progress, integers=True, separator=separator
            )
        except (pl.exceptions.PolarsError, OSError):
            summary, errors_found = _run(
                request, staged, kind, progress, integers=False, separator=separator
            )
        if isinstance(target, Path):
            os.replace(staged, target)
        else:
            with staged.open("rb") as handle:
                shutil.copyfileobj(handle, target, 1 << 20)
            target.flush()
    finally:
        staged.unlink(missing_ok=True)
    if errors is not None:
        try:
            errors_found.write_csv(errors)
        except OSError as exc:
            raise InputError(f"--errors {errors}: cannot write it: {exc.strerror or exc}") from exc
    summary.problems = list(errors_found.head(max_problems).iter_rows(named=True))
    ordered = {b.id: summary.bands[b.id] for b in inst.bands if summary.bands.get(b.id)}
    summary.bands = ordered
    for flag in inst.flags:
        summary.flags.setdefault(flag.id, 0)
        summary.flags_unknown.setdefault(flag.id, 0)
    return summary

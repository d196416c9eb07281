"""``dualpath score``: score a CSV or Parquet export of answers to one instrument.

The file is streamed (lazy scan -> validate -> score -> sink), so exports larger than memory
work. Rows with invalid answers never stop the run: they get empty results and are listed in
the summary on stderr and in ``--errors FILE``. Expected problems (unknown instrument, missing
column, unreadable file, bad option syntax) exit with status 2 and a message, no traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dualpath.cli.instruments import CommandProblem, _get

if TYPE_CHECKING:
    from dualpath.batch import Summary
    from dualpath.engine import Instrument

SAMPLE_MAP = tuple(f"{i}=DPQ0{i}0" for i in range(1, 10))
SAMPLE_MISSING = "7,9"
SAMPLE_ID = "respondent_id"

HELP = """Score INPUT (CSV, TSV or Parquet; format from the extension) with one instrument.

\b
Columns: an item is found under its id or a common export name (case, spaces,
underscores, dashes and leading zeros ignored): for PHQ-9 item 1, "1", "item1",
"item_01", "q1", "Q_1", "phq9_1", "PHQ-9 1", "phq9_q1". Otherwise use --map.
`dualpath show ID --json` lists item ids and the names matched.

\b
Answers: by default a cell holds what the published form prints (e.g. 0-3 for
PHQ-9), or the option's label, id or LOINC code; yes/no items also take
yes/no, true/false, 1/0. --missing-codes lists codes meaning "no answer"
(checked before --recode); --recode maps other codings, e.g. a 1-based export:
--recode '*:1=0,2=1,3=2,4=3'.

\b
Output (CSV on stdout unless --out; .csv, .tsv, .parquet or .jsonl): the id column
(or `row`), score (empty when the instrument's missing-data rule allows no
total), band, answered, prorated, flag_<id> (true, false, or empty when the
answers given cannot decide it) and sub_<id> per subscale. A row with an
invalid answer gets empty results; the run's summary goes to stderr.

\b
Examples:
  dualpath score --sample
  dualpath score nhanes.csv -i phq9 --map 1=DPQ010 --map 2=DPQ020 ... \\
      --missing-codes 7,9 --id-column SEQN --out scored.parquet --errors bad.csv
"""


def _parse_codes(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    codes = tuple(part.strip() for part in text.split(",") if part.strip())
    if not codes:
        raise CommandProblem(f"--missing-codes {text!r}: give codes separated by commas, e.g. 7,9")
    return codes


def _parse_recode(specs: tuple[str, ...], inst: Instrument) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    known = {item.id for item in inst.items}
    for spec in specs:
        target, sep, pairs = spec.partition(":")
        target = target.strip()
        if not sep or not target:
            raise CommandProblem(
                f"--recode {spec!r}: expected ITEM:FROM=TO,… or *:FROM=TO,… "
                "(e.g. --recode '*:1=0,2=1,3=2,4=3')"
            )
        if target != "*" and target not in known:
            raise CommandProblem(
                f"--recode {spec!r}: {inst.short_name} has no item {target!r}; "
                f"items are {', '.join(sorted(known))}"
            )
        inner = table.setdefault(target, {})
        for pair in pairs.split(","):
            old, eq, new = pair.partition("=")
            if not eq or not old.strip():
                raise CommandProblem(f"--recode {spec!r}: {pair!r} is not FROM=TO")
            inner[old.strip()] = new.strip()
    return table


def _estimate_rows(path: Path) -> int | None:
    """Rows in the input: exact for Parquet (metadata), estimated from line length for CSV."""
    import polars as pl

    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            return int(pl.scan_parquet(path).select(pl.len()).collect().item())
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
        lines = head.count(b"\n")
        if size <= len(head):
            return max(lines - 1, 0)
        return int(size / (len(head) / max(lines, 1)))
    except (OSError, pl.exceptions.PolarsError):
        return None


def _check_writable(option: str, path: Path) -> None:
    folder = path.resolve().parent
    if path.is_dir():
        raise CommandProblem(f"{option} {path}: is a folder; give a file name")
    if not folder.is_dir():
        raise CommandProblem(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise CommandProblem(f"{option} {path}: cannot write in the folder {folder}")


@contextmanager
def _progress(path: Path, enabled: bool) -> Iterator[Callable[[int], None] | None]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task("scoring rows", total=_estimate_rows(path))

        def advance(rows_done: int) -> None:
            bar.update(task, completed=rows_done)

        yield advance


def _print_summary(summary: Summary, inst: Instrument, source: Path, errors: Path | None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    err = Console(stderr=True, highlight=False)
    err.print(
        f"[bold]{inst.short_name}[/bold] ({inst.id}) — {escape(str(source))}: "
        f"{summary.rows} rows, {summary.scored} scored, {summary.unscorable} unscorable, "
        f"{summary.invalid} invalid"
        + (f", {summary.prorated} prorated" if summary.prorated else "")
    )
    mapped = ", ".join(f"{item}←{column}" for item, column in summary.columns.items())
    err.print(f"Columns: {escape(mapped)}", style="dim")
    if summary.absent_items:
        err.print(
            f"No column for optional item(s) {', '.join(summary.absent_items)} (left unanswered).",
            style="dim",
        )
    if summary.unscorable:
        err.print(f"Unscorable rows lack answers the rule needs: {escape(inst.missing.source)}")
    if summary.bands:
        labels = {b.id: b.label for b in inst.bands}
        table = Table(title="Bands", title_justify="left")
        table.add_column("band")
        table.add_column("rows", justify="right")
        for band_id, count in summary.bands.items():
            table.add_row(escape(f"{labels.get(band_id, band_id)} ({band_id})"), str(count))
        err.print(table)
    for flag in inst.flags:
        raised = summary.flags.get(flag.id, 0)
        unknown = summary.flags_unknown.get(flag.id, 0)
        if not raised and not (unknown and flag.severity in ("urgent", "emergency")):
            continue
        line = f"flag_{flag.id} ({flag.severity}): {raised} rows"
        if unknown and flag.severity in ("urgent", "emergency"):
            line += f"; cannot be ruled out in {unknown} rows (unanswered items)"
        style = "bold red" if flag.severity in ("urgent", "emergency") else None
        err.print(escape(line), style=style)
    if summary.invalid:
        err.print(f"[bold]{summary.invalid} rows have invalid answers[/bold] (results left empty):")
        for problem in summary.problems:
            err.print(
                escape(
                    f"  row {problem['row']}, column {problem['column']}: "
                    f"{problem['value']!r} is {problem['problem']}"
                )
            )
        if errors is not None:
            err.print(f"Every invalid cell is listed in {escape(str(errors))}.")
        else:
            err.print("List every invalid cell with --errors FILE.")
        if summary.invalid * 2 > summary.rows:
            err.print(
                "Most rows are invalid: if the export codes answers differently from the "
                "form (e.g. 1-4 instead of 0-3), use --recode '*:1=0,2=1,3=2,4=3'; for codes "
                "meaning no answer, use --missing-codes."
            )


@click.command("score", help=HELP)
@click.argument("source", metavar="INPUT", required=False, type=click.Path(path_type=Path))
@click.option("--instrument", "-i", "instrument_id", metavar="ID", help="e.g. phq9, gad7.")
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="ITEM=COLUMN",
    help="Column holding an item (repeat, or comma-separate).",
)
@click.option("--id-column", metavar="COL", help="Column kept to identify each row.")
@click.option("--missing-codes", metavar="7,9", help="Codes that mean no answer.")
@click.option(
    "--recode",
    multiple=True,
    metavar="ITEM_OR_*:FROM=TO,…",
    help="Map an export's coding to the form's values.",
)
@click.option("--sex-column", metavar="COL", help="For sex-specific cut-offs (else unknown).")
@click.option("--out", "-o", type=click.Path(path_type=Path), help="Output file.")
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["csv", "parquet", "jsonl"]),
    help="Output format (default: from --out, else csv).",
)
@click.option("--errors", type=click.Path(path_type=Path), help="CSV of invalid cells.")
@click.option("--sample", is_flag=True, help="Score the bundled NHANES-style PHQ-9 sample.")
@click.option("--quiet", "-q", is_flag=True, help="No summary on stderr.")
def score(
    source: Path | None,
    instrument_id: str | None,
    mappings: tuple[str, ...],
    id_column: str | None,
    missing_codes: str | None,
    recode: tuple[str, ...],
    sex_column: str | None,
    out: Path | None,
    out_format: str | None,
    errors: Path | None,
    sample: bool,
    quiet: bool,
) -> None:
    from dualpath.batch import (
        AnswerCoding,
        ColumnError,
        InputError,
        ScoreRequest,
        output_format,
        parse_mapping,
        score_file,
    )

    if sample:
        if source is not None:
            raise CommandProblem("give either INPUT or --sample, not both")
        data = resources.files("dualpath.data.samples").joinpath("phq9_export.csv")
        source = Path(str(data))
        instrument_id = instrument_id or "phq9"
        mappings = mappings or SAMPLE_MAP
        missing_codes = missing_codes if missing_codes is not None else SAMPLE_MISSING
        id_column = id_column or SAMPLE_ID
    if source is None:
        raise CommandProblem("give an INPUT file (or --sample); see dualpath score --help")
    if instrument_id is None:
        from dualpath.engine import instrument_ids

        raise CommandProblem(
            f"give --instrument ID (one of {', '.join(instrument_ids())}); "
            "`dualpath instruments` lists them"
        )
    inst = _get(instrument_id)
    try:
        mapping = parse_mapping(mappings)
    except ColumnError as exc:
        raise CommandProblem(str(exc)) from None
    coding = AnswerCoding.build(_parse_codes(missing_codes), _parse_recode(recode, inst))
    try:
        kind = out_format or (output_format(out) if out is not None else "csv")
    except InputError as exc:
        raise CommandProblem(str(exc)) from None
    if out is not None and out.resolve() == source.resolve():
        raise CommandProblem("--out must not be the input file")
    if errors is not None and errors.resolve() in {source.resolve(), (out or source).resolve()}:
        raise CommandProblem("--errors must not be the input or the output file")
    # Check where the files go before scoring, so a typo does not cost a long run.
    for option, path in (("--out", out), ("--errors", errors)):
        if path is not None:
            _check_writable(option, path)
    request = ScoreRequest(source, inst, mapping, id_column, sex_column, coding)
    show_progress = not quiet and sys.stderr.isatty()
    try:
        with _progress(source, show_progress) as advance:
            target = out if out is not None else sys.stdout.buffer
            summary = score_file(
                request,
                target,
                kind,  # type: ignore[arg-type]
                errors=errors,
                progress=advance,
            )
    except InputError as exc:
        raise CommandProblem(str(exc)) from None
    if not quiet:
        _print_summary(summary, inst, source, errors)

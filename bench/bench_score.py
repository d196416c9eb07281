"""Benchmark: scoring a 1,000,000-row PHQ-9 export, end to end (read, validate, score, write).

Compares, in the same run and on the same file:
  * dualpath  - dualpath.batch.score_file (what `dualpath score` runs): validation of every
                cell, missing-data rule, bands, four flags with unknown kept as null, invalid
                rows reported;
  * per-row   - a straightforward per-row Python scorer with the csv module (validates each
                answer, sums, bands, one flag);
  * floor     - bare vectorised polars: the same sums and bands, no validation at all.
Ratios are what matter (machines differ); each timing is the best of --repeat runs.

Run: .venv/bin/python bench/bench_score.py [--rows 1000000] [--repeat 5] [--write]
--write saves the table to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from dualpath.batch import ScoreRequest, score_file
from dualpath.engine import get_instrument

ITEMS = [f"phq9_{i}" for i in range(1, 11)]
BANDS = ((4, "minimal"), (9, "mild"), (14, "moderate"), (19, "moderately_severe"), (27, "severe"))


def make_export(path: Path, rows: int, seed: int = 1) -> None:
    """PHQ-9 answers 0-3 with ~1% blank cells, item 10 included (not scored)."""
    rng = random.Random(seed)
    choices = ["0", "0", "0", "1", "1", "2", "3", ""] + ["0"] * 4
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["respondent_id", *ITEMS])
        for n in range(rows):
            row = [str(100000 + n)]
            for _ in ITEMS:
                row.append("" if rng.random() < 0.01 else rng.choice(choices[:7]))
            writer.writerow(row)


def per_row_python(source: Path, target: Path) -> None:
    """The straightforward way: csv module, one row at a time, validating every answer."""
    allowed = {"0": 0, "1": 1, "2": 2, "3": 3}
    with source.open(newline="") as fin, target.open("w", newline="") as fout:
        reader = csv.DictReader(fin)
        writer = csv.writer(fout, lineterminator="\n")
        writer.writerow(["respondent_id", "score", "band", "flag_suicide_risk"])
        for row in reader:
            values = []
            invalid = False
            for item in ITEMS[:9]:
                raw = row[item].strip()
                if raw == "":
                    values.append(None)
                elif raw in allowed:
                    values.append(allowed[raw])
                else:
                    invalid = True
            if invalid:
                writer.writerow([row["respondent_id"], "", "", ""])
                continue
            total = None if None in values else sum(v for v in values if v is not None)
            band = ""
            if total is not None:
                band = next(name for top, name in BANDS if total <= top)
            item9 = values[8]
            flag = "" if item9 is None else ("true" if item9 >= 1 else "false")
            writer.writerow([row["respondent_id"], "" if total is None else total, band, flag])


def polars_floor(source: Path, target: Path) -> None:
    """Bare vectorised polars: sum and band, no validation, no missing-data rule."""
    total = pl.sum_horizontal(ITEMS[:9])
    band = pl.when(total <= BANDS[0][0]).then(pl.lit(BANDS[0][1]))
    for top, name in BANDS[1:]:
        band = band.when(total <= top).then(pl.lit(name))
    pl.scan_csv(source).select(
        "respondent_id", total.alias("score"), band.otherwise(None).alias("band")
    ).sink_csv(target)


def dualpath_batch(source: Path, target: Path) -> None:
    request = ScoreRequest(source, get_instrument("phq9"))
    summary = score_file(request, target, "csv")
    assert summary.rows > 0


def best_of(fn: Callable[[Path, Path], None], source: Path, target: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(source, target)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--per-row-repeat", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "phq9.csv"
        make_export(source, args.rows)
        out = Path(tmp) / "out.csv"
        size_mb = source.stat().st_size / 1e6
        # warm the file cache and polars' thread pool once, then interleave rounds
        polars_floor(source, out)
        dualpath_batch(source, out)
        floor_times: list[float] = []
        batch_times: list[float] = []
        for _ in range(args.repeat):
            floor_times.append(best_of(polars_floor, source, out, 1))
            batch_times.append(best_of(dualpath_batch, source, out, 1))
        per_row = best_of(per_row_python, source, out, args.per_row_repeat)

    floor, batch = min(floor_times), min(batch_times)
    rows = [
        ("per-row Python (csv module)", per_row),
        ("dualpath batch (polars, validated)", batch),
        ("bare polars floor (no validation)", floor),
    ]
    lines = [
        f"PHQ-9, {args.rows:,} rows ({size_mb:.0f} MB CSV), read + validate + score + write; "
        f"best of {args.repeat} (per-row: best of {args.per_row_repeat}).",
        "",
        "| path | seconds | rows/s | vs dualpath |",
        "|---|---:|---:|---:|",
    ]
    for name, secs in rows:
        lines.append(f"| {name} | {secs:.2f} | {args.rows / secs:,.0f} | {secs / batch:.2f}x |")
    lines += [
        "",
        f"- dualpath is **{per_row / batch:.1f}x faster** than the per-row Python scorer "
        f"(target >= 5x).",
        f"- dualpath takes **{batch / floor:.2f}x** the time of the bare polars floor "
        f"(target <= 1.5x); median ratio over rounds "
        f"{statistics.median(b / f for b, f in zip(batch_times, floor_times, strict=True)):.2f}x.",
        f"- Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"polars {pl.__version__}, {platform.system()} {platform.machine()}.",
    ]
    table = "\n".join(lines)
    print(table)
    if args.write:
        results = Path(__file__).with_name("RESULTS.md")
        results.write_text(
            "# Batch scoring benchmark\n\n"
            "Produced by `.venv/bin/python bench/bench_score.py --write`.\n\n" + table + "\n",
            encoding="utf-8",
        )
        print(f"\nwrote {results}", file=sys.stderr)


if __name__ == "__main__":
    main()

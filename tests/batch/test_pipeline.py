"""score_file: one streaming pass whose counts, errors and output agree with each other."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from dualpath.batch import AnswerCoding, InputError, ScoreRequest, score_file
from dualpath.engine import get_instrument

ITEMS = [f"phq9_{i}" for i in range(1, 11)]


def write_export(path: Path, rows: int, cells: list[str], seed: int = 7) -> None:
    rng = random.Random(seed)
    lines = ["id," + ",".join(ITEMS)]
    for n in range(rows):
        lines.append(f"p{n}," + ",".join(rng.choice(cells) for _ in ITEMS))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_summary_counts_agree_with_the_scored_rows(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.parquet"
    write_export(source, 3000, ["0", "1", "2", "3"] * 20 + ["", "9", "x"])
    summary = score_file(
        ScoreRequest(source, get_instrument("phq9"), coding=AnswerCoding.build(("9",))),
        out,
        "parquet",
    )
    scored = pl.read_parquet(out)
    assert summary.rows == scored.height == 3000
    invalid = scored.filter(pl.col("answered").is_null()).height
    assert summary.invalid == invalid > 0
    assert summary.scored == scored["score"].is_not_null().sum()
    assert summary.unscorable == 3000 - invalid - summary.scored
    assert summary.bands == {
        band: count for band, count in scored["band"].drop_nulls().value_counts().iter_rows()
    }
    for flag, count in summary.flags.items():
        assert count == scored[f"flag_{flag}"].sum()


def test_text_cells_score_exactly_like_integer_cells(tmp_path: Path) -> None:
    plain, fancy = tmp_path / "plain.csv", tmp_path / "fancy.csv"
    write_export(plain, 500, ["0", "1", "2", "3", ""])
    # same answers as decimals, padded, labels, LOINC codes: forces the text path
    spelled = {"0": "0.0", "1": " 1 ", "2": "More than half the days", "3": "LA6571-9"}
    numeric = {"0": "0.0", "1": " 1 ", "2": "+2", "3": "3.00"}  # item 10 has other labels
    lines = plain.read_text().splitlines()
    rewritten = [lines[0]]
    for row in lines[1:]:
        first, *cells = row.split(",")
        cells = [spelled.get(c, c) for c in cells[:9]] + [numeric.get(cells[9], cells[9])]
        rewritten.append(",".join([first, *cells]))
    fancy.write_text("\n".join(rewritten) + "\n")
    inst = get_instrument("phq9")
    out_plain, out_fancy = tmp_path / "a.csv", tmp_path / "b.csv"
    score_file(ScoreRequest(plain, inst), out_plain)
    score_file(ScoreRequest(fancy, inst), out_fancy)
    assert out_plain.read_text() == out_fancy.read_text()


def test_errors_come_in_row_order_naming_column_and_value(tmp_path: Path) -> None:
    source, out, errors = tmp_path / "in.csv", tmp_path / "out.csv", tmp_path / "errors.csv"
    source.write_text(
        "id," + ",".join(ITEMS) + "\n"
        "a,0,0,0,0,0,0,0,0,0,0\n"
        "b,5,0,0,0,0,0,0,0,oops,0\n"
        "c,0,0,0,0,0,0,0,0,0,0\n"
        "d,0,0,0,-1,0,0,0,0,0,0\n"
    )
    summary = score_file(ScoreRequest(source, get_instrument("phq9")), out, errors=errors)
    listed = pl.read_csv(errors, infer_schema=False)
    assert listed.select("row", "column", "value").rows() == [
        ("2", "phq9_1", "5"),
        ("2", "phq9_9", "oops"),
        ("4", "phq9_4", "-1"),
    ]
    assert summary.invalid == 2 and summary.rows == 4
    assert pl.read_csv(out)["score"].to_list() == [0, None, 0, None]


def test_progress_is_told_the_rows_done(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    write_export(source, 200, ["0", "1"])
    seen: list[int] = []
    score_file(
        ScoreRequest(source, get_instrument("phq9")), tmp_path / "o.csv", progress=seen.append
    )
    assert seen and seen[-1] == 200


def test_bytes_that_are_not_utf8_are_replaced_not_refused(tmp_path: Path) -> None:
    # A Latin-1 export (an old survey tool): the fast path reads strict UTF-8, fails, and the
    # text path reads it with replacement characters; the answers score the same.
    source, out = tmp_path / "latin1.csv", tmp_path / "out.csv"
    source.write_bytes(
        ("id," + ",".join(ITEMS) + "\n").encode()
        + "José,1,1,1,1,1,1,1,1,0,0\n".encode("latin-1")
        + b"ok,3,3,3,3,3,3,3,3,1,0\n"
    )
    summary = score_file(ScoreRequest(source, get_instrument("phq9")), out)
    scored = pl.read_csv(out, infer_schema=False)
    assert scored["id"].to_list() == ["Jos\ufffd", "ok"]
    assert scored["score"].to_list() == ["8", "25"]
    assert summary.rows == 2 and summary.invalid == 0


def test_a_failed_run_keeps_the_old_output_and_leaves_no_staged_file(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    write_export(source, 50, ["0", "1"])
    out.write_text("an earlier result\n")
    request = ScoreRequest(source, get_instrument("phq9"), id_column="no_such_column")
    with pytest.raises(InputError, match="no_such_column"):
        score_file(request, out)
    assert out.read_text() == "an earlier result\n"
    score_file(ScoreRequest(source, get_instrument("phq9")), out)
    assert pl.read_csv(out).height == 50
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_column_names_that_look_like_regular_expressions_are_taken_literally(
    tmp_path: Path,
) -> None:
    # polars reads "^...$" in pl.col as a pattern; an export's names must never be one
    source = tmp_path / "odd.csv"
    source.write_text("^pid$,^q1$,q.*,(q3)|x,^sex$\nA,4,2,4,female\nB,1,1,1,male\n")
    request = ScoreRequest(
        source,
        get_instrument("auditc"),
        mapping={"1": "^q1$", "2": "q.*", "3": "(q3)|x"},
        id_column="^pid$",
        sex_column="^sex$",
    )
    for out, kind in ((tmp_path / "o.csv", "csv"), (tmp_path / "o.parquet", "parquet")):
        score_file(request, out, kind)  # type: ignore[arg-type]
        frame = pl.read_csv(out) if kind == "csv" else pl.read_parquet(out)
        assert frame.columns[0] == "^pid$"
        assert frame["^pid$"].to_list() == ["A", "B"]
        assert frame["score"].to_list() == [10, 3]

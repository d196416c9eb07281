"""``dualpath score``: real-looking exports, formats, errors file, exit codes and help."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner, Result

from dualpath.batch import AnswerCoding
from dualpath.cli.score import score
from dualpath.engine import get_instrument
from tests.batch.oracle import comparable, expected_row

NHANES = [f"DPQ0{i}0" for i in range(1, 10)]
NHANES_MAP = [arg for i, col in enumerate(NHANES, start=1) for arg in ("--map", f"{i}={col}")]

EXPORT = """SEQN,RIAGENDR,DPQ010,DPQ020,DPQ030,DPQ040,DPQ050,DPQ060,DPQ070,DPQ080,DPQ090
93703,2,0,0,0,1,0,0,1,0,0
93704,1,3,3,2,3,2,3,2,2,1
93705,2,1,1,7,1,0,0,1,0,0
93706,1,0,1,2,9,1,,0,0,0
93707,2,2,2,2,2,2,2,2,2,4
93708,1,,,,,,,,,
93709,2,1,2,1,2,1,2,1,2,2
"""


def run(args: list[str]) -> Result:
    return CliRunner().invoke(score, args, env={"COLUMNS": "300"})


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "dpq_j.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def engine_rows(path: Path, coding: AnswerCoding) -> list[dict[str, object] | None]:
    inst = get_instrument("phq9")
    expected = []
    for row in read_csv(path.read_text()):
        answers = {str(i): row[col] for i, col in enumerate(NHANES, start=1)}
        expected.append(expected_row(inst, answers, coding=coding))
    return expected


def as_typed(row: dict[str, str]) -> dict[str, object]:
    """A CSV output row as Python values (empty -> None) for comparison with the engine."""
    out: dict[str, object] = {}
    for key, value in row.items():
        if value == "":
            out[key] = None
        elif value in ("true", "false"):
            out[key] = value == "true"
        elif key in ("score", "answered"):
            out[key] = float(value)
        else:
            out[key] = value
    return out


def test_it_scores_an_nhanes_export_with_a_column_map_and_missing_codes(export: Path) -> None:
    result = run([str(export), "-i", "phq9", *NHANES_MAP, "--missing-codes", "7,9"])
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert [r["SEQN"] for r in rows] == [line.split(",")[0] for line in EXPORT.split()[1:]]
    expected = engine_rows(export, AnswerCoding.build(("7", "9")))
    for got, want in zip(rows, expected, strict=True):
        typed = as_typed(got)
        typed.pop("SEQN")
        if want is None:
            assert all(v is None for v in typed.values())
        else:
            assert comparable(typed) == comparable(want)
    assert rows[1]["score"] == "21" and rows[1]["band"] == "severe"
    assert rows[2]["score"] == ""  # item 3 refused (7): PHQ-9 gives no total
    assert rows[4]["score"] == ""  # 4 is not an allowed answer
    assert "7 rows" in result.stderr and "1 invalid" in result.stderr


def test_an_invalid_row_is_reported_and_does_not_stop_the_rest(
    export: Path, tmp_path: Path
) -> None:
    errors = tmp_path / "errors.csv"
    result = run(
        [str(export), "-i", "phq9", *NHANES_MAP, "--missing-codes", "7,9", "--errors", str(errors)]
    )
    assert result.exit_code == 0
    problems = read_csv(errors.read_text())
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [("5", "DPQ090", "4")]
    assert "0 = Not at all" in problems[0]["problem"]
    assert "row 5, column DPQ090: '4'" in result.stderr
    assert len(read_csv(result.stdout)) == 7


def test_without_missing_codes_a_refusal_code_is_an_invalid_answer(export: Path) -> None:
    result = run([str(export), "-i", "phq9", *NHANES_MAP])
    assert result.exit_code == 0
    assert "3 invalid" in result.stderr  # rows with 7, 9 and 4


def test_odd_column_names_are_matched_without_a_map(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    names = ["PHQ-9 Q1", "Item_02", "q3", "phq9_4", "item 5", "Q06", "7", "phq9_item8", "ITEM9"]
    path.write_text("Respondent ID," + ",".join(names) + "\nA-1," + ",".join("1" * 9) + "\n")
    result = run([str(path), "-i", "phq9"])
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert rows == [
        {
            "Respondent ID": "A-1",
            "score": "9",
            "band": "mild",
            "answered": "9",
            "prorated": "false",
            "flag_suicide_risk": "true",
            "flag_positive_screen": "false",
            "flag_anhedonia": "false",
            "flag_major_depressive_syndrome_suggested": "false",
        }
    ]


def test_labels_and_loinc_codes_are_accepted_as_answers(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text(
        "id,1,2,3,4,5,6,7,8,9\nx,Nearly every day,LA6571-9,nearly_every_day,3,3,3,3,3,Not at all\n"
    )
    rows = read_csv(run([str(path), "-i", "phq9"]).stdout)
    assert rows[0]["score"] == "24"
    assert rows[0]["flag_suicide_risk"] == "false"


def test_a_one_based_export_is_recoded_to_the_form_values(tmp_path: Path) -> None:
    path = tmp_path / "one_based.csv"
    path.write_text("id,q1,q2\nx,4,1\ny,2,2\n")
    result = run([str(path), "-i", "phq2", "--recode", "*:1=0,2=1,3=2,4=3"])
    assert result.exit_code == 0, result.output
    assert [r["score"] for r in read_csv(result.stdout)] == ["3", "2"]


def test_sex_specific_cut_offs_read_the_sex_column(tmp_path: Path) -> None:
    path = tmp_path / "auditc.csv"
    path.write_text("id,sex,1,2,3\nm,male,1,1,1\nf,F,1,1,1\nu,,1,1,1\n")
    result = run([str(path), "-i", "auditc", "--sex-column", "sex", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    inst = get_instrument("auditc")
    for row, sex in zip(rows, ["male", "F", None], strict=True):
        want = expected_row(inst, {"1": "1", "2": "1", "3": "1"}, sex=sex)
        assert want is not None
        assert comparable({k: v for k, v in row.items() if k != "id"}) == comparable(want)
    assert rows[0]["band"] != rows[1]["band"]  # 3 points: positive for women only


def test_parquet_in_and_parquet_out(export: Path, tmp_path: Path) -> None:
    source = tmp_path / "dpq.parquet"
    pl.read_csv(export).write_parquet(source)  # integer columns, as typed exports are
    out = tmp_path / "scored.parquet"
    result = run([str(source), "-i", "phq9", *NHANES_MAP, "--missing-codes", "7,9", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    scored = pl.read_parquet(out)
    from_csv = pl.read_csv(
        io.StringIO(run([str(export), "-i", "phq9", *NHANES_MAP, "--missing-codes", "7,9"]).stdout)
    )
    assert scored["score"].to_list() == from_csv["score"].to_list()
    assert scored["band"].to_list() == from_csv["band"].to_list()
    assert scored.schema["flag_suicide_risk"] == pl.Boolean


def test_json_lines_out_keeps_unknown_flags_as_null(export: Path, tmp_path: Path) -> None:
    out = tmp_path / "scored.jsonl"
    result = run([str(export), "-i", "phq9", *NHANES_MAP, "--missing-codes", "7,9", "-o", str(out)])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    empty = rows[5]  # nothing answered
    assert empty["score"] is None and empty["answered"] == 0
    assert empty["flag_suicide_risk"] is None  # unknown, never "false"


def test_the_bundled_sample_scores_without_options() -> None:
    result = run(["--sample"])
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert len(rows) == 200
    assert set(rows[0]) >= {"respondent_id", "score", "band", "flag_suicide_risk"}
    assert "200 rows" in result.stderr
    assert "scoring rows" not in result.stderr  # no progress bar when stderr is not a terminal


def test_quiet_prints_no_summary(export: Path) -> None:
    result = run([str(export), "-i", "phq9", *NHANES_MAP, "-q"])
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-i", "phq10"], "unknown instrument 'phq10'"),
        ([], "give --instrument"),
        (["-i", "phq9"], "no column for PHQ-9 item(s) 1, 2, 3, 4, 5, 6, 7, 8, 9"),
        (["-i", "phq9", "--map", "1:DPQ010"], "expected ITEM=COLUMN"),
        (["-i", "phq9", "--map", "11=DPQ010"], "has no item '11'"),
        (["-i", "phq9", "--map", "1=DPQ999"], "no column 'DPQ999'"),
        (["-i", "phq9", *NHANES_MAP, "--recode", "1=0"], "expected ITEM:FROM=TO"),
        (["-i", "phq9", *NHANES_MAP, "--id-column", "nope"], "--id-column nope: no such column"),
        (["-i", "phq9", *NHANES_MAP, "-o", "out.xlsx"], "cannot tell the output format"),
    ],
)
def test_bad_input_exits_with_status_2_and_a_clear_message(
    export: Path, args: list[str], message: str
) -> None:
    result = run([str(export), *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_an_unreadable_file_exits_with_status_2(tmp_path: Path) -> None:
    missing = run([str(tmp_path / "nope.csv"), "-i", "phq9"])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet at all")
    result = run([str(broken), "-i", "phq9"])
    assert result.exit_code == 2 and "cannot read it as parquet" in result.stderr
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert run([str(empty), "-i", "phq9"]).exit_code == 2


def test_files_that_are_not_csv_text_are_refused_with_the_way_out(tmp_path: Path) -> None:
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes("id,1\nx,1\n".encode("utf-16"))
    spreadsheet = tmp_path / "book.csv"
    spreadsheet.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8)
    for path in (utf16, spreadsheet):
        result = run([str(path), "-i", "phq9"])
        assert result.exit_code == 2
        assert "not CSV text" in result.stderr and "CSV UTF-8" in result.stderr
    folder = run([str(tmp_path), "-i", "phq9"])
    assert folder.exit_code == 2 and "is a folder" in folder.stderr


def test_a_file_with_thousands_of_odd_columns_gets_a_short_message(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"col\t{n}" + "x" * 60 for n in range(3000)) + "\n")
    result = run([str(wide), "-i", "phq9"])
    assert result.exit_code == 2
    assert "and 2975 more" in result.stderr and "col\\t0" in result.stderr
    assert len(result.stderr) < 3000


@pytest.mark.parametrize("option", ["--out", "--errors"])
def test_where_the_files_go_is_checked_before_scoring(
    export: Path, tmp_path: Path, option: str
) -> None:
    nowhere = tmp_path / "no" / "such" / "folder" / "file.csv"
    result = run([str(export), "-i", "phq9", *NHANES_MAP, option, str(nowhere)])
    assert result.exit_code == 2
    assert f"{option} {nowhere}: the folder {nowhere.parent} does not exist" in result.stderr
    assert "Traceback" not in result.output and ".dualpath-" not in result.stderr
    folder = run([str(export), "-i", "phq9", *NHANES_MAP, option, str(tmp_path)])
    assert folder.exit_code == 2
    same = run([str(export), "-i", "phq9", *NHANES_MAP, "--errors", str(export)])
    assert same.exit_code == 2 and "--errors must not be the input" in same.stderr
    assert export.read_text() == EXPORT


def test_help_explains_columns_missing_codes_recoding_and_output() -> None:
    result = run(["--help"])
    assert result.exit_code == 0
    for words in ("--map ITEM=COLUMN", "--missing-codes", "--recode", "phq9_1", "--sample"):
        assert words in result.stdout
    assert "flag_<id>" in result.stdout

"""Ready-made CSV cells print exactly the bytes polars' own CSV writer prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualpath.batch import (
    AnswerCoding,
    CompiledInstrument,
    ScoreRequest,
    output_columns,
    score_file,
)
from dualpath.batch.csv_cells import (
    TABLE_LIMIT,
    CellDomain,
    csv_header_field,
    ready_made_cells,
)
from dualpath.engine import Instrument, get_instrument, instrument_ids
from dualpath.engine.registry import parse_instrument

from .test_engine_equality import MISSING_CODES, PRORATED, SYNTHETIC, rows

# ids that need quoting, or look like they might
IDS = st.one_of(
    st.none(),
    st.sampled_from(["", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "tab\there", " pad ", "é"]),
    st.text(max_size=6),
)
ID = "id, as exported"  # a header that needs quoting too


def plain_and_ready(
    inst: Instrument, data: list[dict[str, Any]], ids: list[str | None], separator: str
) -> tuple[str, str]:
    schema = {item.id: pl.String for item in inst.items} | {"__sex": pl.String}
    frame = pl.DataFrame(data, schema=schema).with_columns(pl.Series(ID, ids, dtype=pl.String))
    compiled = CompiledInstrument(inst, AnswerCoding.build(MISSING_CODES))
    scored = compiled.apply(frame.lazy(), {i.id: i.id for i in inst.items}, sex_column="__sex")
    columns = [ID, *output_columns(inst)]
    plain = scored.select(columns).collect().write_csv(separator=separator)
    ready = ready_made_cells(scored, columns, compiled.cell_domains(), separator)
    return plain, ready.collect().write_csv(separator=separator, quote_style="never")


def check_same_bytes(inst: Instrument) -> None:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=rows(inst), ids=st.lists(IDS, min_size=25, max_size=25), tab=st.booleans())
    def run(data: list[dict[str, Any]], ids: list[str | None], tab: bool) -> None:
        plain, ready = plain_and_ready(inst, data, ids[: len(data)], "\t" if tab else ",")
        assert ready == plain

    run()


@pytest.mark.parametrize("instrument_id", instrument_ids())
def test_every_shipped_instrument_prints_the_same_bytes(instrument_id: str) -> None:
    check_same_bytes(get_instrument(instrument_id))


@pytest.mark.parametrize("definition", [SYNTHETIC, PRORATED], ids=["synthetic", "prorated"])
def test_fractional_points_sex_bands_and_proration_print_the_same_bytes(definition: str) -> None:
    check_same_bytes(parse_instrument(definition))


@pytest.mark.parametrize("instrument_id", instrument_ids())
def test_the_lowest_and_highest_totals_are_in_the_tables(instrument_id: str) -> None:
    # every item at its lowest, then at its highest scoring option: the ends of each range
    inst = get_instrument(instrument_id)
    data = []
    for pick in (min, max):
        row: dict[str, Any] = {"__sex": None}
        for item in inst.items:
            options = inst.options_for(item)
            row[item.id] = str(pick(options, key=lambda o: o.score).value)
        data.append(row)
    plain, ready = plain_and_ready(inst, data, ["low", "high"], ",")
    assert ready == plain


def test_a_value_outside_its_declared_range_fails_instead_of_printing_a_blank() -> None:
    frame = pl.LazyFrame({"n": [1, 2, 9]})
    domain = CellDomain.integer("n", 0, 3)
    assert domain is not None
    with pytest.raises(pl.exceptions.PolarsError):
        ready_made_cells(frame, ["n"], {"n": domain}, ",").collect()


def test_runs_stay_within_the_table_limit_and_wide_ranges_pass_through() -> None:
    frame = pl.LazyFrame(
        {
            "id": ["x", None],
            "wide": [5000, None],
            "a": [True, None],
            "b": [False, True],
            "f": [1.5, None],
            "n": [3, 0],
        }
    )
    assert CellDomain.integer("wide", 0, TABLE_LIMIT) is None  # too wide: written as it is
    small = CellDomain.integer("n", 0, TABLE_LIMIT - 2)  # alone fills a table
    assert small is not None
    domains = {"a": CellDomain.boolean("a"), "b": CellDomain.boolean("b"), "n": small}
    columns = ["id", "wide", "f", "a", "b", "n"]
    ready = ready_made_cells(frame, columns, domains, ",")
    # a and b share a table of 9; with n it would exceed the limit, so n starts its own
    assert ready.collect_schema().names() == ["id", "wide", "f", "a,b", "n"]
    written = ready.collect().write_csv(quote_style="never")
    assert written == frame.select(columns).collect().write_csv()


def test_header_fields_are_quoted_like_polars() -> None:
    assert csv_header_field("score", ",") == "score"
    assert csv_header_field("a,b", ",") == '"a,b"'
    assert csv_header_field("a,b", "\t") == "a,b"
    assert csv_header_field('say "x"', ",") == '"say ""x"""'
    assert csv_header_field("", ",") == '""'


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_score_file_csv_equals_its_parquet_written_by_polars(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "in.csv"
    items = [f"phq9_{i}" for i in range(1, 11)]
    source.write_text(
        "respondent," + ",".join(items) + "\n"
        '"a,1",0,1,2,3,0,1,2,3,1,0\n'
        '"",3,3,3,3,3,3,3,3,3,3\n'
        ",0,0,0,0,0,0,0,0,,\n"
        '"q""x",5,0,0,0,0,0,0,0,0,0\n'
    )
    inst = get_instrument("phq9")
    text, parquet = tmp_path / f"out{suffix}", tmp_path / "out.parquet"
    score_file(ScoreRequest(source, inst), text)
    score_file(ScoreRequest(source, inst), parquet, "parquet")
    separator = "\t" if suffix == ".tsv" else ","
    assert text.read_text() == pl.read_parquet(parquet).write_csv(separator=separator)


@pytest.mark.parametrize(
    "ids",
    [
        pl.Series("pid", [7, None, -3], dtype=pl.Int64),
        pl.Series("pid", ["a,b", None, ""], dtype=pl.Categorical),
        pl.Series("pid", [1.5, None, 2.0], dtype=pl.Float64),
    ],
    ids=["integer", "categorical", "float"],
)
def test_typed_id_columns_from_parquet_print_the_same_bytes(tmp_path: Path, ids: pl.Series) -> None:
    source = tmp_path / "in.parquet"
    answers = {f"phq9_{i}": [1, None, 3] for i in range(1, 11)}
    pl.DataFrame([ids]).with_columns(**{k: pl.Series(v) for k, v in answers.items()}).write_parquet(
        source
    )
    inst = get_instrument("phq9")
    request = ScoreRequest(source, inst, id_column="pid")
    text, parquet = tmp_path / "out.csv", tmp_path / "out.parquet"
    score_file(request, text)
    score_file(request, parquet, "parquet")
    assert text.read_text() == pl.read_parquet(parquet).write_csv()

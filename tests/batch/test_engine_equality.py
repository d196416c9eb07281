"""For random rows the batch path equals dualpath.engine.score(..., partial=True), row by row."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualpath.batch import AnswerCoding, CompiledInstrument, output_columns
from dualpath.engine import Instrument, get_instrument, instrument_ids
from dualpath.engine.registry import parse_instrument

from .oracle import comparable, expected_row

MISSING_CODES = ("7", "9", "99")
SEXES = ("male", "female", "M", " f ", "woman", "other", "", None)


def spellings(inst: Instrument, item_id: str) -> list[str]:
    """Ways an export may write each option: value, label, id, LOINC code, aliases."""
    out: list[str] = []
    for option in inst.options_for(inst.item(item_id)):
        out += [str(option.value), option.label, option.label.upper(), f" {option.id} "]
        if isinstance(option.value, (int, float)):
            out.append(f"{float(option.value)}")
        if option.code:
            out.append(option.code)
        out += list(option.aliases)
    return out


def cell(inst: Instrument, item_id: str) -> st.SearchStrategy[str | None]:
    return st.one_of(
        st.sampled_from(spellings(inst, item_id)),
        st.sampled_from(spellings(inst, item_id)),
        st.sampled_from([None, "", "  "]),
        st.sampled_from(["yes", "no", "TRUE", "f", "1", "0", "-1", "4", "2.5", "nan", "inf"]),
        st.sampled_from(MISSING_CODES),
        st.text(max_size=4),
    )


def rows(inst: Instrument) -> st.SearchStrategy[list[dict[str, Any]]]:
    row = st.fixed_dictionaries(
        {item.id: cell(inst, item.id) for item in inst.items} | {"__sex": st.sampled_from(SEXES)}
    )
    return st.lists(row, min_size=1, max_size=25)


def batch_rows(
    inst: Instrument, data: list[dict[str, Any]], coding: AnswerCoding
) -> list[dict[str, Any]]:
    schema = {item.id: pl.String for item in inst.items} | {"__sex": pl.String}
    frame = pl.DataFrame(data, schema=schema).lazy()
    compiled = CompiledInstrument(inst, coding)
    out = compiled.apply(frame, {i.id: i.id for i in inst.items}, sex_column="__sex")
    return out.select(output_columns(inst)).collect().to_dicts()


def check(inst: Instrument, data: list[dict[str, Any]], coding: AnswerCoding) -> None:
    got = batch_rows(inst, data, coding)
    for number, (raw, actual) in enumerate(zip(data, got, strict=True), start=1):
        answers = {k: v for k, v in raw.items() if k != "__sex"}
        expected = expected_row(inst, answers, sex=raw["__sex"], coding=coding)
        if expected is None:
            assert all(v is None for v in actual.values()), (number, raw, actual)
        else:
            assert comparable(actual) == comparable(expected), (number, raw)


def check_integers(inst: Instrument, data: list[dict[str, Any]], coding: AnswerCoding) -> None:
    """The same comparison for integer-typed columns (Parquet, or CSV read as integers)."""
    frame = pl.DataFrame(data, schema={item.id: pl.Int64 for item in inst.items}).lazy()
    out = CompiledInstrument(inst, coding).apply(frame, {i.id: i.id for i in inst.items})
    got = out.select(output_columns(inst)).collect().to_dicts()
    for raw, actual in zip(data, got, strict=True):
        expected = expected_row(inst, raw, coding=coding)
        if expected is None:
            assert all(v is None for v in actual.values()), (raw, actual)
        else:
            assert comparable(actual) == comparable(expected), raw


@pytest.mark.parametrize("instrument_id", instrument_ids())
def test_batch_scores_equal_the_engine_for_every_shipped_instrument(instrument_id: str) -> None:
    inst = get_instrument(instrument_id)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=rows(inst), codes=st.sets(st.sampled_from(MISSING_CODES)))
    def run(data: list[dict[str, Any]], codes: set[str]) -> None:
        check(inst, data, AnswerCoding.build(tuple(codes)))

    run()


SYNTHETIC = """
id: synthetic
name: Synthetic test instrument
short_name: SYN
version: "1"
purpose: exercises every schema feature at once
administration: self
timeframe: now
citation: none
licence: {holder: nobody, statement: test only, reproduce_text: true, commercial_use: allowed}
ages: {}
option_sets:
  agree:
    - {id: agree, label: Agree, value: 1, points: 0}
    - {id: neutral, label: Neither, value: 2, points: 0.5}
    - {id: disagree, label: Disagree, value: 3, points: 1}
  yesno:
    - {id: "yes", label: "Yes", value: 1}
    - {id: "no", label: "No", value: 0}
  reverse:
    - {id: low, label: Low, value: 0, points: 3}
    - {id: mid, label: Mid, value: 1, points: 2}
    - {id: high, label: High, value: 3, points: 0, aliases: [top]}
items:
  - {id: a, topic: a, options: agree}
  - {id: b, topic: b, options: reverse}
  - {id: c, topic: c, options: yesno}
  - {id: d, topic: d, options: reverse, enable_when: {item: c, in: ["yes"]}}
  - id: e
    topic: e
    options: agree
    enable_when: {any: [{item: d, min: 2}, {not: {item: a, max: 0}}]}
  - {id: f, topic: f, options: reverse, required: false, scored: false}
scoring:
  method: sum
  items: [a, b, c, d, e]
  rule: sum
  source: none
missing: {rule: prorate, max_missing: 2, never_impute: [c], source: test}
subscales:
  - id: first
    label: First
    items: [a, b]
    range: [0, 4]
    bands:
      - {id: lowish, label: Low, max: 1.5}
      - {id: highish, label: High, min: 2}
bands:
  - id: flagged
    label: Flagged
    when:
      all:
        - {item: c, in: ["yes"]}
        - {count: [a, b, d, e], match: [disagree, high], at_least: 2}
  - {id: none, label: None, min: 0, max: 0}
  - {id: some, label: Some, min: 0.5, max: 3}
  - {id: many, label: Many, min: 3.5}
flags:
  - id: by_sex
    label: s
    severity: warning
    when: {total: true, min_by_sex: {male: 4, female: 3, unknown: 2}}
    message: m
  - {id: sub, label: s, severity: info, when: {subscale: first, min: 2}, message: m}
  - id: counted
    label: c
    severity: urgent
    when: {count: [a, b, d, e, f], min_points: 1, at_least: 3}
    message: m
  - {id: empty_any, label: c, severity: info, when: {any: []}, message: m}
  - {id: answered, label: c, severity: info, when: {not: {item: f}}, message: m}
"""


def test_batch_scores_equal_the_engine_on_a_definition_using_every_feature() -> None:
    inst = parse_instrument(SYNTHETIC)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=rows(inst), codes=st.sets(st.sampled_from(MISSING_CODES)))
    def run(data: list[dict[str, Any]], codes: set[str]) -> None:
        check(inst, data, AnswerCoding.build(tuple(codes)))

    run()


def test_batch_scores_equal_the_engine_after_recoding_a_one_based_export() -> None:
    inst = get_instrument("phq9")
    coding = AnswerCoding.build(("9",), {"*": {"1": "0", "2": "1", "3": "2", "4": "3"}})

    @settings(max_examples=60, deadline=None)
    @given(
        data=st.lists(
            st.fixed_dictionaries(
                {
                    item.id: st.sampled_from(["1", "2", "3", "4", "5", "9", "0", None])
                    for item in inst.items
                }
                | {"__sex": st.none()}
            ),
            min_size=1,
            max_size=20,
        )
    )
    def run(data: list[dict[str, Any]]) -> None:
        check(inst, data, coding)

    run()


def test_typed_integer_columns_score_like_their_text() -> None:
    inst = get_instrument("phq9")
    data = {item.id: [0, 3, None, 2, 7] for item in inst.items}
    frame = pl.DataFrame(data, schema={i.id: pl.Int64 for i in inst.items}).lazy()
    out = CompiledInstrument(inst, AnswerCoding.build((7,))).apply(
        frame, {i.id: i.id for i in inst.items}
    )
    got = out.select(output_columns(inst)).collect().to_dicts()
    for index, actual in enumerate(got):
        answers = {item_id: values[index] for item_id, values in data.items()}
        expected = expected_row(inst, answers, coding=AnswerCoding.build((7,)))
        assert expected is not None
        assert comparable(actual) == comparable(expected)


PRORATED = """
id: prorated
name: Prorated sum
short_name: PRO
version: "1"
purpose: proration and rounding
administration: self
timeframe: now
citation: none
licence: {holder: nobody, statement: test only, reproduce_text: true, commercial_use: allowed}
ages: {}
option_sets:
  four:
    - {id: a, label: A, value: 0}
    - {id: b, label: B, value: 1}
    - {id: c, label: C, value: 2}
    - {id: d, label: D, value: 3}
items:
  - {id: "1", topic: one, options: four}
  - {id: "2", topic: two, options: four}
  - {id: "3", topic: three, options: four}
  - {id: "4", topic: four, options: four}
  - {id: "5", topic: five, options: four}
scoring: {method: sum, items: ["1", "2", "3", "4", "5"], rule: sum, source: none}
missing: {rule: prorate, max_missing: 1, never_impute: ["5"], source: test}
"""


@pytest.mark.parametrize(
    "answers",
    [
        ["1", "1", "0", "0", None],  # 5 is never imputed: no total
        ["1", "1", "0", None, "0"],  # 2 / 4 x 5 = 2.5 -> 3 (half up, as the engine rounds)
        ["3", "3", "3", None, "1"],  # 10 / 4 x 5 = 12.5 -> 13
        ["2", "0", "1", None, None],  # two missing: more than the rule allows
        ["0", "0", "0", "0", "0"],
    ],
)
def test_proration_and_its_rounding_match_the_engine(answers: list[str | None]) -> None:
    inst = parse_instrument(PRORATED)
    row: dict[str, Any] = {str(i): v for i, v in enumerate(answers, start=1)} | {"__sex": None}
    check(inst, [row], AnswerCoding())


@pytest.mark.parametrize("instrument_id", instrument_ids())
def test_integer_columns_score_like_the_engine_for_every_shipped_instrument(
    instrument_id: str,
) -> None:
    """Typed exports (Parquet, or CSV read as integers) take a pure-polars lookup path."""
    inst = get_instrument(instrument_id)
    cells = st.one_of(st.none(), st.integers(-2, 12), st.sampled_from([77, 99, 40000]))

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        data=st.lists(
            st.fixed_dictionaries({item.id: cells for item in inst.items}), min_size=1, max_size=25
        ),
        codes=st.sets(st.sampled_from(["7", "9", "99"])),
    )
    def run(data: list[dict[str, Any]], codes: set[str]) -> None:
        check_integers(inst, data, AnswerCoding.build(tuple(codes)))

    run()


FRACTIONAL_CUT_OFFS = """
id: fractional
name: Integer points, fractional cut-offs
short_name: FRC
version: "1"
purpose: integer totals compared with thresholds between two integers
administration: self
timeframe: now
citation: none
licence: {holder: nobody, statement: test only, reproduce_text: true, commercial_use: allowed}
ages: {}
option_sets:
  four:
    - {id: zero, label: Zero, value: 0}
    - {id: one, label: One, value: 1}
    - {id: two, label: Two, value: 2}
    - {id: three, label: Three, value: 3}
items:
  - {id: "1", topic: a, options: four}
  - {id: "2", topic: b, options: four}
  - {id: "3", topic: c, options: four}
scoring: {method: sum, items: ["1", "2", "3"], rule: sum, source: none}
missing: {rule: refuse, source: test}
subscales:
  - id: pair
    label: Pair
    items: ["1", "2"]
    range: [0, 6]
    bands:
      - {id: under, label: Under, max: 2.5}
      - {id: over, label: Over, min: 2.5}
bands:
  - {id: low, label: Low, min: 0, max: 2.5}
  - {id: mid, label: Mid, min: 2.5, max: 5.5}
  - {id: high, label: High, min: 5.5, max: 9}
flags:
  - {id: half, label: h, severity: warning, when: {total: true, min: 4.5}, message: m}
  - id: by_sex
    label: s
    severity: warning
    when: {total: true, min_by_sex: {male: 3.5, female: 2.5, unknown: 1.5}}
    message: m
  - {id: below, label: b, severity: info, when: {total: true, max: 3.5}, message: m}
"""


def test_fractional_cut_offs_on_integer_totals_match_the_engine_for_text_and_integer_cells() -> (
    None
):
    """Integer totals are compared as integers in the batch path; a threshold such as 4.5
    must still split 4 from 5 exactly as the engine does."""
    inst = parse_instrument(FRACTIONAL_CUT_OFFS)
    every_row = [
        {"1": a, "2": b, "3": c, "__sex": sex}
        for a in (None, "0", "1", "2", "3")
        for b in ("0", "2", "3")
        for c in ("0", "1", "3")
        for sex in ("male", "female", None)
    ]
    check(inst, every_row, AnswerCoding())
    integers = [
        {k: None if v is None else int(v) for k, v in r.items() if k != "__sex"} for r in every_row
    ]
    check_integers(inst, integers, AnswerCoding())

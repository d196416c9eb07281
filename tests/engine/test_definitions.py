"""Every shipped definition loads, is internally consistent and respects its licence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources

import pytest

from dualpath.engine import (
    DefinitionError,
    Instrument,
    get_instrument,
    instrument_ids,
    list_instruments,
)
from dualpath.engine.definitions import (
    AllCondition,
    AnyCondition,
    Condition,
    CountCondition,
    ItemCondition,
    NotCondition,
    TotalCondition,
)
from dualpath.engine.registry import parse_instrument
from dualpath.engine.scoring import answer_key

EXPECTED = {
    "phq9", "phq2", "gad7", "asq", "dast10", "audit", "auditc", "cuditr",
    "taps", "cageaid", "shaps", "ciwaar", "cows", "bam", "cssrs",
}  # fmt: skip
LOINC = re.compile(r"^\d{1,7}-\d$")
ANSWER_CODE = re.compile(r"^LA\d{1,6}-\d$")
INSTRUMENTS = [pytest.param(i, id=i.id) for i in list_instruments()]


def get_instrument_text(inst_id: str) -> str:
    return resources.files("dualpath.engine.instruments").joinpath(f"{inst_id}.yaml").read_text()


def _conditions(inst: Instrument) -> Iterator[tuple[str, Condition]]:
    for item in inst.items:
        if item.enable_when is not None:
            yield f"item {item.id} enable_when", item.enable_when
    for band in inst.bands:
        if band.when is not None:
            yield f"band {band.id}", band.when
    for sub in inst.subscales:
        for band in sub.bands:
            if band.when is not None:
                yield f"subscale {sub.id} band {band.id}", band.when
    for flag in inst.flags:
        yield f"flag {flag.id}", flag.when


def _leaves(cond: Condition) -> Iterator[Condition]:
    if isinstance(cond, AnyCondition):
        for child in cond.any:
            yield from _leaves(child)
    elif isinstance(cond, AllCondition):
        for child in cond.all:
            yield from _leaves(child)
    elif isinstance(cond, NotCondition):
        yield from _leaves(cond.not_)
    else:
        yield cond


def test_every_instrument_of_the_library_is_shipped() -> None:
    assert set(instrument_ids()) == EXPECTED


@pytest.mark.parametrize(
    ("name", "inst_id"),
    [("PHQ-9", "phq9"), ("C-SSRS", "cssrs"), ("CIWA-Ar", "ciwaar"), ("AUDIT_C", "auditc")],
)
def test_instruments_are_found_by_their_usual_names(name: str, inst_id: str) -> None:
    assert get_instrument(name).id == inst_id


@pytest.mark.parametrize("inst", INSTRUMENTS)
def test_every_condition_names_existing_items_options_and_subscales(inst: Instrument) -> None:
    subscales = {s.id for s in inst.subscales}
    for where, cond in _conditions(inst):
        for leaf in _leaves(cond):
            if isinstance(leaf, ItemCondition):
                item = inst.item(leaf.item)  # KeyError names an unknown item
                option_ids = {o.id for o in inst.options_for(item)}
                assert set(leaf.in_ or ()) <= option_ids, f"{where}: unknown option in {leaf.in_}"
            elif isinstance(leaf, CountCondition):
                for item_id in leaf.count:
                    option_ids = {o.id for o in inst.options_for(inst.item(item_id))}
                    assert set(leaf.match or ()) <= option_ids, f"{where}: unknown option"
            elif isinstance(leaf, TotalCondition):
                if leaf.subscale is not None:
                    assert leaf.subscale in subscales, f"{where}: unknown subscale {leaf.subscale}"
                else:
                    assert inst.scoring.method == "sum", f"{where}: {inst.id} has no total"
                if leaf.min_by_sex is not None:
                    by_sex = leaf.min_by_sex
                    assert set(by_sex) == {"male", "female", "unknown"}
                    assert by_sex["unknown"] == min(by_sex["male"], by_sex["female"])


@pytest.mark.parametrize("inst", INSTRUMENTS)
def test_an_item_is_only_enabled_by_items_asked_before_it(inst: Instrument) -> None:
    order = [item.id for item in inst.items]
    for item in inst.items:
        if item.enable_when is None:
            continue
        for leaf in _leaves(item.enable_when):
            assert isinstance(leaf, ItemCondition)
            assert order.index(leaf.item) < order.index(item.id)


@pytest.mark.parametrize("inst", INSTRUMENTS)
def test_items_whose_wording_may_not_be_reproduced_ship_no_text(inst: Instrument) -> None:
    if inst.licence.reproduce_text:
        assert all(item.text for item in inst.items), "reproducible wording should be shipped"
        return
    for item in inst.items:
        assert item.text is None and not item.text_variants, f"item {item.id} ships wording"
        assert item.topic


@pytest.mark.parametrize("inst", INSTRUMENTS)
def test_each_answer_key_names_one_option_only(inst: Instrument) -> None:
    # Values, ids, labels, aliases and codes are all accepted as answers; none may be ambiguous.
    for item in inst.items:
        seen: dict[str, str] = {}
        for option in inst.options_for(item):
            keys = {answer_key(option.value), option.id.lower(), option.label.strip().lower()}
            keys |= {a.lower() for a in option.aliases} | {(option.code or "").lower()}
            for key in keys - {None, ""}:
                assert key is not None
                assert seen.setdefault(key, option.id) == option.id, f"item {item.id}: {key!r}"


@pytest.mark.parametrize("inst", INSTRUMENTS)
def test_scoring_and_subscale_ranges_match_the_options(inst: Instrument) -> None:
    def span(item_ids: tuple[str, ...]) -> tuple[float, float]:
        options = [inst.options_for(inst.item(i)) for i in item_ids]
        return (
            sum(min(o.score for o in opts) for opts in options),
            sum(max(o.score for o in opts) for opts in options),
        )

    if inst.scoring.method == "sum":
        assert inst.scoring.range == span(inst.scoring.items)
    for sub in inst.subscales:
        assert sub.range == span(sub.items), sub.id


@pytest.mark.parametrize("inst", INSTRUMENTS)
def test_total_bands_cover_the_range_without_gaps_or_overlaps(inst: Instrument) -> None:
    bands = [b for b in inst.bands if b.when is None]
    if not bands:
        return
    low, high = inst.scoring.range or (0.0, 0.0)
    if inst.id == "auditc":  # one conditional band (positive) above a catch-all
        assert len(bands) == 1 and (bands[0].min, bands[0].max) == (low, high)
        return
    expected = low
    for band in bands:
        assert band.min == expected, f"{band.id} starts at {band.min}, expected {expected}"
        assert band.max is not None and band.max >= band.min
        expected = band.max + 1
    assert expected - 1 == high


@pytest.mark.parametrize("inst", INSTRUMENTS)
def test_each_definition_cites_its_source_licence_and_missing_rule(inst: Instrument) -> None:
    assert inst.citation and inst.scoring.source and inst.scoring.rule
    assert inst.licence.holder and inst.licence.statement
    assert inst.missing.source
    if inst.missing.rule == "refuse":
        assert inst.missing.max_missing == 0


@pytest.mark.parametrize("inst", INSTRUMENTS)
def test_loinc_codes_are_well_formed_and_unverified_ones_are_not_used(inst: Instrument) -> None:
    used = {inst.loinc.panel, inst.loinc.total} | {i.loinc for i in inst.items}
    used |= {code for i in inst.items for code in i.loinc_variants.values()}
    used |= {s.loinc for s in inst.subscales}
    used.discard(None)
    assert all(LOINC.match(code or "") for code in used), used
    answer_codes = {o.code for i in inst.items for o in inst.options_for(i) if o.code}
    assert all(ANSWER_CODE.match(code) for code in answer_codes), answer_codes
    unverified = " ".join(inst.loinc.unverified)
    assert not {code for code in used if code and code in unverified}


def test_clinical_md_unverified_codes_are_listed_not_used() -> None:
    listed = {
        "phq2": "55757-9",
        "audit": "72110-0",
        "dast10": "82667-7",
        "gad7": "69726-8",
    }
    for inst_id, code in listed.items():
        inst = get_instrument(inst_id)
        assert any(code in text for text in inst.loinc.unverified), inst_id
        assert code not in {inst.loinc.panel, inst.loinc.total}


def test_a_definition_with_an_unknown_key_is_refused() -> None:
    text = get_instrument_text("phq2").replace("purpose:", "porpose:")
    with pytest.raises(DefinitionError, match="porpose"):
        parse_instrument(text, "phq2.yaml")


def test_a_definition_naming_an_unknown_option_set_is_refused() -> None:
    text = get_instrument_text("phq2").replace("options: frequency", "options: frequenzy", 1)
    with pytest.raises(DefinitionError, match="frequenzy"):
        parse_instrument(text, "phq2.yaml")


def test_a_flag_naming_an_item_that_does_not_exist_is_refused_at_load() -> None:
    text = get_instrument_text("phq9").replace(
        'when: {item: "9", min: 1}', 'when: {item: "19", min: 1}'
    )
    with pytest.raises(DefinitionError, match="flag suicide_risk: unknown item '19'"):
        parse_instrument(text, "phq9.yaml")


def test_a_condition_naming_an_option_the_item_lacks_is_refused_at_load() -> None:
    text = get_instrument_text("asq").replace(
        '{item: "5", in: ["yes", declined]}', '{item: "5", in: ["si"]}', 1
    )
    with pytest.raises(DefinitionError, match="has no option"):
        parse_instrument(text, "asq.yaml")


def test_sex_specific_cut_offs_must_give_all_three_thresholds() -> None:
    original = get_instrument_text("auditc")
    text = original.replace("female: 3, unknown: 3}", "female: 3}", 1)
    assert text != original
    with pytest.raises(DefinitionError, match="male, female and unknown"):
        parse_instrument(text, "auditc.yaml")

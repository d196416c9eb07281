"""Every instrument exports as a valid R4 Questionnaire generated from its definition."""

from __future__ import annotations

from typing import Any

import pytest

from dualpath.engine import get_instrument, instrument_ids, list_instruments
from dualpath.engine.registry import parse_instrument
from dualpath.fhir import all_questionnaires, questionnaire
from dualpath.fhir.codes import LOINC, ORDINAL_VALUE_URL, answer_system
from tests.fhir.helpers import validate


def _questions(q: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in q["item"] if i["type"] != "display"]


@pytest.mark.parametrize("instrument_id", instrument_ids())
def test_each_instrument_exports_a_questionnaire_the_r4b_models_accept(instrument_id: str) -> None:
    q = questionnaire(instrument_id)
    validate(q)
    inst = get_instrument(instrument_id)
    assert q["url"].endswith(f"/Questionnaire/{inst.id}")
    assert q["version"] == inst.version
    assert [i["linkId"] for i in _questions(q)] == [i.id for i in inst.items]


@pytest.mark.parametrize("instrument_id", instrument_ids())
def test_each_answer_option_carries_its_points_as_an_ordinal_value(instrument_id: str) -> None:
    inst = get_instrument(instrument_id)
    for exported, item in zip(_questions(questionnaire(instrument_id)), inst.items, strict=True):
        options = inst.options_for(item)
        assert len(exported["answerOption"]) == len(options)
        for answer_option, option in zip(exported["answerOption"], options, strict=True):
            [ordinal] = [e for e in answer_option["extension"] if e["url"] == ORDINAL_VALUE_URL]
            assert ordinal["valueDecimal"] == option.score
            coding = answer_option["valueCoding"]
            if option.code and option.code == coding["code"]:
                assert coding["system"] == LOINC
            else:
                assert (coding["system"], coding["code"]) == (answer_system(inst.id), option.id)


@pytest.mark.parametrize("instrument_id", instrument_ids())
def test_items_with_a_loinc_code_carry_it(instrument_id: str) -> None:
    inst = get_instrument(instrument_id)
    for exported, item in zip(_questions(questionnaire(instrument_id)), inst.items, strict=True):
        codes = [(c["system"], c["code"]) for c in exported.get("code", [])]
        if item.loinc and not any(item.loinc in u for u in inst.loinc.unverified):
            assert codes == [(LOINC, item.loinc)]
        else:
            assert codes == []


@pytest.mark.parametrize("instrument_id", instrument_ids())
def test_copyright_holds_the_licence_statement_and_the_loinc_notice(instrument_id: str) -> None:
    inst = get_instrument(instrument_id)
    text = questionnaire(instrument_id)["copyright"]
    assert inst.licence.statement.strip() in text
    if inst.loinc.panel or any(i.loinc for i in inst.items):
        assert "Regenstrief" in text


def test_the_phq9_panel_and_first_item_use_the_published_loinc_codes() -> None:
    q = questionnaire("phq9")
    assert q["code"][0]["code"] == "44249-1"
    first = _questions(q)[0]
    assert first["code"][0]["code"] == "44250-9"
    assert [o["valueCoding"]["code"] for o in first["answerOption"]] == [
        "LA6568-5",
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
    ]


def test_choice_items_ask_for_radio_buttons_as_on_the_printed_forms() -> None:
    for item in _questions(questionnaire("phq9")):
        [control] = item["extension"]
        assert control["valueCodeableConcept"]["coding"][0]["code"] == "radio-button"


def test_all_questionnaires_lists_one_per_instrument() -> None:
    assert [q["id"] for q in all_questionnaires()] == [i.id for i in list_instruments()]


def test_callers_cannot_change_the_cached_questionnaire() -> None:
    questionnaire("phq9")["item"].clear()
    assert questionnaire("phq9")["item"]


_LICENSED = """
id: demo
name: Demo licensed scale
short_name: DEMO
version: "2"
purpose: Testing
administration: self
timeframe: Today
citation: Nobody 2024
licence:
  holder: A Foundation
  statement: "© A Foundation. Wording used under licence."
  reproduce_text: false
  commercial_use: permission_required
ages: {min: 18}
option_sets:
  yn:
    - {id: "no", label: "No", value: 0}
    - {id: "yes", label: "Yes", value: 1}
items:
  - {id: "1", topic: wish to be dead, options: yn}
  - id: "2"
    topic: active thoughts
    options: yn
    enable_when: {item: "1", in: ["yes"]}
  - id: "3"
    topic: method
    options: yn
    enable_when:
      all:
        - {item: "1", in: ["yes"]}
        - {item: "2", in: ["yes"]}
  - id: "4"
    topic: plan
    options: yn
    enable_when: {total: true, min: 2}
scoring: {method: sum, items: ["1", "2", "3", "4"], rule: count of yes, source: test}
missing: {rule: refuse, source: test}
"""


def test_licensed_items_get_a_placeholder_instead_of_their_wording() -> None:
    q = questionnaire(parse_instrument(_LICENSED))
    validate(q)
    for item in _questions(q):
        assert "licensed" in item["text"]
        assert "supplied locally" in item["text"]
    assert "not distributed with dualpath" in q["copyright"]
    assert "Regenstrief" not in q["copyright"]


def test_skip_logic_becomes_enable_when_where_r4_can_express_it() -> None:
    items = {i["linkId"]: i for i in _questions(questionnaire(parse_instrument(_LICENSED)))}
    assert items["2"]["enableWhen"] == [
        {
            "question": "1",
            "operator": "=",
            "answerCoding": {
                "system": answer_system("demo"),
                "code": "yes",
                "display": "Yes",
            },
        }
    ]
    assert [t["question"] for t in items["3"]["enableWhen"]] == ["1", "2"]
    assert "enableBehavior" in items["3"]
    assert items["3"]["enableBehavior"] == "all"


def test_skip_logic_r4_cannot_express_becomes_a_note_and_the_item_stays_shown() -> None:
    item = {i["linkId"]: i for i in questionnaire(parse_instrument(_LICENSED))["item"]}["4"]
    assert "enableWhen" not in item
    [note] = item["item"]
    assert note["type"] == "display"
    assert note["text"] == "Asked only when total ≥ 2."


@pytest.mark.parametrize(
    "instrument_id", [i.id for i in list_instruments() if not i.licence.reproduce_text]
)
def test_shipped_licensed_instruments_export_no_item_wording(instrument_id: str) -> None:
    inst = get_instrument(instrument_id)
    for exported, item in zip(_questions(questionnaire(instrument_id)), inst.items, strict=True):
        if item.text is None:
            assert "licensed" in exported["text"]

"""Cross-checks of the definitions against the independent data files in ../shared/reference.

These files are not the instruments' publications, so they check codes, values and wording
independently of the definitions; their known defects (SOURCES.md) are asserted as defects.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from dualpath.engine import get_instrument
from tests.engine.instruments.helpers import reference_file


def _json(*parts: str) -> Any:
    return json.loads(reference_file(*parts).read_text(encoding="utf-8"))


def _loinc(item: dict[str, Any]) -> str:
    return str(item["code"][0]["code"])


def _ordinal(option: dict[str, Any]) -> float | None:
    for ext in option.get("extension", []) + option["valueCoding"].get("extension", []):
        if ext["url"].endswith(("ordinalValue", "itemWeight")):
            return float(ext["valueDecimal"])
    return None


def _words(text: str) -> str:
    """Wording compared ignoring case, punctuation and dash style."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def test_phq9_item_answer_and_total_codes_match_lhc_forms() -> None:
    form = _json("questionnaires", "phq9", "phq9.lhcforms-test-data-r4.json")
    phq9 = get_instrument("phq9")
    assert form["code"][0]["code"] == phq9.loinc.panel
    by_code = {_loinc(item): item for item in form["item"]}
    assert phq9.loinc.total in by_code
    for item in phq9.items:
        assert item.loinc in by_code, f"item {item.id}: {item.loinc} not in LHC-Forms"
        published = [
            (a["valueCoding"]["code"], _ordinal(a)) for a in by_code[item.loinc]["answerOption"]
        ]
        ours = [(o.code, float(o.value)) for o in phq9.options_for(item)]  # type: ignore[arg-type]
        if item.scored:
            assert published == ours
        else:  # difficulty item: same codes in the same order, no ordinal values
            assert [code for code, _ in published] == [code for code, _ in ours]
            assert all(value is None for _, value in published)


def test_phq9_item_order_matches_lhc_forms() -> None:
    form = _json("questionnaires", "phq9", "phq9.lhcforms-test-data-r4.json")
    codes = [_loinc(i) for i in form["item"] if i["type"] == "choice"]
    assert codes == [item.loinc for item in get_instrument("phq9").items]


def test_phq9_english_wording_matches_reproschema() -> None:
    phq9 = get_instrument("phq9")
    for n in range(1, 10):
        data = _json("questionnaires", "phq9", "reproschema-PHQ-9", "items", f"phq9_{n}.jsonld")
        assert phq9.item(str(n)).text == data["question"]["en"].strip()
    q10 = _json("questionnaires", "phq9", "reproschema-PHQ-9", "items", "phq9_10.jsonld")
    # ReproSchema drops the lead-in "If you checked off any problems," of the Pfizer form.
    assert _words(phq9.item("10").text or "").endswith(_words(q10["question"]["en"]))


def test_phq9_values_match_reproschema() -> None:
    data = _json("questionnaires", "phq9", "reproschema-PHQ-9", "valueConstraints.jsonld")
    published = [(c["name"]["en"], c["value"]) for c in data["choices"]]
    assert published == [
        (o.label, o.value) for o in get_instrument("phq9").option_sets["frequency"]
    ]


def test_phq2_items_are_the_first_two_phq9_codes_in_the_beda_form() -> None:
    form = yaml.safe_load(
        reference_file("questionnaires", "phq2", "phq2-phq9.beda-fhir-emr.yaml").read_text()
    )
    group = next(i for i in form["item"] if i.get("linkId") == "phq2phq9")
    link_ids = [i["linkId"] for i in group["item"]]
    phq2 = get_instrument("phq2")
    assert link_ids[:2] == [item.loinc for item in phq2.items]
    assert [i["text"] for i in group["item"][:2]] == [item.text for item in phq2.items]


def test_gad7_codes_weights_and_wording_match_the_beda_form() -> None:
    form = yaml.safe_load(
        reference_file("questionnaires", "gad7", "gad7.beda-fhir-emr.yaml").read_text()
    )
    group = next(i for i in form["item"] if i.get("linkId") == "gad-7")
    gad7 = get_instrument("gad7")
    scored = [item for item in gad7.items if item.scored]
    assert [i["linkId"] for i in group["item"]] == [item.loinc for item in scored]
    for published, item in zip(group["item"], scored, strict=True):
        assert published["text"] == item.text
        answers = [(a["valueCoding"]["code"], _ordinal(a)) for a in published["answerOption"]]
        assert answers == [(o.code, float(o.value)) for o in gad7.options_for(item)]  # type: ignore[arg-type]


def test_gad7_values_and_wording_match_reproschema_ignoring_punctuation() -> None:
    gad7 = get_instrument("gad7")
    for n in range(1, 8):
        data = _json("questionnaires", "gad7", "reproschema-GAD7", "items", f"gad7_{n}.jsonld")
        assert _words(gad7.item(str(n)).text or "") == _words(data["question"]["en"])
    values = _json("questionnaires", "gad7", "reproschema-GAD7", "valueConstraints.jsonld")
    assert [c["value"] for c in values["choices"]] == [
        o.value for o in gad7.option_sets["frequency"]
    ]


def test_auditc_panel_total_and_q2_q3_codes_match_us_core() -> None:
    form = _json("questionnaires", "audit-c", "audit-c.us-core-example.json")
    auditc = get_instrument("auditc")
    assert form["code"][0]["code"] == auditc.loinc.panel
    by_code = {_loinc(item): item for item in form["item"]}
    assert auditc.loinc.total in by_code
    for item_id in ("2", "3"):
        item = auditc.item(item_id)
        published = [
            (a["valueCoding"]["code"], _ordinal(a))
            for a in by_code[item.loinc or ""]["answerOption"]
        ]
        assert published == [(o.code, float(o.value)) for o in auditc.options_for(item)]  # type: ignore[arg-type]


def test_auditc_does_not_copy_the_wrong_first_item_of_us_core() -> None:
    form = _json("questionnaires", "audit-c", "audit-c.us-core-example.json")
    assert _loinc(form["item"][0]) == "68517-2"  # the documented defect is still there
    auditc = get_instrument("auditc")
    assert "68517-2" not in {item.loinc for item in auditc.items}
    assert auditc.item("1").text == "How often do you have a drink containing alcohol?"


def test_audit_shares_the_verified_auditc_codes() -> None:
    audit, auditc = get_instrument("audit"), get_instrument("auditc")
    for item_id in ("2", "3"):
        assert audit.item(item_id).loinc == auditc.item(item_id).loinc
        assert [o.code for o in audit.options_for(audit.item(item_id))] == [
            o.code for o in auditc.options_for(auditc.item(item_id))
        ]


def test_taps1_panel_item_and_answer_codes_match_us_core() -> None:
    form = _json("questionnaires", "taps", "taps1.us-core-example.json")
    taps = get_instrument("taps")
    assert form["code"][0]["code"] == taps.loinc.panel
    by_code = {_loinc(item): item for item in form["item"]}
    alcohol = taps.item("t1_alcohol")
    ours = {
        taps.item("t1_tobacco").loinc,
        alcohol.loinc_variants["male"],
        alcohol.loinc_variants["female"],
        taps.item("t1_drugs").loinc,
        taps.item("t1_rx").loinc,
    }
    assert ours == set(by_code)
    frequency = {(o.code, o.label) for o in taps.option_sets["frequency"]}
    for code, item in by_code.items():
        if item["type"] != "choice":
            assert code == "96844-6"  # documented defect: the Rx item is typed string
            continue
        assert {
            (a["valueCoding"]["code"], a["valueCoding"]["display"]) for a in item["answerOption"]
        } == frequency


def test_cageaid_items_and_values_match_reproschema() -> None:
    cage = get_instrument("cageaid")
    for n in range(1, 5):
        data = _json("questionnaires", "cage-aid", "reproschema-CageAid", "items", f"ca_{n}.jsonld")
        assert cage.item(str(n)).text == data["question"]["en"].strip()
        published = {
            c["name"]["en"].lower(): c["value"] for c in data["responseOptions"]["choices"]
        }
        assert published == {o.id: o.value for o in cage.options_for(cage.item(str(n)))}

"""Responses to real published R4 Questionnaires (LHC-Forms, HL7 US Core) score correctly.

The expected totals are computed from the reference files' own ``ordinalValue`` extensions,
so these tests cross-check dualpath's definitions against independent sources.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from dualpath.engine import score
from dualpath.fhir import FhirInputError, score_response
from dualpath.fhir.codes import ORDINAL_VALUE_URL
from tests.fhir.helpers import by_code, validate

REFERENCE = Path("/work/shared/reference/questionnaires")
PHQ9_FILES = ["phq9/phq9.lhcforms-test-data-r4.json", "phq9/phq9.us-core-example.json"]

pytestmark = pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference files absent")


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCE / name).read_text(encoding="utf-8"))
    return data


def _ordinal(option: dict[str, Any]) -> float | None:
    for ext in option.get("extension", []):
        if ext["url"] == ORDINAL_VALUE_URL:
            return float(ext["valueDecimal"])
    return None


def _answer_all(
    q: dict[str, Any],
    rng: random.Random,
    skip: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[dict[str, Any], float]:
    """A response choosing a random option for each choice item; the sum of their ordinals."""
    items, total = [], 0.0
    for item in q["item"]:
        code = item["linkId"].strip("/")
        if item["type"] != "choice" or code in skip:
            continue
        option = rng.choice(item["answerOption"])
        total += _ordinal(option) or 0.0
        items.append({"linkId": item["linkId"], "answer": [{"valueCoding": option["valueCoding"]}]})
    qr = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": q.get("url", "http://example.org/unknown"),
        "item": items,
    }
    return qr, total


@pytest.mark.parametrize("name", PHQ9_FILES)
@pytest.mark.parametrize("seed", range(5))
def test_a_response_to_a_published_phq9_questionnaire_scores_as_its_ordinals_add_up(
    name: str, seed: int
) -> None:
    qr, expected = _answer_all(_load(name), random.Random(seed))
    bundle = score_response(qr)  # the instrument is recognised from the LOINC linkIds
    validate(bundle)
    assert by_code(bundle, "44261-6")["valueQuantity"]["value"] == expected


def test_the_us_core_audit_c_first_item_is_refused_because_it_is_not_audit_c_question_1() -> None:
    q = _load("audit-c/audit-c.us-core-example.json")
    qr, _ = _answer_all(q, random.Random(1))
    qr["item"].insert(0, {"linkId": "/68517-2", "answer": [{"valueDecimal": 3}]})
    with pytest.raises(FhirInputError) as caught:
        score_response(qr, questionnaire="auditc")
    [issue] = caught.value.issues
    assert issue.expression == "QuestionnaireResponse.item[0].linkId"
    assert "68517-2" in issue.message


def test_audit_c_questions_2_and_3_by_us_core_codes_score_with_question_1_from_dualpath() -> None:
    q = _load("audit-c/audit-c.us-core-example.json")
    qr, expected = _answer_all(q, random.Random(7))
    qr["item"].insert(0, {"linkId": "1", "answer": [{"valueInteger": 2}]})
    bundle = score_response(qr, questionnaire="auditc")
    validate(bundle)
    assert by_code(bundle, "75626-2")["valueQuantity"]["value"] == expected + 2


def _taps_response(sex_code: str | None) -> dict[str, Any]:
    """Answers "Never" to each US Core TAPS-1 item but drugs ("Daily or almost daily"); the Rx
    item, typed string by a documented defect, as a string; keeps only the alcohol item whose
    LOINC code is ``sex_code``."""
    q = _load("taps/taps1.us-core-example.json")
    alcohol = {"88037-7", "75889-6"}
    answered = []
    for item in q["item"]:
        code = item["linkId"].strip("/")
        if code in alcohol and sex_code is not None and code != sex_code:
            continue
        if item["type"] == "choice":
            wanted = "LA18934-2" if code == "96843-8" else "LA6270-8"
            never = next(o for o in item["answerOption"] if o["valueCoding"]["code"] == wanted)
            answered.append(
                {"linkId": item["linkId"], "answer": [{"valueCoding": never["valueCoding"]}]}
            )
        elif item["type"] == "string":
            answered.append({"linkId": item["linkId"], "answer": [{"valueString": "Never"}]})
    return {"resourceType": "QuestionnaireResponse", "status": "completed", "item": answered}


@pytest.mark.parametrize(("sex", "code"), [("male", "88037-7"), ("female", "75889-6")])
def test_a_us_core_taps_response_is_read_by_loinc_codes_with_the_alcohol_item_for_the_sex(
    sex: str, code: str
) -> None:
    bundle = score_response(_taps_response(code), questionnaire="taps", sex=sex)
    validate(bundle)
    expected = score(
        "taps",
        {"t1_tobacco": "never", "t1_alcohol": "never", "t1_drugs": "daily", "t1_rx": "never"},
        sex=sex,
        partial=True,
    )
    reported = {}
    for sub_id, sub in expected.subscales.items():
        obs = by_code(bundle, f"taps-{sub_id}")
        reported[sub_id] = obs.get("valueQuantity", {}).get("value")
        assert reported[sub_id] == sub.total
    assert reported["tobacco"] == 0  # TAPS-1 "Never" skips the TAPS-2 block, which counts 0
    assert reported["marijuana"] is None  # drugs daily: the marijuana block is still unanswered


def test_the_us_core_taps_example_answering_both_alcohol_items_is_refused() -> None:
    with pytest.raises(FhirInputError) as caught:
        score_response(_taps_response(None), questionnaire="taps")
    [issue] = caught.value.issues
    assert "answered twice" in issue.message
    assert issue.expression == "QuestionnaireResponse.item[2]"

"""``$assess``: Patient + responses + score Observations → RiskAssessment and CarePlan."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from dualpath.engine import assess, get_instrument
from dualpath.fhir import FhirInputError
from dualpath.fhir.assess import assess_bundle, case_from_bundle
from tests.fhir.helpers import response, validate

TODAY = dt.date(2026, 11, 21)
PATIENT = {
    "resourceType": "Patient",
    "id": "p1",
    "gender": "female",
    "birthDate": "1990-05-01",
    "address": [{"country": "IN"}],
}


def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:00000000-0000-0000-0000-00000000000{i}", "resource": r}
            for i, r in enumerate(resources)
        ],
    }


def _phq9(item9: int) -> dict[str, Any]:
    qr = response(get_instrument("phq9"), {str(i): 1 for i in range(1, 9)} | {"9": item9})
    qr["authored"] = "2026-11-20T09:00:00Z"
    qr["subject"] = {"reference": "Patient/p1"}
    return qr


def _kinds(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["resource"]["resourceType"]: e["resource"] for e in bundle["entry"]}


def test_it_reads_demographics_and_instrument_results_into_a_case() -> None:
    audit_c = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "75626-2"}]},
        "valueQuantity": {"value": 6},
        "effectiveDateTime": "2026-11-19",
    }
    case, subject, _, inputs = case_from_bundle(_bundle(PATIENT, _phq9(0), audit_c), TODAY)
    assert (case["sex"], case["age"], case["country"]) == ("female", 36, "IN")
    assert case["as_of"] == dt.date(2026, 11, 20)
    assert [i["instrument"] for i in case["instruments"]] == ["phq9", "auditc"]
    assert case["instruments"][1]["total"] == 6
    assert subject == {"reference": "urn:uuid:00000000-0000-0000-0000-000000000000"}
    assert len(inputs) == 2


def test_the_result_is_a_valid_risk_assessment_and_draft_care_plan_proposal() -> None:
    bundle = assess_bundle(_bundle(PATIENT, _phq9(2)), today=TODAY)
    validate(bundle)
    kinds = _kinds(bundle)
    for resource in kinds.values():
        validate(resource)
    plan = kinds["CarePlan"]
    assert (plan["status"], plan["intent"]) == ("draft", "proposal")
    assert any("does not diagnose" in n["text"] for n in plan["note"])


def test_every_activity_carries_its_reason() -> None:
    plan = _kinds(assess_bundle(_bundle(PATIENT, _phq9(2)), today=TODAY))["CarePlan"]
    assert plan["activity"]
    for activity in plan["activity"]:
        [reason] = activity["detail"]["reasonCode"]
        assert reason["coding"][0]["code"]
        assert "(" in reason["text"]  # rule (source)


def test_a_positive_item_9_puts_the_engines_safety_actions_first() -> None:
    bundle = _bundle(PATIENT, _phq9(2))
    case, _, _, _ = case_from_bundle(bundle, TODAY)
    expected = assess(case, today=TODAY)
    kinds = _kinds(assess_bundle(bundle, today=TODAY))
    codes = [a["detail"]["code"]["coding"][0]["code"] for a in kinds["CarePlan"]["activity"]]
    safety_codes = [f"safety.{a.id}" for a in expected.safety.actions]
    assert safety_codes
    assert codes[: len(safety_codes)] == safety_codes
    risk_url = next(
        e["fullUrl"]
        for e in assess_bundle(bundle, today=TODAY)["entry"]
        if e["resource"]["resourceType"] == "RiskAssessment"
    )
    first = kinds["CarePlan"]["activity"][0]["detail"]
    assert first["reasonReference"] == [{"reference": risk_url}]
    suicide = kinds["RiskAssessment"]["prediction"][0]
    assert suicide["qualitativeRisk"]["text"] == expected.safety.suicide.level.replace("_", " ")


def test_crisis_contacts_for_the_patients_country_are_always_given() -> None:
    risk = _kinds(assess_bundle(_bundle(PATIENT, _phq9(0)), today=TODAY))["RiskAssessment"]
    assert "14416" in risk["mitigation"]  # Tele-MANAS, India


def test_a_bundle_without_exactly_one_patient_is_refused() -> None:
    with pytest.raises(FhirInputError) as caught:
        assess_bundle(_bundle(_phq9(0)), today=TODAY)
    assert caught.value.issues[0].expression == "Bundle.entry"


def test_an_invalid_response_inside_the_bundle_is_refused_where_it_is() -> None:
    bad = _phq9(0)
    bad["item"][0]["answer"][0]["valueCoding"]["code"] = "LA0-0"
    with pytest.raises(FhirInputError) as caught:
        assess_bundle(_bundle(PATIENT, bad), today=TODAY)
    assert caught.value.issues[0].expression == (
        "Bundle.entry[1].resource.item[0].answer[0].valueCoding"
    )


def test_resources_it_cannot_use_are_noted_not_silently_dropped() -> None:
    other = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "weight"},
        "valueQuantity": {"value": 70},
    }
    plan = _kinds(assess_bundle(_bundle(PATIENT, other), today=TODAY))["CarePlan"]
    assert any("Bundle.entry[1].resource" in n["text"] for n in plan["note"])


def _pregnancy(system: str, code: str, when: str, status: str = "final") -> dict[str, Any]:
    # the US Core Observation Pregnancy Status profile's shape (LOINC 82810-3)
    return {
        "resourceType": "Observation",
        "status": status,
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "social-history",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": "http://loinc.org", "code": "82810-3"}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": when,
        "valueCodeableConcept": {"coding": [{"system": system, "code": code}]},
    }


SNOMED = "http://snomed.info/sct"


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([(SNOMED, "77386006", "2026-11-01")], True),
        ([("http://loinc.org", "LA26683-5", "2026-11-01")], False),
        ([("http://loinc.org", "LA4489-6", "2026-11-01")], None),  # unknown: not assumed
        ([(SNOMED, "60001007", "2026-01-01"), (SNOMED, "77386006", "2026-11-01")], True),
        ([(SNOMED, "77386006", "2026-11-01"), (SNOMED, "60001007", "2026-01-01")], True),
    ],
)
def test_pregnancy_status_is_read_and_the_latest_record_wins(
    records: list[tuple[str, str, str]], expected: bool | None
) -> None:
    observations = [_pregnancy(*r) for r in records]
    case, _, notes, inputs = case_from_bundle(_bundle(PATIENT, *observations), TODAY)
    assert case.get("pregnant") == expected
    assert len(inputs) == len(records)
    assert any("pregnancy status" in n for n in notes)


def test_pregnancy_reaches_the_plan_with_its_reason() -> None:
    pregnant = _pregnancy(SNOMED, "77386006", "2026-11-01")
    plan = _kinds(assess_bundle(_bundle(PATIENT, _phq9(0), pregnant), today=TODAY))["CarePlan"]
    text = json.dumps(plan)
    assert "pregnancy" in text.lower()
    case, _, _, _ = case_from_bundle(_bundle(PATIENT, _phq9(0), pregnant), TODAY)
    reasons = json.dumps(assess(case, today=TODAY).model_dump(mode="json"))
    assert "caution.pregnancy" in reasons


def test_a_pregnancy_status_it_cannot_read_is_noted_not_guessed() -> None:
    odd = _pregnancy("http://example.org/local", "P", "2026-11-01")
    draft = _pregnancy(SNOMED, "77386006", "2026-11-01", status="registered")
    case, _, notes, _ = case_from_bundle(_bundle(PATIENT, odd, draft), TODAY)
    assert "pregnant" not in case
    assert any("without a known answer" in n for n in notes)
    assert any("status 'registered'" in n for n in notes)

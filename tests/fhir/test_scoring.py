"""Scoring QuestionnaireResponses: answers in every accepted form, Observations out."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dualpath.engine import get_instrument, instrument_ids, score
from dualpath.fhir import FhirInputError, score_response
from dualpath.fhir.codes import INTERPRETATION_SYSTEM, answer_system, flag_system
from tests.fhir.helpers import by_code, resources, response, validate

PHQ9 = get_instrument("phq9")
ALL_TWO = {str(i): 2 for i in range(1, 10)}


def _outcome(data: Any, **kwargs: Any) -> dict[str, Any]:
    with pytest.raises(FhirInputError) as caught:
        score_response(data, **kwargs)
    outcome = caught.value.outcome()
    validate(outcome)
    return outcome


def _expressions(outcome: dict[str, Any]) -> list[str]:
    return [e for issue in outcome["issue"] for e in issue.get("expression", [])]


def _total(bundle: dict[str, Any], code: str = "44261-6") -> float:
    return float(by_code(bundle, code)["valueQuantity"]["value"])


@pytest.mark.parametrize("answer", ["coding", "integer", "string"])
def test_it_scores_a_phq9_response_answered_in_each_form(answer: str) -> None:
    bundle = score_response(response(PHQ9, ALL_TWO, answer=answer))
    validate(bundle)
    assert _total(bundle) == 18
    total = by_code(bundle, "44261-6")
    assert total["status"] == "final"
    band = total["component"][0]["valueCodeableConcept"]["coding"][0]
    assert band["code"] == "moderately_severe"


@pytest.mark.parametrize("instrument_id", instrument_ids())
@pytest.mark.parametrize("pick", ["first", "last"])
def test_every_instrument_round_trips_through_its_questionnaire(
    instrument_id: str, pick: str
) -> None:
    inst = get_instrument(instrument_id)
    choices = {
        item.id: 0 if pick == "first" else len(inst.options_for(item)) - 1 for item in inst.items
    }
    bundle = score_response(response(inst, choices))
    validate(bundle)
    for entry in bundle["entry"]:
        validate(entry["resource"])
    expected = score(
        inst,
        {i: inst.options_for(inst.item(i))[n].id for i, n in choices.items()},
        partial=True,
    )
    observations = resources(bundle)
    main = observations[0]
    if expected.total is not None:
        assert main["valueQuantity"]["value"] == expected.total
    raised = {
        c["code"]
        for obs in observations
        for c in obs["code"]["coding"]
        if c["system"] == flag_system(inst.id) and obs.get("valueBoolean") is True
    }
    assert raised == {f.id for f in expected.flags}


def test_every_observation_is_derived_from_the_response_and_states_its_basis() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["id"] = "qr-1"
    qr["subject"] = {"reference": "Patient/p1"}
    qr["authored"] = "2026-11-20T10:00:00Z"
    bundle = score_response(qr)
    for obs in resources(bundle):
        assert obs["derivedFrom"] == [{"reference": "QuestionnaireResponse/qr-1"}]
        assert obs["subject"] == {"reference": "Patient/p1"}
        assert obs["effectiveDateTime"] == "2026-11-20T10:00:00Z"
    assert "Sum of items 1-9" in by_code(bundle, "44261-6")["note"][0]["text"]
    assert not resources(bundle, "QuestionnaireResponse")


def test_a_response_without_an_id_is_returned_so_derived_from_resolves() -> None:
    bundle = score_response(response(PHQ9, ALL_TWO))
    [qr_entry] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Observation"]
    for obs in resources(bundle):
        assert obs["derivedFrom"] == [{"reference": qr_entry["fullUrl"]}]


def test_scoring_the_same_response_twice_gives_the_same_bundle() -> None:
    assert score_response(response(PHQ9, ALL_TWO)) == score_response(response(PHQ9, ALL_TWO))


def test_item_9_above_zero_raises_a_critical_suicide_risk_observation() -> None:
    choices = {str(i): 0 for i in range(1, 10)} | {"9": 1}
    flag = by_code(score_response(response(PHQ9, choices)), "suicide_risk")
    assert flag["valueBoolean"] is True
    coding = flag["interpretation"][0]["coding"][0]
    assert (coding["system"], coding["code"]) == (INTERPRETATION_SYSTEM, "AA")


def test_an_unanswered_item_9_is_reported_as_an_indeterminate_risk_not_as_absent() -> None:
    choices = {str(i): 0 for i in range(1, 9)}
    bundle = score_response(response(PHQ9, choices, status="in-progress"))
    validate(bundle)
    flag = by_code(bundle, "suicide_risk")
    assert "valueBoolean" not in flag
    assert flag["interpretation"][0]["coding"][0]["code"] == "IND"
    assert flag["status"] == "preliminary"
    total = by_code(bundle, "44261-6")
    assert "valueQuantity" not in total
    assert total["dataAbsentReason"]["coding"][0]["code"] == "unknown"


def test_it_reads_lhc_forms_path_link_ids_and_loinc_codes() -> None:
    qr = response(PHQ9, ALL_TWO)
    for item in qr["item"]:
        item["linkId"] = "/" + PHQ9.item(item["linkId"]).loinc  # type: ignore[operator]
    del qr["questionnaire"]
    assert _total(score_response(qr)) == 18


def test_it_accepts_dualpath_answer_codes_and_codings_without_a_system() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["item"][0]["answer"] = [
        {"valueCoding": {"system": answer_system("phq9"), "code": "more_than_half"}}
    ]
    qr["item"][1]["answer"] = [{"valueCoding": {"code": "LA6570-1"}}]
    assert _total(score_response(qr)) == 18


def test_it_accepts_decimal_answers_equal_to_an_option_value() -> None:
    qr = response(PHQ9, ALL_TWO, answer="integer")
    qr["item"][0]["answer"] = [{"valueDecimal": 2.0}]
    assert _total(score_response(qr)) == 18


def test_yes_no_items_accept_boolean_answers() -> None:
    inst = next((get_instrument(i) for i in instrument_ids() if _is_yes_no(i)), None)
    if inst is None:
        pytest.skip("no yes/no instrument is defined")
    qr = response(inst, {item.id: 0 for item in inst.items})
    for entry in qr["item"]:
        entry["answer"] = [{"valueBoolean": True}]
    bundle = score_response(qr)
    expected = score(inst, {item.id: "yes" for item in inst.items}, partial=True)
    assert resources(bundle)[0].get("valueQuantity", {}).get("value") == expected.total


def _is_yes_no(instrument_id: str) -> bool:
    inst = get_instrument(instrument_id)
    return all({o.id for o in inst.options_for(i)} == {"yes", "no"} for i in inst.items)


def test_a_boolean_answer_to_a_frequency_item_is_refused_where_it_was_given() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["item"][4]["answer"] = [{"valueBoolean": True}]
    outcome = _outcome(qr)
    assert _expressions(outcome) == ["QuestionnaireResponse.item[4].answer[0].valueBoolean"]


def test_an_unknown_answer_code_is_refused_with_its_fhirpath() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["item"][2]["answer"][0]["valueCoding"]["code"] = "LA9999-9"
    outcome = _outcome(qr)
    assert _expressions(outcome) == ["QuestionnaireResponse.item[2].answer[0].valueCoding"]
    assert outcome["issue"][0]["code"] == "code-invalid"
    assert "LA6568-5" in outcome["issue"][0]["diagnostics"]


def test_a_code_from_a_foreign_code_system_is_refused() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["item"][0]["answer"][0]["valueCoding"]["system"] = "http://snomed.info/sct"
    assert "code system" in _outcome(qr)["issue"][0]["diagnostics"]


def test_an_out_of_range_value_is_refused() -> None:
    qr = response(PHQ9, ALL_TWO, answer="integer")
    qr["item"][3]["answer"] = [{"valueInteger": 7}]
    outcome = _outcome(qr)
    assert _expressions(outcome) == ["QuestionnaireResponse.item[3].answer[0].valueInteger"]


def test_a_badly_typed_value_is_refused_with_the_location_pydantic_found() -> None:
    qr = response(PHQ9, ALL_TWO, answer="integer")
    qr["item"][3]["answer"] = [{"valueInteger": "two"}]
    assert _expressions(_outcome(qr)) == ["QuestionnaireResponse.item[3].answer[0].valueInteger"]


def test_an_unknown_element_is_refused() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["item"][0]["answer"][0]["valueFoo"] = 1
    outcome = _outcome(qr)
    assert "QuestionnaireResponse.item[0].answer[0].valueFoo" in _expressions(outcome)


def test_an_unknown_link_id_is_refused() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["item"].append({"linkId": "11", "answer": [{"valueInteger": 1}]})
    assert _expressions(_outcome(qr)) == ["QuestionnaireResponse.item[9].linkId"]


def test_an_item_answered_twice_or_with_two_answers_is_refused() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["item"].append(copy.deepcopy(qr["item"][0]))
    qr["item"][1]["answer"].append({"valueInteger": 1})
    assert _expressions(_outcome(qr)) == [
        "QuestionnaireResponse.item[1].answer",
        "QuestionnaireResponse.item[9]",
    ]


@pytest.mark.parametrize("status", [None, "finished", "entered-in-error"])
def test_a_missing_invalid_or_withdrawn_status_is_refused(status: str | None) -> None:
    qr = response(PHQ9, ALL_TWO)
    if status is None:
        del qr["status"]
    else:
        qr["status"] = status
    assert _expressions(_outcome(qr)) == ["QuestionnaireResponse.status"]


def test_another_resource_type_is_refused() -> None:
    outcome = _outcome({"resourceType": "Patient"})
    assert outcome["issue"][0]["code"] == "not-supported"


def test_a_response_to_an_unknown_questionnaire_asks_for_the_parameter() -> None:
    qr = response(PHQ9, {"1": 1})
    qr["questionnaire"] = "http://example.org/Questionnaire/whatever"
    outcome = _outcome(qr)
    assert _expressions(outcome) == ["QuestionnaireResponse.questionnaire"]
    assert "questionnaire=" in outcome["issue"][0]["diagnostics"]
    assert (
        _total(
            score_response(response(PHQ9, ALL_TWO) | {"questionnaire": "x"}, questionnaire="PHQ-9")
        )
        == 18
    )


def test_a_version_this_server_does_not_hold_is_refused() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["questionnaire"] += "|99"
    assert "version" in _outcome(qr)["issue"][0]["diagnostics"]


def test_a_stated_total_that_disagrees_is_noted_and_dualpath_reports_its_own() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["item"].append({"linkId": "/44261-6", "answer": [{"valueDecimal": 5}]})
    total = by_code(score_response(qr), "44261-6")
    assert total["valueQuantity"]["value"] == 18
    assert any("stated a total of 5" in n["text"] for n in total["note"])


def _bundle(*qrs: dict[str, Any], kind: str = "batch") -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": kind,
        "entry": [
            {"fullUrl": f"urn:uuid:00000000-0000-0000-0000-00000000000{n}", "resource": qr}
            for n, qr in enumerate(qrs)
        ],
    }


@pytest.mark.parametrize("kind", ["batch", "transaction"])
def test_a_bundle_of_responses_gives_one_bundle_of_observations(kind: str) -> None:
    low = response(PHQ9, {str(i): 0 for i in range(1, 10)})
    high = response(PHQ9, ALL_TWO)
    bundle = score_response(_bundle(low, high, kind=kind))
    validate(bundle)
    totals = sorted(
        obs["valueQuantity"]["value"]
        for obs in resources(bundle)
        if obs["code"]["coding"][0]["code"] == "44261-6"
    )
    assert totals == [0, 18]
    refs = {obs["derivedFrom"][0]["reference"] for obs in resources(bundle)}
    assert refs == {
        "urn:uuid:00000000-0000-0000-0000-000000000000",
        "urn:uuid:00000000-0000-0000-0000-000000000001",
    }


def test_one_invalid_response_in_a_bundle_scores_nothing_and_points_into_the_entry() -> None:
    bad = response(PHQ9, ALL_TWO)
    bad["item"][2]["answer"][0]["valueCoding"]["code"] = "nope"
    outcome = _outcome(_bundle(response(PHQ9, ALL_TWO), bad))
    assert _expressions(outcome) == ["Bundle.entry[1].resource.item[2].answer[0].valueCoding"]


def test_a_patient_in_the_bundle_gives_sex_and_age_to_its_responses() -> None:
    qr = response(PHQ9, ALL_TWO)
    qr["subject"] = {"reference": "Patient/p1"}
    qr["authored"] = "2026-01-01"
    patient = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "2016-06-01"}
    bundle = score_response(_bundle(patient, qr))
    notes = " ".join(n["text"] for n in by_code(bundle, "44261-6")["note"])
    assert "age 9 is outside the validated age range" in notes


def test_an_empty_bundle_is_refused() -> None:
    assert _outcome({"resourceType": "Bundle", "type": "batch"})["issue"][0]["code"] == "required"

"""/fhir/: Questionnaires, $score and OperationOutcomes over HTTP, as application/fhir+json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dualpath.engine import get_instrument, instrument_ids
from tests.fhir.helpers import by_code, response, validate

pytestmark = pytest.mark.django_db
FHIR = "application/fhir+json"
PHQ9 = get_instrument("phq9")


def _score(client: Client, body: Any, key: str | None, query: str = "", **headers: str) -> Any:
    if key is not None:
        headers["X-API-Key"] = key
    return client.post(
        f"/fhir/QuestionnaireResponse/$score{query}",
        json.dumps(body) if not isinstance(body, str) else body,
        content_type=FHIR,
        headers=headers,
    )


def _json(resp: Any) -> dict[str, Any]:
    assert resp["Content-Type"].startswith(FHIR)
    data: dict[str, Any] = json.loads(resp.content)
    validate(data)
    return data


def test_it_lists_every_questionnaire_as_a_searchset(client: Client) -> None:
    bundle = _json(client.get("/fhir/Questionnaire"))
    assert bundle["type"] == "searchset"
    assert [e["resource"]["id"] for e in bundle["entry"]] == list(instrument_ids())


def test_it_finds_a_questionnaire_by_its_canonical_url(client: Client) -> None:
    url = "https://fhir.dualpath.org/Questionnaire/phq9"
    bundle = _json(client.get("/fhir/Questionnaire", {"url": url}))
    assert [e["resource"]["id"] for e in bundle["entry"]] == ["phq9"]


def test_it_reads_one_questionnaire(client: Client) -> None:
    q = _json(client.get("/fhir/Questionnaire/phq9"))
    assert q["resourceType"] == "Questionnaire"
    assert q["code"][0]["code"] == "44249-1"


def test_an_unknown_questionnaire_is_a_404_operation_outcome(client: Client) -> None:
    resp = client.get("/fhir/Questionnaire/nope")
    assert resp.status_code == 404
    assert _json(resp)["issue"][0]["code"] == "not-found"


def test_the_capability_statement_claims_fhir_4_0_1(client: Client) -> None:
    assert _json(client.get("/fhir/metadata"))["fhirVersion"] == "4.0.1"


def test_it_scores_a_questionnaire_response(client: Client, api_key: str) -> None:
    resp = _score(client, response(PHQ9, {str(i): 3 for i in range(1, 10)}), api_key)
    assert resp.status_code == 200
    bundle = _json(resp)
    assert by_code(bundle, "44261-6")["valueQuantity"]["value"] == 27
    assert by_code(bundle, "suicide_risk")["valueBoolean"] is True


def test_the_questionnaire_parameter_names_the_instrument_of_a_foreign_response(
    client: Client, api_key: str
) -> None:
    qr = response(PHQ9, {str(i): 1 for i in range(1, 10)})
    qr["questionnaire"] = "http://example.org/Questionnaire/local"
    resp = _score(client, qr, api_key, "?questionnaire=phq9")
    assert by_code(_json(resp), "44261-6")["valueQuantity"]["value"] == 9


def test_an_invalid_response_is_a_422_operation_outcome_with_expressions(
    client: Client, api_key: str
) -> None:
    qr = response(PHQ9, {"1": 0, "2": 0})
    qr["item"][1]["answer"][0]["valueCoding"]["code"] = "LA0-0"
    resp = _score(client, qr, api_key)
    assert resp.status_code == 422
    outcome = _json(resp)
    assert outcome["issue"][0]["expression"] == [
        "QuestionnaireResponse.item[1].answer[0].valueCoding"
    ]


def test_a_body_that_is_not_json_is_a_400_operation_outcome(client: Client, api_key: str) -> None:
    resp = _score(client, "{nope", api_key)
    assert resp.status_code == 400
    assert _json(resp)["issue"][0]["code"] == "structure"


def test_scoring_without_a_key_is_a_401_operation_outcome(client: Client) -> None:
    resp = _score(client, response(PHQ9, {"1": 0}), None)
    assert resp.status_code == 401
    assert _json(resp)["issue"][0]["code"] == "login"


def test_a_non_fhir_content_type_is_refused(client: Client, api_key: str) -> None:
    resp = client.post(
        "/fhir/QuestionnaireResponse/$score",
        "a=b",
        content_type="application/x-www-form-urlencoded",
        headers={"X-API-Key": api_key},
    )
    assert resp.status_code == 415


def test_a_bad_age_parameter_is_an_operation_outcome(client: Client, api_key: str) -> None:
    resp = _score(client, response(PHQ9, {"1": 0}), api_key, "?age=old")
    assert resp.status_code == 422
    assert _json(resp)["issue"][0]["expression"] == ["age"]


def test_fhir_assess_returns_a_care_plan(client: Client, api_key: str) -> None:
    qr = response(PHQ9, {str(i): 2 for i in range(1, 10)})
    qr["subject"] = {"reference": "Patient/p1"}
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": {"resourceType": "Patient", "id": "p1", "gender": "male"}},
            {"resource": qr},
        ],
    }
    resp = client.post(
        "/fhir/$assess", json.dumps(bundle), content_type=FHIR, headers={"X-API-Key": api_key}
    )
    assert resp.status_code == 200
    kinds = {e["resource"]["resourceType"] for e in _json(resp)["entry"]}
    assert kinds == {"RiskAssessment", "CarePlan"}

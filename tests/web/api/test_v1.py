"""The JSON API: instruments, scoring, keys, rate limits and the one error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dualpath.engine import instrument_ids, score
from dualpath.web.api.models import ApiKey

pytestmark = pytest.mark.django_db

PHQ9_ALL_ONE = {str(i): 1 for i in range(1, 10)}


def _post(client: Client, url: str, body: Any, key: str | None, **headers: str) -> Any:
    if key is not None:
        headers["X-API-Key"] = key
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def _assert_error_shape(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return dict(body["error"])


def test_it_lists_every_instrument(client: Client) -> None:
    response = client.get("/api/v1/instruments")
    assert response.status_code == 200
    assert [i["id"] for i in response.json()] == list(instrument_ids())


def test_it_shows_one_instrument_with_its_options_and_points(client: Client) -> None:
    body = client.get("/api/v1/instruments/phq9").json()
    assert body["short_name"] == "PHQ-9"
    assert [o["points"] for o in body["item_list"][0]["options"]] == [0, 1, 2, 3]
    assert body["fhir_questionnaire"].endswith("/Questionnaire/phq9")


def test_an_unknown_instrument_is_a_404_in_the_error_shape(client: Client) -> None:
    _assert_error_shape(client.get("/api/v1/instruments/nope"), 404, "unknown_instrument")


def test_it_scores_answers_with_a_key(client: Client, api_key: str) -> None:
    response = _post(
        client, "/api/v1/score", {"instrument": "phq9", "answers": PHQ9_ALL_ONE}, api_key
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total"] == score("phq9", PHQ9_ALL_ONE).total == 9
    assert body["band"]["id"] == "mild"
    assert body["crisis_contacts"], "crisis contacts come with every result"


def test_a_bearer_token_works_like_the_key_header(client: Client, api_key: str) -> None:
    response = client.post(
        "/api/v1/score",
        json.dumps({"instrument": "phq9", "answers": PHQ9_ALL_ONE}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_key}"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("key", [None, "dp_wrong"])
def test_scoring_without_a_valid_key_is_refused(client: Client, key: str | None) -> None:
    response = _post(client, "/api/v1/score", {"instrument": "phq9", "answers": {}}, key)
    _assert_error_shape(response, 401, "unauthorized")


def test_a_revoked_key_is_refused(client: Client, api_key: str) -> None:
    ApiKey.objects.update(active=False)
    response = _post(client, "/api/v1/score", {"instrument": "phq9", "answers": {}}, api_key)
    _assert_error_shape(response, 401, "unauthorized")


def test_a_key_over_its_rate_limit_gets_429_with_retry_after(client: Client) -> None:
    _, raw = ApiKey.issue("slow", rate_limit_per_minute=2)
    body = {"instrument": "phq9", "answers": PHQ9_ALL_ONE}
    assert [_post(client, "/api/v1/score", body, raw).status_code for _ in range(2)] == [200, 200]
    response = _post(client, "/api/v1/score", body, raw)
    _assert_error_shape(response, 429, "rate_limited")
    assert response["Retry-After"] == "60"


def test_a_malformed_body_gets_the_error_shape_not_the_framework_default(
    client: Client, api_key: str
) -> None:
    response = _post(client, "/api/v1/score", {"instrument": "phq9"}, api_key)
    error = _assert_error_shape(response, 422, "validation_error")
    assert error["details"][0]["loc"][-1] == "answers"


def test_a_body_that_is_not_json_gets_the_error_shape(client: Client, api_key: str) -> None:
    response = client.post(
        "/api/v1/score", "{nope", content_type="application/json", headers={"X-API-Key": api_key}
    )
    assert response.status_code in (400, 422)
    assert set(response.json()) == {"error"}


def test_an_out_of_range_answer_names_the_item_and_the_allowed_values(
    client: Client, api_key: str
) -> None:
    answers = PHQ9_ALL_ONE | {"3": 7}
    response = _post(client, "/api/v1/score", {"instrument": "phq9", "answers": answers}, api_key)
    error = _assert_error_shape(response, 422, "answers_invalid")
    [detail] = error["details"]
    assert detail["loc"] == ["body", "answers", "3"]
    assert detail["kind"] == "invalid_value"
    assert "0 = Not at all" in detail["allowed"]


def test_missing_answers_are_refused_but_the_risk_flag_is_returned(
    client: Client, api_key: str
) -> None:
    answers = {"9": 2}
    response = _post(client, "/api/v1/score", {"instrument": "phq9", "answers": answers}, api_key)
    error = _assert_error_shape(response, 422, "answers_invalid")
    flags = {f["id"] for f in error["partial_result"]["flags"]}
    assert "suicide_risk" in flags
    assert error["partial_result"]["crisis_contacts"]


def test_partial_scoring_returns_what_the_answers_allow(client: Client, api_key: str) -> None:
    body = {"instrument": "phq9", "answers": {"1": 3}, "partial": True}
    result = _post(client, "/api/v1/score", body, api_key).json()
    assert result["total"] is None
    assert result["missing"] == [str(i) for i in range(2, 10)]
    assert any("cannot rule out" in w for w in result["warnings"])


def test_the_openapi_document_is_3_1_and_documents_the_error_shape(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    responses = doc["paths"]["/api/v1/score"]["post"]["responses"]
    assert {"200", "401", "422", "429"} <= set(responses)


def test_the_interactive_docs_load_from_local_static_files(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_it_assesses_a_case(client: Client, api_key: str) -> None:
    case = {
        "as_of": "2026-11-21",
        "country": "GB",
        "instruments": [{"instrument": "phq9", "answers": PHQ9_ALL_ONE | {"9": 2}}],
    }
    body = _post(client, "/api/v1/assess", case, api_key).json()
    assert body["safety"]["crisis_contacts"]
    assert body["safety"]["suicide"]["phq9_item9"] == 2
    assert "does not diagnose" in body["disclaimer"]


def test_a_case_is_read_strictly_and_errors_name_the_field(client: Client, api_key: str) -> None:
    case = {"as_of": "2026-11-21", "pregnant": 0, "recent_release": {"setting": "detox", "date": 0}}
    error = _assert_error_shape(
        _post(client, "/api/v1/assess", case, api_key), 422, "validation_error"
    )
    assert {tuple(d["loc"]) for d in error["details"]} == {
        ("body", "pregnant"),
        ("body", "recent_release", "date"),
    }


def test_instrument_detail_shows_a_deployments_licensed_wording_and_licence(
    client: Client,
) -> None:
    from dualpath.engine import use_local_wording

    assert client.get("/api/v1/instruments/shaps").json()["local_wording"] is None
    items = {str(n): f"[licensed SHAPS item {n}]" for n in range(1, 15)}
    use_local_wording({"shaps": {"licence": "Site licence (example)", "items": items}})
    body = client.get("/api/v1/instruments/shaps").json()
    assert body["local_wording"] == "Site licence (example)"
    assert body["item_list"][0]["text"] == "[licensed SHAPS item 1]"
    assert body["reproduce_text"] is False  # dualpath itself still does not ship it

"""``dualpath fhir``: Questionnaire export and scoring from files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dualpath.cli.main import main
from dualpath.engine import get_instrument
from tests.fhir.helpers import by_code, response, validate


def test_it_prints_the_phq9_questionnaire_as_json() -> None:
    result = CliRunner().invoke(main, ["fhir", "questionnaire", "PHQ-9"])
    assert result.exit_code == 0, result.output
    resource = json.loads(result.output)
    validate(resource)
    assert resource["id"] == "phq9"


def test_it_refuses_an_unknown_instrument() -> None:
    result = CliRunner().invoke(main, ["fhir", "questionnaire", "nope"])
    assert result.exit_code != 0
    assert "unknown instrument" in result.output


def test_it_scores_a_response_file(tmp_path: Path) -> None:
    path = tmp_path / "qr.json"
    path.write_text(json.dumps(response(get_instrument("phq9"), {str(i): 1 for i in range(1, 10)})))
    result = CliRunner().invoke(main, ["fhir", "score", str(path)])
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.output)
    validate(bundle)
    assert by_code(bundle, "44261-6")["valueQuantity"]["value"] == 9


def test_an_invalid_response_prints_an_operation_outcome_and_fails(tmp_path: Path) -> None:
    qr = response(get_instrument("phq9"), {"1": 0})
    qr["item"][0]["answer"][0]["valueCoding"]["code"] = "LA0000-0"
    path = tmp_path / "qr.json"
    path.write_text(json.dumps(qr))
    result = CliRunner().invoke(main, ["fhir", "score", str(path)])
    assert result.exit_code == 1
    outcome = json.loads(result.output)
    validate(outcome)
    assert outcome["issue"][0]["expression"] == [
        "QuestionnaireResponse.item[0].answer[0].valueCoding"
    ]


def test_a_file_that_is_not_json_prints_an_operation_outcome_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "qr.json"
    path.write_text("{not json")
    result = CliRunner().invoke(main, ["fhir", "score", str(path)])
    assert result.exit_code == 1
    assert json.loads(result.output)["resourceType"] == "OperationOutcome"


def test_it_scores_a_response_to_a_foreign_questionnaire_named_by_option(tmp_path: Path) -> None:
    qr = response(get_instrument("phq9"), {str(i): 3 for i in range(1, 10)})
    qr["questionnaire"] = "http://example.org/Questionnaire/local-phq9"
    path = tmp_path / "qr.json"
    path.write_text(json.dumps(qr))
    result = CliRunner().invoke(main, ["fhir", "score", "--questionnaire", "phq9", str(path)])
    assert result.exit_code == 0, result.output
    assert by_code(json.loads(result.output), "44261-6")["valueQuantity"]["value"] == 27

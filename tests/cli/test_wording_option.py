"""``dualpath --wording FILE``: a deployment's licensed wording, in ``show`` and FHIR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dualpath.cli.main import main
from dualpath.engine import get_instrument
from tests.fhir.helpers import validate

LICENCE = "SHAPS used under licence, agreement 2026-14 (example)"


@pytest.fixture
def wording(tmp_path: Path) -> Path:
    path = tmp_path / "wording.yaml"
    lines = [f'shaps:\n  licence: "{LICENCE}"\n  items:']
    lines += [f'    "{n}": "[licensed SHAPS item {n}]"' for n in range(1, 15)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_show_prints_the_local_wording_and_the_licence_it_is_used_under(wording: Path) -> None:
    result = CliRunner().invoke(
        main, ["--wording", str(wording), "show", "shaps"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "[licensed SHAPS item 7]" in result.output
    assert f"supplied locally (not by dualpath) under: {LICENCE}" in result.output
    assert "wording not shipped" not in result.output


def test_show_json_marks_the_wording_as_local(wording: Path) -> None:
    result = CliRunner().invoke(
        main, ["show", "shaps", "--json"], env={"DUALPATH_WORDING_FILE": str(wording)}
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["local_wording"] == LICENCE
    first = data["items"][0]
    assert first["text"] == "[licensed SHAPS item 1]"
    assert (first["text_shipped"], first["text_source"]) == (False, "local")


def test_the_fhir_questionnaire_carries_the_local_wording_and_says_whose(wording: Path) -> None:
    result = CliRunner().invoke(main, ["--wording", str(wording), "fhir", "questionnaire", "shaps"])
    assert result.exit_code == 0, result.output
    resource = json.loads(result.output)
    validate(resource)
    texts = [item["text"] for item in resource["item"] if item.get("type") == "choice"]
    assert texts == [f"[licensed SHAPS item {n}]" for n in range(1, 15)]
    assert LICENCE in resource["copyright"]


def test_without_the_option_nothing_is_shown_that_dualpath_does_not_ship() -> None:
    result = CliRunner().invoke(main, ["show", "shaps", "--json"])
    assert json.loads(result.output)["items"][0]["text"] is None
    assert get_instrument("shaps").local_wording is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read it"),
        ("shaps: [", "not valid YAML or JSON"),
        ("phq9:\n  licence: x\n  items: {'1': y}\n", "dualpath ships the wording of item(s) 1"),
    ],
)
def test_a_wording_file_that_cannot_be_used_is_a_usage_error_naming_it(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "site.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["--wording", str(path), "show", "shaps"])
    assert result.exit_code == 2
    assert "--wording" in result.output and message in result.output
    assert str(path) in result.output

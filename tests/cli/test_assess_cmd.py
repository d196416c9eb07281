"""``dualpath assess``: sample case, JSON and Markdown output, stdin, errors, published schemas."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dualpath.cli.assess import schema_text
from dualpath.cli.main import main

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


def _example() -> str:
    result = CliRunner().invoke(main, ["assess", "--example"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_example_case_is_valid_json_with_a_date() -> None:
    data = json.loads(_example())
    assert data["as_of"]


def test_it_assesses_a_case_from_stdin_as_json() -> None:
    result = CliRunner().invoke(main, ["assess", "-"], input=_example())
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["safety"]["crisis_contacts"]
    assert out["level_of_care"]["final"]
    assert "not diagnose" in out["disclaimer"]


def test_markdown_puts_safety_and_crisis_lines_before_the_plan(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(_example(), encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(path), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.index("## Safety") < text.index("Crisis and help lines") < text.index("## Plan")
    assert "informed by the six publicly described ASAM dimensions" in text
    assert "988" in text


def test_an_invalid_case_exits_2_naming_the_field() -> None:
    bad = {"as_of": "2026-11-21", "substances": [{"substance": "alcohol"}, {"substance": "heroin"}]}
    result = CliRunner().invoke(main, ["assess", "-"], input=json.dumps(bad))
    assert result.exit_code == 2
    assert "substances[1].substance" in result.output


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["assess", str(tmp_path / "absent.json")])
    assert result.exit_code == 2


def test_a_case_without_a_date_uses_the_date_given_on_the_command_line() -> None:
    data = json.loads(_example())
    del data["as_of"]
    result = CliRunner().invoke(
        main, ["assess", "-", "--today", "2027-02-03"], input=json.dumps(data)
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["as_of"] == "2027-02-03"


def test_the_published_json_schemas_are_current() -> None:
    for name in ("case", "assessment"):
        published = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
        assert published == schema_text(name), (
            f"regenerate: dualpath assess --schema {name} > docs/schemas/{name}.schema.json"
        )


def test_the_assessment_output_validates_against_its_published_schema() -> None:
    import jsonschema

    result = CliRunner().invoke(main, ["assess", "-"], input=_example())
    schema = json.loads((SCHEMAS / "assessment.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(result.output), schema)
    case_schema = json.loads((SCHEMAS / "case.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(_example()), case_schema)

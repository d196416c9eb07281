"""The top-level ``dualpath`` command: help text, version, and lazy loading of heavy libraries."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from dualpath import __version__
from dualpath.cli.main import COMMANDS, main


def test_help_lists_every_command_with_a_description() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
    assert "does not diagnose" in result.output


def test_version_prints_the_package_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize(
    "args", [["--help"], ["instruments"], ["show", "phq9"], ["show", "audit", "--json"]]
)
def test_help_and_reading_definitions_do_not_import_heavy_libraries(args: list[str]) -> None:
    code = (
        "import sys, json\n"
        "from dualpath.cli.main import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    roots = {m.split(".")[0] for m in json.loads(out.stdout.splitlines()[-1])}
    assert not roots & {"polars", "django", "fhir", "weasyprint", "pyarrow"}


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output

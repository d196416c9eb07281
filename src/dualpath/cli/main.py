"""Entry point of the ``dualpath`` command.

Subcommands live in their own modules and are imported only when invoked, so
``dualpath --help`` stays instant and does not load polars, Django or fhir.resources.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

import click

from dualpath import __version__

# command name -> "module:attribute"
COMMANDS: dict[str, str] = {
    "instruments": "dualpath.cli.instruments:instruments",
    "show": "dualpath.cli.instruments:show",
    "score": "dualpath.cli.score:score",
    "assess": "dualpath.cli.assess:assess",
    "fhir": "dualpath.cli.fhir:fhir",
    "serve": "dualpath.cli.serve:serve",
}

HELP = {
    "instruments": "List the instruments dualpath can score.",
    "show": "Show one instrument: items, options, scoring, bands, source and licence.",
    "score": "Score a CSV or Parquet export of answers to one instrument.",
    "assess": "Run the clinical rules on a case: safety, level of care, plan, progress.",
    "fhir": "HL7 FHIR R4: export Questionnaires and score QuestionnaireResponses.",
    "serve": "Start the web app (SQLite and demo data by default) and print its URL.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module) is not None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: Any) -> None:
        rows = [(name, HELP[name]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dualpath")
@click.option(
    "--wording",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="DUALPATH_WORDING_FILE",
    show_envvar=True,
    help="Your licensed wording for instruments dualpath ships without it (SHAPS, C-SSRS, "
    "CUDIT-R, BAM): a YAML file, see docs/instruments.md.",
)
def main(wording: Path | None) -> None:
    """dualpath: screening, safety, level of care and integrated treatment plans for people
    whose substance use and depression feed each other.

    dualpath screens and supports decisions; it does not diagnose.
    """
    if wording is not None:
        from dualpath.wording_file import WordingFileError, load_wording_file

        try:
            load_wording_file(wording)
        except WordingFileError as exc:
            raise click.BadParameter(str(exc), param_hint="--wording") from None

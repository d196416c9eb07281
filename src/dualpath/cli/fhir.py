"""``dualpath fhir``: export Questionnaires and score QuestionnaireResponses from files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.group()
def fhir() -> None:
    """HL7 FHIR R4 (4.0.1): export Questionnaires and score QuestionnaireResponses."""


@fhir.command()
@click.argument("instrument_id")
def questionnaire(instrument_id: str) -> None:
    """Print the FHIR Questionnaire of INSTRUMENT_ID (e.g. phq9) as JSON."""
    from dualpath.engine import UnknownInstrumentError
    from dualpath.fhir import questionnaire as build

    try:
        resource = build(instrument_id)
    except UnknownInstrumentError as exc:
        raise click.BadParameter(str(exc), param_hint="INSTRUMENT_ID") from None
    click.echo(json.dumps(resource, indent=2, ensure_ascii=False))


@fhir.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option(
    "--questionnaire",
    "questionnaire_id",
    help="Instrument id or Questionnaire canonical, "
    "for responses to Questionnaires made elsewhere.",
)
@click.option("--sex", help="male/female/other, for instruments with sex-specific cut-offs.")
@click.option("--age", type=int, help="Age in years, checked against the validated range.")
def score(file: Path, questionnaire_id: str | None, sex: str | None, age: int | None) -> None:
    """Score a QuestionnaireResponse (or a Bundle of them) in FILE ('-' for stdin).

    Prints a Bundle of Observations; an invalid file prints an OperationOutcome and exits 1.
    """
    from dualpath.fhir import FhirInputError, Issue, operation_outcome, score_response

    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except OSError as exc:
        raise click.FileError(str(file), hint=exc.strerror) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        outcome = operation_outcome(
            [
                Issue(
                    f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                    None,
                    "structure",
                )
            ]
        )
        click.echo(json.dumps(outcome, indent=2))
        sys.exit(1)
    try:
        bundle = score_response(data, questionnaire=questionnaire_id, sex=sex, age=age)
    except FhirInputError as exc:
        click.echo(json.dumps(exc.outcome(), indent=2, ensure_ascii=False))
        sys.exit(1)
    click.echo(json.dumps(bundle, indent=2, ensure_ascii=False))

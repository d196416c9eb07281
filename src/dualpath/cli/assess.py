"""``dualpath assess``: run the clinical rules on a case file and print the assessment.

The engine never reads the clock; this shell passes today's date (or ``--today``) for cases
without an ``as_of`` date. An invalid case exits with status 2 and names each bad field.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from dualpath.engine.assessment import Assessment, Basis


def schema_text(name: str) -> str:
    """The published JSON Schema of the case or assessment format (docs/schemas/)."""
    from dualpath.engine import Assessment, Case

    if name == "case":
        schema = Case.model_json_schema(mode="validation")
    else:
        schema = Assessment.model_json_schema(mode="serialization")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _example() -> str:
    entry = resources.files("dualpath.engine.rules").joinpath("example_case.json")
    return entry.read_text(encoding="utf-8")


def _why(basis: Basis) -> str:
    inputs = ", ".join(f"{k}={v}" for k, v in basis.inputs.items())
    return f"_rule `{basis.rule}`; source: {basis.source}" + (
        f"; inputs: {inputs}_" if inputs else "_"
    )


def to_markdown(a: Assessment) -> str:
    """A readable report: immediate actions and crisis lines first, every item with its basis."""
    s = a.safety
    out = [f"# dualpath assessment{f' - {a.case_id}' if a.case_id else ''} ({a.as_of})", ""]
    out += [
        f"> {a.disclaimer}",
        "",
        f"## Safety: {s.level.upper()}",
        "",
        s.for_person,
        "",
        f"*Clinician:* {s.for_clinician}",
        "",
    ]
    if s.actions:
        out += ["### Do now", ""]
        out += [
            f"{i}. **{x.for_person}** - {x.for_clinician} ({_why(x.basis)})"
            for i, x in enumerate(s.actions, 1)
        ]
        out.append("")
    out += ["### Crisis and help lines", ""]
    for c in s.crisis_contacts:
        text = f"; text {c.text}" if c.text else ""
        out.append(
            f"- **{c.name}**: {c.number}{text} ({c.kind}; {c.hours or 'hours not recorded'})"
            + (f" - {c.notes}" if c.notes else "")
        )
    out += [
        "",
        f"Suicide risk: {s.suicide.level}."
        + ("" if s.suicide.level in ("acute", "non_acute") else f" {s.suicide.note}"),
        f"Overdose risk: {s.overdose.level}; naloxone: {'yes' if s.overdose.naloxone else 'no'}.",
        f"Withdrawal risk: {s.withdrawal.level}"
        + (f" ({', '.join(s.withdrawal.substances)})" if s.withdrawal.substances else "")
        + ".",
        "",
    ]
    if s.signals:
        out += ["Signals:", ""]
        out += [f"- [{g.severity}] {g.for_clinician} ({_why(g.basis)})" for g in s.signals]
        out.append("")
    lc = a.level_of_care
    out += [
        f"## Level of care: {lc.final_label}",
        "",
        lc.for_person,
        "",
        f"*Clinician:* {lc.for_clinician}",
        "",
    ]
    if lc.override:
        out += [f"**Clinician override** (computed: {lc.computed_label}): {lc.override.reason}", ""]
    out += [
        "| Dimension | Rating | Least intensive level that meets it | Why |",
        "|---|---|---|---|",
    ]
    out += [
        f"| {d.dimension}. {d.name} | {d.rating} | {d.level or '-'} | {d.for_clinician} |"
        for d in lc.dimensions
    ]
    out += ["", f"*{lc.disclaimer}*", ""]
    d = a.depression
    out += [
        f"## Mood: {d.label}",
        "",
        d.for_person,
        "",
        f"*Clinician:* {d.for_clinician} ({_why(d.basis)})",
    ]
    if d.reassess_on:
        out.append(f"Re-assess on {d.reassess_on}.")
    if d.anhedonia and d.anhedonia.present:
        out += ["", f"**Anhedonia:** {d.anhedonia.for_clinician} ({_why(d.anhedonia.basis)})"]
    p = a.plan
    out += ["", "## Plan", "", "### Goals", ""]
    out += [
        f"- {g.for_person} - *{g.for_clinician}* Measure: {g.measure}. "
        f"Review {g.review_on}. ({_why(g.basis)})"
        for g in p.goals
    ]
    out += ["", "### What we will do", ""]
    for item in p.items:
        notes = "".join(f" **Note:** {n}" for n in item.notes)
        out.append(
            f"- **{item.title}** ({item.category}; {item.provider}): {item.for_person} "
            f"*{item.for_clinician}*{notes} Review {item.review_on}. ({_why(item.basis)})"
        )
    if p.cautions or p.excluded:
        out += ["", "### Cautions", ""]
        out += [f"- {c.for_clinician} ({_why(c.basis)})" for c in (*p.cautions, *p.excluded)]
    if a.warnings:
        out += ["", "## Warnings", ""] + [f"- {w}" for w in a.warnings]
    out += ["", f"Rules: {', '.join(f'{k} {v}' for k, v in a.rules_versions.items())}", ""]
    return "\n".join(out)


@click.command()
@click.argument(
    "case_file", required=False, type=click.Path(dir_okay=False, path_type=Path, allow_dash=True)
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "markdown"]), default="json", show_default=True
)
@click.option("--example", is_flag=True, help="Print a sample case and exit.")
@click.option(
    "--schema",
    type=click.Choice(["case", "assessment"]),
    help="Print the JSON Schema of the case or assessment format and exit.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date of the assessment when the case has no as_of (default: today).",
)
def assess(
    case_file: Path | None,
    fmt: str,
    example: bool,
    schema: str | None,
    today: dt.datetime | None,
) -> None:
    """Assess CASE_FILE (JSON; '-' reads stdin): safety, level of care, mood, plan.

    dualpath screens and supports decisions; it does not diagnose.
    """
    from dualpath.engine import CaseError, parse_case
    from dualpath.engine import assess as run

    if example:
        click.echo(_example().rstrip())
        return
    if schema:
        click.echo(schema_text(schema), nl=False)
        return
    if case_file is None:
        raise click.UsageError("give CASE_FILE ('-' for stdin) or --example")
    try:
        text = sys.stdin.read() if str(case_file) == "-" else case_file.read_text(encoding="utf-8")
    except OSError as exc:
        click.echo(f"error: cannot read {case_file}: {exc.strerror}", err=True)
        sys.exit(2)
    day = today.date() if today else dt.date.today()  # noqa: DTZ011 - the shell's local date
    try:
        result = run(parse_case(text), today=day)
    except CaseError as exc:
        click.echo("error: invalid case", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(2)
    if fmt == "markdown":
        click.echo(to_markdown(result))
    else:
        click.echo(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))

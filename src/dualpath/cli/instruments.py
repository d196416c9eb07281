"""``dualpath instruments`` and ``dualpath show ID``: what dualpath can score, and how.

Both read only the engine's definition files. ``--json`` prints the same facts for machines;
item ids there are the identifiers ``dualpath score --map ITEM=COLUMN`` takes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from dualpath.engine import Instrument
    from dualpath.engine.definitions import Band

NOT_SHIPPED = "wording not shipped"


class CommandProblem(click.ClickException):
    """A clear, expected problem with the command line: message on stderr, exit status 2."""

    exit_code = 2


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def score_range(inst: Instrument) -> str:
    if inst.scoring.range is not None:
        low, high = inst.scoring.range
        return f"{_num(low)}–{_num(high)}"
    if inst.scoring.method == "classification":
        return "categories"
    if inst.scoring.method == "subscales":
        return "subscales"
    return "—"


def licence_summary(inst: Instrument) -> str:
    lic = inst.licence
    use = {
        "allowed": "free to use",
        "permission_required": "permission needed for commercial use",
        "not_allowed": "non-commercial use only",
        "unverified": "commercial use unverified",
    }[lic.commercial_use]
    if inst.local_wording is not None:
        return f"{use}; wording supplied locally"
    return use if lic.reproduce_text else f"{use}; wording not shipped"


def _band_rule(band: Band) -> str:
    from dualpath.engine.conditions import describe

    if band.when is not None:
        return describe(band.when)
    low = "…" if band.min is None else _num(band.min)
    high = "…" if band.max is None else _num(band.max)
    return f"{low}–{high}"


def _band_json(band: Band) -> dict[str, Any]:
    return {
        "id": band.id,
        "label": band.label,
        "min": band.min,
        "max": band.max,
        "rule": _band_rule(band),
        "meaning": band.meaning,
        "action": band.action,
    }


def describe_instrument(inst: Instrument) -> dict[str, Any]:
    """Everything ``show`` prints, as plain data (the ``--json`` output)."""
    from dualpath.batch.columns import candidate_names
    from dualpath.engine.conditions import describe

    items = []
    for item in inst.items:
        options = inst.options_for(item)
        items.append(
            {
                "id": item.id,
                "text": item.text,
                "text_shipped": item.text is not None and inst.local_wording is None,
                "text_source": None
                if item.text is None
                else ("dualpath" if inst.local_wording is None else "local"),
                "topic": item.topic,
                "scored": item.scored,
                "required": item.required,
                "loinc": item.loinc,
                "enable_when": describe(item.enable_when) if item.enable_when else None,
                "options": [
                    {
                        "id": o.id,
                        "label": o.label,
                        "value": o.value,
                        "points": o.score,
                        "loinc": o.code,
                    }
                    for o in options
                ],
                "columns_matched": list(candidate_names(inst, item.id)),
            }
        )
    return {
        "id": inst.id,
        "name": inst.name,
        "short_name": inst.short_name,
        "version": inst.version,
        "purpose": inst.purpose,
        "administration": inst.administration,
        "timeframe": inst.timeframe,
        "preamble": inst.preamble,
        "local_wording": inst.local_wording,
        "items": items,
        "scoring": {
            "method": inst.scoring.method,
            "items": list(inst.scoring.items),
            "range": list(inst.scoring.range) if inst.scoring.range else None,
            "rule": inst.scoring.rule,
            "source": inst.scoring.source,
        },
        "missing": {
            "rule": inst.missing.rule,
            "max_missing": inst.missing.max_missing,
            "never_impute": list(inst.missing.never_impute),
            "source": inst.missing.source,
        },
        "bands": [_band_json(b) for b in inst.bands],
        "subscales": [
            {
                "id": s.id,
                "label": s.label,
                "items": list(s.items),
                "range": list(s.range),
                "bands": [_band_json(b) for b in s.bands],
                "loinc": s.loinc,
            }
            for s in inst.subscales
        ],
        "flags": [
            {
                "id": f.id,
                "label": f.label,
                "severity": f.severity,
                "rule": describe(f.when),
                "message": f.message,
                "source": f.source,
            }
            for f in inst.flags
        ],
        "citation": inst.citation,
        "references": list(inst.references),
        "licence": inst.licence.model_dump(),
        "loinc": inst.loinc.model_dump(),
        "ages": inst.ages.model_dump(),
        "notes": list(inst.notes),
        "unverified": list(inst.unverified),
    }


def _get(instrument_id: str) -> Instrument:
    from dualpath.engine import UnknownInstrumentError, get_instrument, instrument_ids

    try:
        return get_instrument(instrument_id)
    except UnknownInstrumentError:
        raise CommandProblem(
            f"unknown instrument {instrument_id!r}; known: {', '.join(instrument_ids())} "
            "(see `dualpath instruments`)"
        ) from None


@click.command("instruments")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def instruments(as_json: bool) -> None:
    """List the instruments dualpath can score: id, name, items, range and licence."""
    from dualpath.engine import list_instruments

    found = list_instruments()
    if as_json:
        data = [
            {
                "id": i.id,
                "short_name": i.short_name,
                "name": i.name,
                "items": len(i.items),
                "scored_items": len(i.scored_items),
                "range": list(i.scoring.range) if i.scoring.range else None,
                "method": i.scoring.method,
                "licence": licence_summary(i),
                "text_shipped": i.licence.reproduce_text,
                "local_wording": i.local_wording,
                "commercial_use": i.licence.commercial_use,
                "loinc_panel": i.loinc.panel,
            }
            for i in found
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Instruments dualpath scores", title_justify="left")
    for header in ("id", "name", "items", "range", "licence"):
        table.add_column(header, overflow="fold")
    for i in found:
        table.add_row(
            i.id,
            f"{i.short_name} — {i.name}",
            str(len(i.items)),
            score_range(i),
            licence_summary(i),
        )
    console = Console(soft_wrap=False)
    console.print(table)
    console.print("Details: dualpath show ID   (e.g. dualpath show phq9)")


@click.command("show")
@click.argument("instrument_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def show(instrument_id: str, as_json: bool) -> None:
    """Show one instrument: items, options, scoring, bands, flags, source and licence.

    ID is an instrument id such as phq9 (PHQ-9 and phq_9 work too).
    """
    inst = _get(instrument_id)
    data = describe_instrument(inst)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{escape(inst.short_name)}[/bold] — {escape(inst.name)} ({inst.id})")
    console.print(f"{escape(inst.purpose)}. Timeframe: {escape(inst.timeframe)}.")
    if inst.preamble:
        console.print(escape(inst.preamble))
    if inst.local_wording:
        console.print(
            f"Item wording supplied locally (not by dualpath) under: {escape(inst.local_wording)}",
            style="bold",
        )

    items = Table(title="Items", title_justify="left", show_lines=True)
    for header in ("item", "wording", "options (value = label)", "LOINC"):
        items.add_column(header, overflow="fold")
    for item in data["items"]:
        topic = item["topic"]
        wording = item["text"] if item["text"] else f"[{NOT_SHIPPED}] topic: {topic}"
        notes = []
        if not item["scored"]:
            notes.append("not scored")
        if item["enable_when"]:
            notes.append(f"asked when {item['enable_when']}")
        if notes:
            wording += f" ({'; '.join(notes)})"
        options = []
        for o in item["options"]:
            line = f"{o['value']} = {o['label']}"
            if isinstance(o["value"], str) or o["points"] != o["value"]:
                line += f" ({_num(o['points'])} points)"
            options.append(line)
        items.add_row(item["id"], escape(wording), escape("\n".join(options)), item["loinc"] or "")
    console.print(items)

    console.print(f"[bold]Scoring[/bold]: {escape(inst.scoring.rule)} Range: {score_range(inst)}.")
    console.print(f"  Source: {escape(inst.scoring.source)}")
    missing = inst.missing
    rule = (
        "no total unless every required item is answered"
        if missing.rule == "refuse"
        else f"prorated with up to {missing.max_missing} missing item(s)"
    )
    if missing.never_impute:
        rule += f"; never imputed: {', '.join(missing.never_impute)}"
    console.print(f"[bold]Missing answers[/bold]: {rule}. {escape(missing.source)}")

    def band_table(title: str, bands: list[dict[str, Any]]) -> None:
        table = Table(title=title, title_justify="left")
        for header in ("band", "rule", "meaning", "action"):
            table.add_column(header, overflow="fold")
        for b in bands:
            table.add_row(
                escape(f"{b['label']} ({b['id']})"),
                escape(b["rule"]),
                escape(b["meaning"]),
                escape(b["action"]),
            )
        console.print(table)

    if data["bands"]:
        band_table("Bands (first match wins)", data["bands"])
    for sub in data["subscales"]:
        console.print(
            f"[bold]Subscale {escape(sub['label'])}[/bold] ({sub['id']}): items "
            f"{', '.join(sub['items'])}, range {_num(sub['range'][0])}–{_num(sub['range'][1])}"
        )
        if sub["bands"]:
            band_table(f"{sub['label']} bands", sub["bands"])
    if data["flags"]:
        flags = Table(title="Flags", title_justify="left")
        for header in ("flag", "severity", "rule", "source"):
            flags.add_column(header, overflow="fold")
        for f in data["flags"]:
            flags.add_row(
                escape(f"{f['label']} ({f['id']})"),
                f["severity"],
                escape(f["rule"]),
                escape(f["source"]),
            )
        console.print(flags)

    lic = inst.licence
    console.print(f"[bold]Source[/bold]: {escape(inst.citation)}")
    console.print(
        f"[bold]Licence[/bold]: {escape(lic.holder)}. {escape(lic.statement)} "
        f"Wording shipped: {'yes' if lic.reproduce_text else 'no'}. "
        f"Commercial use: {lic.commercial_use.replace('_', ' ')}."
        + (f" {escape(lic.notes)}" if lic.notes else "")
    )
    if inst.loinc.panel or inst.loinc.total:
        console.print(
            f"[bold]LOINC[/bold]: panel {inst.loinc.panel or '—'}, total {inst.loinc.total or '—'}"
            + (
                f" (unverified: {', '.join(inst.loinc.unverified)})"
                if inst.loinc.unverified
                else ""
            )
        )
        console.print(escape(inst.loinc.notice), style="dim")
    if inst.unverified:
        console.print("[bold]Not verified against the primary source[/bold]:")
        for fact in inst.unverified:
            console.print(f"  - {escape(fact)}")
    console.print(
        f"Score an export: dualpath score FILE --instrument {inst.id} "
        f"[--map {inst.items[0].id}=COLUMN …]",
        markup=False,
    )

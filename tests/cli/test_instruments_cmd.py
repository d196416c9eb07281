"""``dualpath instruments`` and ``dualpath show``: listing, details, licences, JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dualpath.cli.instruments import NOT_SHIPPED, instruments, show
from dualpath.engine import get_instrument, instrument_ids, list_instruments


def test_it_lists_every_shipped_instrument_with_items_range_and_licence() -> None:
    result = CliRunner().invoke(instruments, [], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    for inst in list_instruments():
        line = next(row for row in result.stdout.splitlines() if f" {inst.id} " in row)
        assert f" {len(inst.items)} " in line
        if inst.scoring.range is not None:
            low, high = inst.scoring.range
            assert f"{low:g}–{high:g}" in line


def test_the_json_list_has_one_entry_per_instrument_with_licence_facts() -> None:
    result = CliRunner().invoke(instruments, ["--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [entry["id"] for entry in data] == list(instrument_ids())
    for entry in data:
        inst = get_instrument(entry["id"])
        assert entry["items"] == len(inst.items)
        assert entry["text_shipped"] is inst.licence.reproduce_text
        assert entry["commercial_use"] == inst.licence.commercial_use


def test_show_prints_wording_options_bands_flags_and_source() -> None:
    result = CliRunner().invoke(show, ["PHQ-9"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    inst = get_instrument("phq9")
    assert "Little interest or pleasure in doing things" in out
    assert "3 = Nearly every day" in out
    for band in inst.bands:
        assert band.label in out
    for flag in inst.flags:
        assert flag.id in out
    assert "Kroenke" in out
    assert "44249-1" in out
    assert "Pfizer" in out


def test_show_never_prints_wording_the_licence_does_not_allow() -> None:
    for inst in list_instruments():
        if inst.licence.reproduce_text:
            continue
        text = CliRunner().invoke(show, [inst.id], env={"COLUMNS": "300"})
        assert text.exit_code == 0
        assert NOT_SHIPPED in text.stdout
        data = json.loads(CliRunner().invoke(show, [inst.id, "--json"]).stdout)
        assert all(item["text"] is None for item in data["items"])
        assert not any(item["text_shipped"] for item in data["items"])


def test_show_json_lists_items_in_order_with_the_ids_map_takes() -> None:
    result = CliRunner().invoke(show, ["gad7", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    inst = get_instrument("gad7")
    assert [item["id"] for item in data["items"]] == [item.id for item in inst.items]
    first = data["items"][0]
    assert first["options"][0]["value"] == inst.options_for(inst.items[0])[0].value
    assert "q1" in first["columns_matched"]
    assert data["scoring"]["rule"] == inst.scoring.rule
    assert data["missing"]["rule"] == inst.missing.rule


def test_show_names_the_known_instruments_when_the_id_is_unknown() -> None:
    result = CliRunner().invoke(show, ["phq-10"])
    assert result.exit_code == 2
    assert "unknown instrument 'phq-10'" in result.stderr
    assert "phq9" in result.stderr
    assert "Traceback" not in result.output

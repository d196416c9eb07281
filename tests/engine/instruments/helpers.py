"""Helpers for instrument tests: build answer sets from a definition without restating it."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from dualpath.engine import Instrument, get_instrument

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "reference"


def reference_file(*parts: str) -> Path:
    """A file under ../shared/reference; skips the test only when that directory is absent."""
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data directory {REFERENCE} is absent (outside this repository)")
    path = REFERENCE.joinpath(*parts)
    assert path.is_file(), f"expected reference file {path} is missing"
    return path


def lowest(instrument: str | Instrument) -> dict[str, str]:
    """Every item answered with its lowest-scoring option (by option id)."""
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    return {item.id: min(inst.options_for(item), key=lambda o: o.score).id for item in inst.items}


def highest(instrument: str | Instrument) -> dict[str, str]:
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    return {item.id: max(inst.options_for(item), key=lambda o: o.score).id for item in inst.items}


def answers_for_total(instrument: str | Instrument, target: float) -> dict[str, str]:
    """Answers to every item of a sum instrument whose points add up to ``target``.

    Items with coarse steps (e.g. 0/2/4 or 0/3/5) are filled first, then the fine ones, each
    with the largest option that still fits; the helper fails loudly if ``target`` is missed.
    """
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    scored = [inst.item(i) for i in inst.scoring.items]

    def coarseness(item_id: str) -> float:
        points = sorted({o.score for o in inst.options_for(inst.item(item_id))})
        return -max(b - a for a, b in pairwise(points))

    answers = lowest(inst)
    remaining = target - sum(min(o.score for o in inst.options_for(item)) for item in scored)
    for item_id in sorted((i.id for i in scored), key=coarseness):
        options = inst.options_for(inst.item(item_id))
        base = min(o.score for o in options)
        fitting = [o for o in options if o.score - base <= remaining]
        best = max(fitting, key=lambda o: o.score)
        answers[item_id] = best.id
        remaining -= best.score - base
    assert remaining == 0, f"cannot reach total {target} on {inst.id}"
    return answers

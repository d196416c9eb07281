"""Three-valued evaluation of definition conditions, and their description in words.

A condition over partly answered items can be true, false, or *unknown* (None). Unknown
matters for safety: a flag that cannot be ruled out is reported as such, never as absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dualpath.engine.definitions import (
    AllCondition,
    AnyCondition,
    Condition,
    CountCondition,
    ItemCondition,
    NotCondition,
    TotalCondition,
)

__all__ = ["SKIPPED", "Facts", "describe", "evaluate", "items_in"]


@dataclass(frozen=True)
class _Skipped:
    """An item not asked because its enable condition is false (it scores 0, matches nothing)."""


SKIPPED = _Skipped()


@dataclass(frozen=True)
class Facts:
    """What conditions can look at: chosen option (id, points) per item, totals, sex."""

    answers: Mapping[str, tuple[str, float] | _Skipped]
    total: float | None
    subscales: Mapping[str, float | None]
    sex: str


def _in_range(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def evaluate(cond: Condition, facts: Facts) -> bool | None:
    """True, False, or None when the answers given cannot decide it."""
    if isinstance(cond, ItemCondition):
        answer = facts.answers.get(cond.item)
        if answer is None:
            return None
        if isinstance(answer, _Skipped):
            if cond.in_ is not None:
                return False
            return _in_range(0.0, cond.min, cond.max)
        option_id, points = answer
        if cond.in_ is not None and option_id not in cond.in_:
            return False
        return _in_range(points, cond.min, cond.max)
    if isinstance(cond, TotalCondition):
        value = facts.total if cond.total else facts.subscales.get(cond.subscale or "")
        if value is None:
            return None
        low = cond.min
        if cond.min_by_sex is not None:
            key = facts.sex if facts.sex in ("male", "female") else "unknown"
            low = cond.min_by_sex[key]  # type: ignore[index]
        return _in_range(value, low, cond.max)
    if isinstance(cond, CountCondition):
        matched = unknown = 0
        for item_id in cond.count:
            answer = facts.answers.get(item_id)
            if answer is None:
                unknown += 1
            elif isinstance(answer, _Skipped):
                continue
            elif (cond.match is not None and answer[0] in cond.match) or (
                cond.min_points is not None and answer[1] >= cond.min_points
            ):
                matched += 1
        if matched >= cond.at_least:
            return True
        if matched + unknown < cond.at_least:
            return False
        return None
    if isinstance(cond, AnyCondition):
        results = [evaluate(c, facts) for c in cond.any]
        if any(r is True for r in results):
            return True
        return False if all(r is False for r in results) else None
    if isinstance(cond, AllCondition):
        results = [evaluate(c, facts) for c in cond.all]
        if any(r is False for r in results):
            return False
        return True if all(r is True for r in results) else None
    if isinstance(cond, NotCondition):
        inner = evaluate(cond.not_, facts)
        return None if inner is None else not inner
    raise TypeError(f"unknown condition {cond!r}")  # pragma: no cover


def _range_words(low: float | None, high: float | None) -> str:
    def fmt(v: float) -> str:
        return str(int(v)) if float(v).is_integer() else str(v)

    if low is not None and high is not None:
        return f"= {fmt(low)}" if low == high else f"{fmt(low)}–{fmt(high)}"
    if low is not None:
        return f"≥ {fmt(low)}"
    if high is not None:
        return f"≤ {fmt(high)}"
    return "answered"


def describe(cond: Condition) -> str:
    """The condition in words, shown as the rule behind a flag or band."""
    if isinstance(cond, ItemCondition):
        if cond.in_ is not None:
            return f"item {cond.item} is {' or '.join(cond.in_)}"
        return f"item {cond.item} {_range_words(cond.min, cond.max)}"
    if isinstance(cond, TotalCondition):
        target = "total" if cond.total else f"{cond.subscale} subscale"
        if cond.min_by_sex is not None:
            parts = ", ".join(f"{k} ≥ {v:g}" for k, v in cond.min_by_sex.items())
            return f"{target} at or above the sex-specific cut-off ({parts})"
        return f"{target} {_range_words(cond.min, cond.max)}"
    if isinstance(cond, CountCondition):
        what = " or ".join(cond.match) if cond.match else f"≥ {cond.min_points:g} points"
        return f"at least {cond.at_least} of items {', '.join(cond.count)} {what}"
    if isinstance(cond, AnyCondition):
        return "(" + " or ".join(describe(c) for c in cond.any) + ")"
    if isinstance(cond, AllCondition):
        return "(" + " and ".join(describe(c) for c in cond.all) + ")"
    if isinstance(cond, NotCondition):
        return f"not {describe(cond.not_)}"
    raise TypeError(f"unknown condition {cond!r}")  # pragma: no cover


def items_in(cond: Condition) -> set[str]:
    """Item ids a condition reads (to check definitions and to explain unknowns)."""
    if isinstance(cond, ItemCondition):
        return {cond.item}
    if isinstance(cond, CountCondition):
        return set(cond.count)
    if isinstance(cond, (AnyCondition, AllCondition)):
        children = cond.any if isinstance(cond, AnyCondition) else cond.all
        out: set[str] = set()
        for child in children:
            out |= items_in(child)
        return out
    if isinstance(cond, NotCondition):
        return items_in(cond.not_)
    return set()

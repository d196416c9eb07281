"""Scoring one set of answers against an instrument definition.

The rules applied are exactly those in the definition file; this module holds no knowledge of
any particular instrument. Invalid input raises :class:`AnswersError` naming each item and its
allowed values; missing answers follow the instrument's published missing-data rule, and flags
are always computed from whatever was answered.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dualpath.engine.conditions import SKIPPED, Facts, _Skipped, describe, evaluate, items_in
from dualpath.engine.definitions import Band, Instrument, Option
from dualpath.engine.errors import AnswerProblem, AnswersError
from dualpath.engine.registry import get_instrument
from dualpath.engine.results import BandResult, FlagResult, ItemScore, ScoreResult, SubscaleResult

__all__ = ["Sex", "allowed_values", "answer_key", "normalise_sex", "resolve_answer", "score"]

Sex = str  # "male", "female", "other", "unknown"

_TRUE_WORDS = ("yes", "y", "true", "t")
_FALSE_WORDS = ("no", "n", "false", "f")


def normalise_sex(sex: str | None) -> str:
    """``male``/``female`` as given; anything else (non-binary, not stated) is ``unknown``.

    Definitions give the ``unknown`` threshold explicitly; dualpath's documented choice is the
    lower (more sensitive) of the sex-specific cut-offs. This is a design decision, not a
    published rule.
    """
    if sex is None:
        return "unknown"
    key = sex.strip().lower()
    if key in ("m", "male", "man"):
        return "male"
    if key in ("f", "female", "woman"):
        return "female"
    return "unknown"


def answer_key(value: object) -> str | None:
    """Normalise a raw answer to a lookup key; None means no answer."""
    if value is None:
        return None
    if isinstance(value, bool):
        # true/false are answers to yes/no items only; True must not become "1" on a 0-3 item
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return text
        if math.isnan(number):
            return None
        return str(int(number)) if number.is_integer() else repr(number)
    return f"<{type(value).__name__}>"


@dataclass(frozen=True)
class _CompiledItem:
    lookup: dict[str, Option]
    options: tuple[Option, ...]


_COMPILED: dict[int, tuple[Instrument, dict[str, _CompiledItem]]] = {}


def _compile(instrument: Instrument) -> dict[str, _CompiledItem]:
    """Answer lookup tables per item, built once per definition object."""
    hit = _COMPILED.get(id(instrument))
    if hit is not None and hit[0] is instrument:
        return hit[1]
    compiled: dict[str, _CompiledItem] = {}
    for item in instrument.items:
        options = instrument.options_for(item)
        lookup: dict[str, Option] = {}
        is_yes_no = {o.id for o in options} >= {"yes", "no"}
        for option in options:
            keys = {answer_key(option.value), option.id.lower(), option.label.strip().lower()}
            keys |= {a.strip().lower() for a in option.aliases}
            if option.code:
                keys.add(option.code.lower())
            if is_yes_no and option.id == "yes":
                keys |= set(_TRUE_WORDS) | {"1"}
            if is_yes_no and option.id == "no":
                keys |= set(_FALSE_WORDS) | {"0"}
            for key in keys:
                if key is not None:
                    lookup.setdefault(key, option)
        compiled[item.id] = _CompiledItem(lookup, options)
    _COMPILED[id(instrument)] = (instrument, compiled)
    return compiled


def allowed_values(instrument: Instrument, item_id: str) -> tuple[str, ...]:
    """Human-readable allowed answers of an item, e.g. ``('0 = Not at all', …)``."""
    return tuple(f"{o.value} = {o.label}" for o in instrument.options_for(instrument.item(item_id)))


def resolve_answer(instrument: Instrument, item_id: str, value: object) -> Option | None:
    """The option a raw answer stands for; None for no answer; ValueError if not allowed."""
    key = answer_key(value)
    if key is None:
        return None
    option = _compile(instrument)[item_id].lookup.get(key)
    if option is None:
        raise ValueError(value)
    return option


def _round_half_up(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _band_result(band: Band) -> BandResult:
    return BandResult(band.id, band.label, band.min, band.max, band.meaning, band.action)


def _pick_band(
    bands: tuple[Band, ...], value: float | None, facts: Facts, warnings: list[str], what: str
) -> BandResult | None:
    undecided: list[str] = []
    for band in bands:
        if band.when is not None:
            verdict = evaluate(band.when, facts)
            if verdict is None:
                undecided.append(band.label)
                continue
            if not verdict:
                continue
        elif value is None or not (
            (band.min is None or value >= band.min) and (band.max is None or value <= band.max)
        ):
            continue
        if undecided:
            warnings.append(
                f"{what}: result is at least '{band.label}'; unanswered items leave "
                f"'{', '.join(undecided)}' open"
            )
        return _band_result(band)
    return None


def score(
    instrument: Instrument | str,
    answers: Mapping[str, object],
    *,
    sex: str | None = None,
    age: int | None = None,
    partial: bool = False,
) -> ScoreResult:
    """Score ``answers`` (item id → raw answer) with the instrument's published rules.

    A raw answer may be the value printed on the form, the option's label or id, its LOINC
    answer code, or for yes/no items yes/no, true/false or 1/0. None or "" means unanswered.
    Raises :class:`AnswersError` for unknown items or values not allowed; also for missing
    required answers unless ``partial`` is true (the error then carries the partial result).
    """
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    compiled = _compile(inst)
    problems: list[AnswerProblem] = []
    for key in answers:
        if key not in compiled:
            problems.append(
                AnswerProblem(
                    item=str(key),
                    kind="unknown_item",
                    message=f"unknown item {key!r}",
                    value=answers[key],
                    allowed=tuple(compiled),
                )
            )
    chosen: dict[str, Option] = {}
    for item in inst.items:
        raw = answers.get(item.id)
        lookup_key = answer_key(raw)
        if lookup_key is None:
            continue
        option = compiled[item.id].lookup.get(lookup_key)
        if option is None:
            allowed = allowed_values(inst, item.id)
            problems.append(
                AnswerProblem(
                    item=item.id,
                    kind="invalid_value",
                    message=f"item {item.id}: {raw!r} is not an allowed answer "
                    f"(allowed: {'; '.join(allowed)})",
                    value=raw,
                    allowed=allowed,
                )
            )
            continue
        chosen[item.id] = option
    if problems:
        raise AnswersError(inst.id, tuple(problems))

    sex_key = normalise_sex(sex)
    facts_answers: dict[str, tuple[str, float] | _Skipped] = {
        item_id: (opt.id, opt.score) for item_id, opt in chosen.items()
    }
    warnings: list[str] = []
    # Skip logic: an unanswered item whose enable condition is false was not asked.
    for item in inst.items:
        if item.enable_when is None:
            continue
        facts = Facts(facts_answers, None, {}, sex_key)
        enabled = evaluate(item.enable_when, facts)
        if enabled is False and item.id not in chosen:
            facts_answers[item.id] = SKIPPED
        elif enabled is False:
            warnings.append(
                f"item {item.id} was answered although the form skips it "
                f"({describe(item.enable_when)} is false); the answer is kept"
            )

    missing = tuple(
        item.id for item in inst.items if item.required and item.id not in facts_answers
    )
    expected = sum(
        1
        for item in inst.items
        if item.required and not isinstance(facts_answers.get(item.id), _Skipped)
    )

    def points(item_id: str) -> float | None:
        answer = facts_answers.get(item_id)
        if answer is None:
            return None
        return 0.0 if isinstance(answer, _Skipped) else answer[1]

    total: float | None = None
    prorated = False
    if inst.scoring.method == "sum":
        values = [points(i) for i in inst.scoring.items]
        absent = [i for i, v in zip(inst.scoring.items, values, strict=True) if v is None]
        present = [v for v in values if v is not None]
        if not absent:
            total = float(sum(present))
        elif (
            inst.missing.rule == "prorate"
            and len(absent) <= inst.missing.max_missing
            and not set(absent) & set(inst.missing.never_impute)
            and present
        ):
            total = _round_half_up(sum(present) / len(present) * len(values))
            prorated = True
            warnings.append(
                f"total prorated for {len(absent)} missing item(s) ({', '.join(absent)}): "
                f"{inst.missing.source}"
            )
        else:
            warnings.append(
                f"not scored: item(s) {', '.join(absent)} unanswered; {inst.missing.source}"
            )

    subscales: dict[str, float | None] = {}
    for sub in inst.subscales:
        sub_values = [points(i) for i in sub.items]
        subscales[sub.id] = (
            None if any(v is None for v in sub_values) else float(sum(v or 0 for v in sub_values))
        )

    facts = Facts(facts_answers, total, subscales, sex_key)
    band = _pick_band(inst.bands, total, facts, warnings, inst.short_name) if inst.bands else None
    sub_results = {
        sub.id: SubscaleResult(
            sub.id,
            sub.label,
            subscales[sub.id],
            _pick_band(sub.bands, subscales[sub.id], facts, warnings, sub.label)
            if sub.bands
            else None,
        )
        for sub in inst.subscales
    }

    flags: list[FlagResult] = []
    for flag in inst.flags:
        verdict = evaluate(flag.when, facts)
        rule = describe(flag.when)
        if verdict:
            flags.append(
                FlagResult(flag.id, flag.label, flag.severity, flag.message, rule, flag.source)
            )
        elif verdict is None and flag.severity in ("urgent", "emergency"):
            unread = sorted(items_in(flag.when) - set(chosen))
            what = f"item(s) {', '.join(unread)} unanswered" if unread else "total unknown"
            warnings.append(f"cannot rule out '{flag.label}': {what} ({rule})")

    if age is not None:
        low, high = inst.ages.min, inst.ages.max
        if (low is not None and age < low) or (high is not None and age > high):
            warnings.append(
                f"age {age} is outside the validated age range of {inst.short_name} "
                f"({low if low is not None else '…'}–{high if high is not None else '…'}); "
                f"{inst.ages.note}".rstrip("; ")
            )

    result = ScoreResult(
        instrument=inst.id,
        instrument_version=inst.version,
        total=total,
        band=band,
        flags=tuple(flags),
        subscales=sub_results,
        items={
            item_id: ItemScore(item_id, opt.id, opt.value, opt.score)
            for item_id, opt in chosen.items()
        },
        answered=len(chosen),
        expected=expected,
        missing=missing,
        prorated=prorated,
        warnings=tuple(warnings),
        basis=inst.scoring.rule,
        source=inst.scoring.source,
        context={"sex": sex_key, "age": age},
    )
    if missing and not partial:
        raise AnswersError(
            inst.id,
            tuple(
                AnswerProblem(
                    item=item_id,
                    kind="missing",
                    message=f"item {item_id}: no answer (allowed: "
                    f"{'; '.join(allowed_values(inst, item_id))})",
                    allowed=allowed_values(inst, item_id),
                )
                for item_id in missing
            ),
            partial=result,
        )
    return result

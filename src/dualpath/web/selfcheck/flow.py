"""The adaptive order of the self-check, as pure functions of the answers given so far.

Short screens first, then only the follow-ups that apply:

- PHQ-2 for everyone; the rest of the PHQ-9 when the PHQ-2 total is 2 or more. The usual
  cut-off is 3, but at 3 only 49% of people with thoughts of self-harm went on to the PHQ-9,
  against 76% at 2 (CLINICAL.md §0.8), so this high-risk population gets the sensitive one.
- The ASQ suicide-risk screen for everyone, whatever the mood answers (§0.7: a negative
  PHQ-9 item 9 does not mean safe). Declining an ASQ question counts as a positive answer.
- TAPS part 1 for everyone, with its part-2 blocks as its own skip rules say; then AUDIT-C
  when alcohol is reported, DAST-10 when illegal or misused prescription drugs are, CUDIT-R
  when cannabis use is reported in TAPS part 2.

Item-level skip rules come from the definitions (``enable_when``), evaluated three-valued: an
item whose condition cannot yet be decided is asked rather than skipped. Nothing here touches
Django, so the logic is tested directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from dualpath.engine import AnswersError, Instrument, get_instrument, normalise_sex, score
from dualpath.engine.conditions import SKIPPED, Facts, _Skipped, evaluate
from dualpath.engine.errors import UnknownInstrumentError

__all__ = [
    "ABOUT",
    "DECLINED",
    "PHQ9_AFTER_PHQ2",
    "SECTIONS",
    "WITHDRAWAL",
    "Answers",
    "Plan",
    "Risk",
    "Step",
    "instrument_answers",
    "plan",
    "risk",
]

Answers = Mapping[str, Mapping[str, str]]
"""instrument id → item id → chosen option id (or :data:`DECLINED`)."""

SKIPPED_ANSWER = "skipped"  # an optional question the person chose to skip
DECLINED = "declined"  # the ASQ's own option for declining; it counts as a positive answer
ABOUT = "about"
WITHDRAWAL = "withdrawal"  # dualpath's own questions, not a published instrument
PHQ9_AFTER_PHQ2 = 2

# TAPS part-1 items by LOINC code (CLINICAL.md §2.7), so the flow does not depend on item ids.
_TAPS1_ALCOHOL = ("88037-7", "75889-6")
_TAPS1_DRUGS = ("96843-8",)
_TAPS1_RX = ("96844-6",)
# Instruments whose urgent or emergency flags are about suicide risk.
_RISK_INSTRUMENTS = ("phq9", "asq")
_TAPS2_CANNABIS = "marijuana_1"  # TAPS part 2: any marijuana use in the past 3 months


@dataclass(frozen=True)
class Step:
    instrument: str
    item: str

    @property
    def key(self) -> str:
        return f"{self.instrument}:{self.item}"

    @classmethod
    def parse(cls, key: str) -> Step:
        instrument, _, item = key.partition(":")
        if not instrument or not item:
            raise ValueError(f"not a step key: {key!r}")
        return cls(instrument, item)


@dataclass(frozen=True)
class Plan:
    """The steps that apply so far, in order, and the first one still unanswered.

    ``steps`` lists every step decided so far; later sections whose inclusion depends on
    unanswered questions are not in it yet, so ``len(steps)`` is a lower bound used for the
    progress bar.
    """

    steps: tuple[Step, ...]
    next: Step | None

    @property
    def done(self) -> bool:
        return self.next is None

    @property
    def answered(self) -> int:
        return self.steps.index(self.next) if self.next is not None else len(self.steps)

    def previous(self, step: Step) -> Step | None:
        if step not in self.steps:
            return None
        index = self.steps.index(step)
        return self.steps[index - 1] if index > 0 else None


@dataclass(frozen=True)
class Risk:
    """Suicide-risk signal from the answers so far: none, possible, or acute."""

    level: str
    reasons: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        return self.level != "none"

    @property
    def acute(self) -> bool:
        return self.level == "acute"


@cache
def _instrument(instrument_id: str) -> Instrument | None:
    try:
        return get_instrument(instrument_id)
    except UnknownInstrumentError:
        return None


def _sex(answers: Answers) -> str:
    return normalise_sex(answers.get(ABOUT, {}).get("sex"))


def instrument_answers(answers: Answers, instrument_id: str) -> dict[str, str]:
    """The answers to one instrument, with PHQ-2 answers counted as PHQ-9 items 1 and 2."""
    own = dict(answers.get(instrument_id, {}))
    if instrument_id == "phq9":
        for item_id, option in _shared_phq_items().items():
            if item_id in answers.get("phq2", {}):
                own.setdefault(option, answers["phq2"][item_id])
    return own


@cache
def _shared_phq_items() -> dict[str, str]:
    """PHQ-2 item id → PHQ-9 item id, matched by LOINC code (they are the same questions)."""
    phq2, phq9 = _instrument("phq2"), _instrument("phq9")
    if phq2 is None or phq9 is None:
        return {}
    by_code = {item.loinc: item.id for item in phq9.items if item.loinc}
    return {item.id: by_code[item.loinc] for item in phq2.items if item.loinc in by_code}


def _facts(instrument: Instrument, given: Mapping[str, str], sex: str) -> Facts:
    facts: dict[str, tuple[str, float] | _Skipped] = {}
    for item in instrument.items:
        chosen = given.get(item.id)
        if chosen is None:
            continue
        for option in instrument.options_for(item):
            if option.id == chosen:
                facts[item.id] = (option.id, option.score)
    # Items whose enable condition is false count as skipped, so later conditions can decide.
    for item in instrument.items:
        if item.id not in facts and item.enable_when is not None:
            probe = Facts(answers=facts, total=None, subscales={}, sex=sex)
            if evaluate(item.enable_when, probe) is False:
                facts[item.id] = SKIPPED
    return Facts(answers=facts, total=None, subscales={}, sex=sex)


def _items(instrument_id: str, answers: Answers, *, estimate: bool) -> list[Step] | None:
    """The items of one instrument that apply so far, in order.

    With ``estimate`` (an earlier question is still unanswered), items whose condition is not
    decided yet are left out; otherwise such an item is kept when it would be the next one.

    Returns None when the instrument is not installed or its wording may not be shown.
    """
    instrument = _instrument(instrument_id)
    if instrument is None or any(item.text is None for item in instrument.items):
        # Not installed, or its licence keeps the wording out of dualpath (CUDIT-R, SHAPS):
        # a self-check cannot ask a question it may not show.
        return None
    given = instrument_answers(answers, instrument_id)
    facts = _facts(instrument, given, _sex(answers))
    skip = set(_shared_phq_items().values()) if instrument_id == "phq9" else set()
    steps: list[Step] = []
    for item in instrument.items:
        if item.id in skip:
            continue
        if item.enable_when is not None:
            enabled = evaluate(item.enable_when, facts)
            if enabled is False:
                continue
            if enabled is None and (estimate or steps_unanswered(steps, given)):
                # Undecided: ask it if it is next (asked, never silently skipped), but leave
                # it out of the estimate of what is still to come.
                continue
        steps.append(Step(instrument_id, item.id))
    return steps


def steps_unanswered(steps: list[Step], given: Mapping[str, str]) -> bool:
    return any(step.item not in given for step in steps)


def _points(instrument_id: str, answers: Answers) -> dict[str, float]:
    instrument = _instrument(instrument_id)
    if instrument is None:
        return {}
    given = instrument_answers(answers, instrument_id)
    points: dict[str, float] = {}
    for item in instrument.items:
        for option in instrument.options_for(item):
            if given.get(item.id) == option.id:
                points[item.id] = option.score
    return points


def _taps_item_ids(codes: tuple[str, ...]) -> tuple[str, ...]:
    taps = _instrument("taps")
    if taps is None:
        return ()
    return tuple(item.id for item in taps.items if item.loinc in codes)


def _taps_reports(codes: tuple[str, ...], answers: Answers) -> bool | None:
    """True if any TAPS-1 item with these codes is above "Never"; None while unanswered."""
    ids = _taps_item_ids(codes)
    points = _points("taps", answers)
    if not ids or any(item_id not in points for item_id in ids):
        return None
    return any(points[item_id] > 0 for item_id in ids)


def _cannabis_reported(answers: Answers) -> bool | None:
    """TAPS part 2: the cannabis block's "any use" item answered yes."""
    points = _points("taps", answers)
    if _TAPS2_CANNABIS not in points:
        return None
    return points[_TAPS2_CANNABIS] > 0


def _phq2_positive(answers: Answers) -> bool | None:
    points = _points("phq2", answers)
    phq2 = _instrument("phq2")
    if phq2 is None or any(item.id not in points for item in phq2.scored_items):
        return None
    return sum(points.values()) >= PHQ9_AFTER_PHQ2


# Substance classes whose withdrawal can be dangerous, and the questions asked about each:
# "sick" (withdrawal symptoms: physical dependence), and for alcohol and sedatives, where
# stopping can cause seizures and delirium, whether either ever happened.
WITHDRAWAL_CLASSES: dict[str, tuple[str, ...]] = {
    "alcohol": ("sick", "seizure", "delirium"),
    "sedatives": ("sick", "seizure", "delirium"),
    "opioids": ("sick",),
}


def withdrawal_classes(answers: Answers) -> tuple[str, ...]:
    """The classes TAPS shows the person uses, of those with risky withdrawal."""
    taps = answers.get("taps", {})
    used = {
        "alcohol": taps.get("t1_alcohol") not in (None, "never"),
        "sedatives": taps.get("sedatives_1") == "yes",
        "opioids": taps.get("heroin_1") == "yes" or taps.get("rx_opioids_1") == "yes",
    }
    return tuple(name for name in WITHDRAWAL_CLASSES if used[name])


def withdrawal_items(answers: Answers) -> list[str]:
    return [
        f"{name}_{question}"
        for name in withdrawal_classes(answers)
        for question in WITHDRAWAL_CLASSES[name]
    ]


# Sections in order: id and when it applies (None = not decided yet).
_Rule = Callable[[Answers], bool | None]
SECTIONS: tuple[tuple[str, _Rule], ...] = (
    ("phq2", lambda a: True),
    ("phq9", _phq2_positive),
    ("asq", lambda a: True),
    (ABOUT, lambda a: True),
    ("taps", lambda a: True),
    ("auditc", lambda a: _taps_reports(_TAPS1_ALCOHOL, a)),
    ("dast10", lambda a: _any_true(_taps_reports(_TAPS1_DRUGS, a), _taps_reports(_TAPS1_RX, a))),
    ("cuditr", _cannabis_reported),
    (WITHDRAWAL, lambda a: bool(withdrawal_classes(a))),
)

ABOUT_ITEMS = ("sex",)


def _any_true(*values: bool | None) -> bool | None:
    if any(v is True for v in values):
        return True
    if all(v is False for v in values):
        return False
    return None


def plan(answers: Answers) -> Plan:
    """Walk the sections in order, stopping at the first step that still needs an answer."""
    steps: list[Step] = []
    next_step: Step | None = None
    for section, applies in SECTIONS:
        if applies(answers) is not True:
            continue  # does not apply, or depends on questions not answered yet
        if section == ABOUT:
            items: list[Step] | None = [Step(ABOUT, item) for item in ABOUT_ITEMS]
        elif section == WITHDRAWAL:
            items = [Step(WITHDRAWAL, item) for item in withdrawal_items(answers)]
        else:
            items = _items(section, answers, estimate=next_step is not None)
        if items is None:
            continue  # instrument not installed
        for step in items:
            steps.append(step)
            if next_step is None and step.item not in _given(answers, step):
                next_step = step
    return Plan(steps=tuple(steps), next=next_step)


def _given(answers: Answers, step: Step) -> Mapping[str, str]:
    if step.instrument in (ABOUT, WITHDRAWAL):
        return answers.get(step.instrument, {})
    return instrument_answers(answers, step.instrument)


def risk(answers: Answers) -> Risk:
    """Suicide-risk signal in the answers so far, from the definitions' own flags.

    Urgent flags (PHQ-9 item 9 above "not at all", a positive ASQ — declining a question
    counts as yes, as the ASQ toolkit says) mean *possible*; an emergency flag (ASQ acute
    positive) means *acute*.
    """
    reasons: list[str] = []
    level = "none"
    for instrument_id in _RISK_INSTRUMENTS:
        given = instrument_answers(answers, instrument_id)
        if not given:
            continue
        answered = {k: v for k, v in given.items() if v != SKIPPED_ANSWER}
        try:
            result = score(instrument_id, answered, sex=_sex(answers), partial=True)
        except (AnswersError, UnknownInstrumentError):
            continue
        for flag in result.flags:
            if flag.severity == "emergency":
                level = "acute"
                reasons.append(f"{instrument_id}:{flag.id}")
            elif flag.severity == "urgent":
                level = "possible" if level == "none" else level
                reasons.append(f"{instrument_id}:{flag.id}")
    return Risk(level=level, reasons=tuple(reasons))

"""What one screen of the check shows, built from the instrument definitions."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dualpath.engine import get_instrument, normalise_sex
from dualpath.web.selfcheck.flow import (
    ABOUT,
    DECLINED,
    SKIPPED_ANSWER,
    WITHDRAWAL,
    Answers,
    Step,
)

__all__ = ["SKIPPED_ANSWER", "Question", "question_for"]


@dataclass(frozen=True)
class Question:
    step: Step
    section: str
    legend: str
    stem: str
    choices: tuple[tuple[str, str], ...]
    optional: bool
    help: str = ""


def _about(step: Step) -> Question:
    if step.item != "sex":
        raise KeyError(step.key)
    return Question(
        step=step,
        section=_("About you"),
        legend=_("What is your sex?"),
        stem=_(
            "A few questions about alcohol use depend on it (for example, how many drinks "
            "count as heavy drinking). If you prefer not to say, we use the more careful limit."
        ),
        choices=(
            ("female", _("Female")),
            ("male", _("Male")),
            ("other", _("I describe myself another way")),
            ("not_stated", _("I prefer not to say")),
        ),
        optional=False,
    )


def _withdrawal(step: Step) -> Question:
    """dualpath's own plain questions about withdrawal (not a published instrument)."""
    substance, _sep, kind = step.item.partition("_")
    what = {
        "alcohol": _("drinking alcohol"),
        "sedatives": _("taking sleeping or anxiety pills (such as Xanax or Valium)"),
        "opioids": _("using heroin or opioid painkillers"),
    }[substance]
    legends = {
        "sick": _(
            "When you cut down or stop %(what)s, do you feel sick? For example shaking, "
            "sweating, feeling very anxious or restless, not sleeping, aches, vomiting or "
            "diarrhoea."
        ),
        "seizure": _(
            "Have you ever had a seizure (a fit) after cutting down or stopping %(what)s?"
        ),
        "delirium": _(
            "Have you ever become very confused, or seen or heard things that were not "
            "there, after cutting down or stopping %(what)s?"
        ),
    }
    return Question(
        step=step,
        section=_("Stopping safely"),
        legend=legends[kind] % {"what": what},
        stem=_(
            "Stopping some substances suddenly can be dangerous. These questions are our own "
            "(not from a published questionnaire); they help a health worker plan how to stop "
            "safely."
        ),
        choices=(("yes", _("Yes")), ("no", _("No")), ("not_sure", _("I am not sure"))),
        optional=False,
    )


def question_for(step: Step, answers: Answers) -> Question:
    """The question for one step; raises KeyError for an unknown step."""
    if step.instrument == ABOUT:
        return _about(step)
    if step.instrument == WITHDRAWAL:
        return _withdrawal(step)
    instrument = get_instrument(step.instrument)
    item = instrument.item(step.item)
    sex = normalise_sex(answers.get(ABOUT, {}).get("sex"))
    text = item.text_variants.get(sex) or item.text
    if text is None:
        raise KeyError(f"{step.key}: the licence does not allow showing this item's wording")
    choices = tuple(
        (option.id, _("I would rather not answer") if option.id == DECLINED else option.label)
        for option in instrument.options_for(item)
    )
    return Question(
        step=step,
        section=instrument.short_name,
        legend=text,
        stem=instrument.preamble or "",
        choices=choices,
        optional=not item.required or not item.scored,
        help="",
    )

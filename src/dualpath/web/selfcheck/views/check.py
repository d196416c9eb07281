"""One question per screen: show it, take its answer, and show crisis help at once on risk.

GET shows the first unanswered question (or, with ``?q=<step>``, an earlier one to change).
POST stores the answer in the session and redirects to the next screen — except when the
answers now carry a suicide-risk signal: then the response to that very POST shows the
crisis contacts at the top, above the next question, so no redirect or later page can
come between the person and the help.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dualpath.web.lib.client import client_id
from dualpath.web.lib.ratelimit import RateLimiter, parse_rate
from dualpath.web.selfcheck.flow import ABOUT, Plan, Step, plan, risk
from dualpath.web.selfcheck.forms import AnswerForm
from dualpath.web.selfcheck.questions import question_for
from dualpath.web.selfcheck.state import CheckState, get_check, save_check


def _limiter() -> RateLimiter:
    return RateLimiter(
        cache, "answers", parse_rate(settings.DUALPATH_RATE_ANSWERS), settings.SECRET_KEY
    )


def _prune(state: CheckState, current: Plan) -> None:
    """Forget answers to questions that no longer apply after an answer was changed."""
    keep = {step.key for step in current.steps}
    for instrument in list(state["answers"]):
        items = state["answers"][instrument]
        for item in list(items):
            if f"{instrument}:{item}" not in keep:
                del items[item]
        if not items:
            del state["answers"][instrument]
    state["order"] = [key for key in state["order"] if key in keep]


def _target_after(step: Step, current: Plan) -> Step | None:
    """The screen after ``step``: the next in order, or an earlier gap if one opened up."""
    following = None
    if step in current.steps:
        index = current.steps.index(step)
        if index + 1 < len(current.steps):
            following = current.steps[index + 1]
    if current.next is None:
        return following
    if following is None:
        return current.next
    return min(following, current.next, key=current.steps.index)


def _render(
    request: HttpRequest,
    state: CheckState,
    step: Step,
    current: Plan,
    form: AnswerForm | None = None,
    *,
    status: int = 200,
    fresh_risk: bool = False,
) -> HttpResponse:
    question = question_for(step, state["answers"])
    if form is None:
        given = state["answers"].get(step.instrument, {}).get(step.item)
        form = AnswerForm(question, initial={"answer": given} if given else None)
    previous = current.previous(step)
    signal = risk(state["answers"])
    position = current.steps.index(step) + 1 if step in current.steps else current.answered + 1
    context = {
        "token": state["token"],
        "question": question,
        "form": form,
        "position": position,
        "total": max(len(current.steps), position),
        "back_url": (
            f"{reverse('selfcheck:question', args=[state['token']])}?q={previous.key}"
            if previous
            else None
        ),
        "risk": signal,
        "fresh_risk": fresh_risk,
        "about": step.instrument == ABOUT,
    }
    return render(request, "selfcheck/question.html", context, status=status)


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, token: str) -> HttpResponse:
    state = get_check(request.session, token)
    if state is None:
        raise Http404("This check is not in this browser any more.")
    current = plan(state["answers"])

    if request.method == "GET":
        wanted = request.GET.get("q")
        step = current.next
        if wanted:
            try:
                candidate = Step.parse(wanted)
            except ValueError:
                candidate = None
            answered = candidate is not None and candidate.item in state["answers"].get(
                candidate.instrument, {}
            )
            if candidate in current.steps and (answered or candidate == current.next):
                step = candidate
        if step is None:
            return redirect("selfcheck:results", token=token)
        return _render(request, state, step, current)

    if not _limiter().hit(client_id(request)):
        return render(request, "selfcheck/too_many.html", status=429)

    try:
        step = Step.parse(request.POST.get("step", ""))
    except ValueError:
        step = None
    if step is None or step not in current.steps:
        # A stale or forged step: show the current question again, losing nothing.
        if current.next is None:
            return redirect("selfcheck:results", token=token)
        return _render(request, state, current.next, current)

    question_ = question_for(step, state["answers"])
    form = AnswerForm(question_, request.POST)
    if not form.is_valid():
        return _render(request, state, step, current, form, status=400)

    before = risk(state["answers"])
    state["answers"].setdefault(step.instrument, {})[step.item] = form.cleaned_data["answer"]
    if step.key not in state["order"]:
        state["order"].append(step.key)
    updated = plan(state["answers"])
    _prune(state, updated)
    updated = plan(state["answers"])
    save_check(request.session, state)
    after = risk(state["answers"])
    target = _target_after(step, updated)

    if after.any:
        # Crisis help in this very response, above whatever comes next.
        fresh = after.level != before.level or not before.any
        if target is None:
            return render(
                request,
                "selfcheck/done_with_risk.html",
                {"token": token, "risk": after, "fresh_risk": fresh},
            )
        return _render(request, state, target, updated, fresh_risk=fresh)
    if target is None:
        return redirect("selfcheck:results", token=token)
    url = reverse("selfcheck:question", args=[token])
    if target != updated.next:
        url += f"?q={target.key}"
    return redirect(url)

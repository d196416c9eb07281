"""The results page, its PDF summary, and saving a result to share (only with consent)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dualpath.engine import Assessment, CaseError
from dualpath.web.audit import models as audit
from dualpath.web.audit.models import client_hash
from dualpath.web.lib.client import client_id
from dualpath.web.lib.ratelimit import RateLimiter, parse_rate
from dualpath.web.selfcheck.case import self_check_assessment
from dualpath.web.selfcheck.context import chosen_country
from dualpath.web.selfcheck.flow import plan, risk
from dualpath.web.selfcheck.models import SharedResult, new_code
from dualpath.web.selfcheck.results import outcomes
from dualpath.web.selfcheck.state import CheckState, get_check, save_check

logger = logging.getLogger(__name__)


def _finished(request: HttpRequest, token: str) -> CheckState | HttpResponse:
    state = get_check(request.session, token)
    if state is None:
        raise Http404("This check is not in this browser any more.")
    if not plan(state["answers"]).done:
        return redirect("selfcheck:question", token=token)
    return state


def _assessment(request: HttpRequest, state: CheckState) -> Assessment | None:
    """The engine's assessment of the answers; None (and the per-instrument results alone)
    only if the engine refuses the case, which the logs record without any answer in them."""
    try:
        return self_check_assessment(
            state["answers"], country=chosen_country(request), today=timezone.localdate()
        )
    except CaseError as exc:
        logger.error("self-check case refused by the engine: %s problem(s)", len(exc.problems))
        return None


def _context(request: HttpRequest, state: CheckState) -> dict[str, Any]:
    return {
        "token": state["token"],
        "assessment": _assessment(request, state),
        "outcomes": outcomes(state["answers"]),
        "risk": risk(state["answers"]),
        "share_key": state["share_key"],
        "shared": state.get("shared"),
        "generated": timezone.now(),
    }


@require_GET
def results(request: HttpRequest, token: str) -> HttpResponse:
    state = _finished(request, token)
    if isinstance(state, HttpResponse):
        return state
    return render(request, "selfcheck/results.html", _context(request, state))


@require_GET
def summary_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """A PDF the person can bring to a clinician; generated on request, never stored."""
    state = _finished(request, token)
    if isinstance(state, HttpResponse):
        return state
    # Imported here: heavy, and only this page needs it.
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string("selfcheck/summary_pdf.html", _context(request, state), request=request)

    def refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"the PDF summary loads nothing from outside: {url[:40]}")

    pdf = HTML(string=html, url_fetcher=refuse).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="dualpath-summary.pdf"'
    return response


@require_POST
def save(request: HttpRequest, token: str) -> HttpResponse:
    """Store the result only when the person ticked the consent box; one record per key."""
    state = _finished(request, token)
    if isinstance(state, HttpResponse):
        return state
    limiter = RateLimiter(
        cache, "save", parse_rate(settings.DUALPATH_RATE_SAVE), settings.SECRET_KEY
    )
    if request.POST.get("consent") != "yes":
        context = _context(request, state)
        context["consent_error"] = _(
            "To save your results, tick the box to say you agree. Nothing has been saved."
        )
        return render(request, "selfcheck/results.html", context, status=400)
    key = request.POST.get("key", "")
    if not secrets.compare_digest(key, state["share_key"]):
        context = _context(request, state)
        context["consent_error"] = _(
            "This page was out of date, so nothing was saved. Please try again."
        )
        return render(request, "selfcheck/results.html", context, status=400)
    if not limiter.hit(client_id(request)):
        return render(request, "selfcheck/too_many.html", status=429)
    shared = _store(state, _assessment(request, state), client_hash(client_id(request)))
    state["shared"] = {"code": shared.display_code, "expires": shared.expires_at.date().isoformat()}
    save_check(request.session, state)
    return redirect("selfcheck:saved", token=token)


def _store(state: CheckState, assessment: Assessment | None, client: str) -> SharedResult:
    existing = SharedResult.objects.filter(idempotency_key=state["share_key"]).first()
    if existing is not None:
        return existing
    expires = timezone.now() + dt.timedelta(days=settings.DUALPATH_SHARE_DAYS)
    data = [outcome.to_dict() for outcome in outcomes(state["answers"])]
    for _attempt in range(5):
        try:
            with transaction.atomic():
                shared = SharedResult.objects.create(
                    code=new_code(),
                    idempotency_key=state["share_key"],
                    expires_at=expires,
                    language=get_language() or "en",
                    answers=state["answers"],
                    results={
                        "instruments": data,
                        "risk": risk(state["answers"]).level,
                        "assessment": assessment.model_dump(mode="json") if assessment else None,
                    },
                )
                audit.record(
                    "create",
                    "SharedResult",
                    [shared.pk],
                    actor="self-check visitor",
                    client=client,
                    detail="saved with the person's consent",
                )
                return shared
        except IntegrityError:
            again = SharedResult.objects.filter(idempotency_key=state["share_key"]).first()
            if again is not None:
                return again  # a concurrent double submit won the race
    raise RuntimeError("could not find a free share code")


@require_GET
def saved(request: HttpRequest, token: str) -> HttpResponse:
    state = _finished(request, token)
    if isinstance(state, HttpResponse):
        return state
    if not state.get("shared"):
        return redirect("selfcheck:results", token=token)
    return render(request, "selfcheck/saved.html", _context(request, state))

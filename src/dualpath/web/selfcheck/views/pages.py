"""The static-ish pages: landing, help now, privacy, country choice, forget my answers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from dualpath.engine import supported_countries
from dualpath.web.selfcheck.context import COUNTRY_SESSION_KEY
from dualpath.web.selfcheck.state import forget_checks, get_check, new_check


def _resume_url(request: HttpRequest) -> str | None:
    state = get_check(request.session)
    if state is None or not state["order"]:
        return None
    return reverse("selfcheck:question", args=[state["token"]])


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "selfcheck/landing.html", {"resume_url": _resume_url(request)})


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    state = new_check(request.session)
    return redirect("selfcheck:question", token=state["token"])


@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    state = get_check(request.session)
    return_url = reverse("selfcheck:question", args=[state["token"]]) if state else None
    return render(request, "selfcheck/help.html", {"return_url": return_url})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """No icon (pages declare an empty one); answer browsers that ask anyway without a 404."""
    response = HttpResponse(status=204)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "selfcheck/privacy.html")


@require_POST
def forget(request: HttpRequest) -> HttpResponse:
    forget_checks(request.session)
    return redirect("selfcheck:landing")


@require_POST
def country(request: HttpRequest) -> HttpResponse:
    """Remember the chosen country (never guessed) and go back to the page it was chosen on."""
    code = request.POST.get("country", "").strip().upper()
    known = {c.code for c in supported_countries()}
    if code in known or code == "OTHER":
        request.session[COUNTRY_SESSION_KEY] = code if code in known else "other"
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("selfcheck:help")
    return redirect(target)

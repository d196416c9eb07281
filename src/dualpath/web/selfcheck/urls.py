from __future__ import annotations

from django.urls import URLPattern, path

from dualpath.web.selfcheck.views import check, pages, results

app_name = "selfcheck"

urlpatterns: list[URLPattern] = [
    path("", pages.landing, name="landing"),
    path("start/", pages.start, name="start"),
    path("help/", pages.help_now, name="help"),
    path("privacy/", pages.privacy, name="privacy"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("forget/", pages.forget, name="forget"),
    path("country/", pages.country, name="country"),
    path("check/<str:token>/", check.question, name="question"),
    path("check/<str:token>/results/", results.results, name="results"),
    path("check/<str:token>/summary.pdf", results.summary_pdf, name="summary_pdf"),
    path("check/<str:token>/save/", results.save, name="save"),
    path("check/<str:token>/saved/", results.saved, name="saved"),
]

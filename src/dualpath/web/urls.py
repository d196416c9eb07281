"""Root URLs: the public self-check at /, the JSON API at /api/v1/, FHIR at /fhir/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", include("dualpath.web.api.urls")),
    path("fhir/", include("dualpath.web.api.fhir_urls")),
    path("", include("dualpath.web.selfcheck.urls")),
]

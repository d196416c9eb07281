"""/api/v1/: the JSON API (see v1.py)."""

from django.urls import URLPattern, URLResolver, path

from dualpath.web.api.v1 import api

urlpatterns: list[URLPattern | URLResolver] = [path("", api.urls)]

from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dualpath.web.api"
    label = "dualpath_api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"

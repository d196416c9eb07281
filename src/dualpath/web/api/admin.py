"""Django admin for API keys: new keys are made with ``manage.py dualpath_apikey create``."""

from __future__ import annotations

from django.contrib import admin

from dualpath.web.api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    list_display = ("name", "prefix", "active", "rate_limit_per_minute", "created", "last_used")
    list_filter = ("active",)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "key_hash", "created", "last_used")
    fields = (
        "name",
        "prefix",
        "key_hash",
        "rate_limit_per_minute",
        "active",
        "created",
        "last_used",
    )

    def has_add_permission(self, request: object) -> bool:
        return False  # a key must be shown once at creation: use the management command

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dualpath.web.audit"
    label = "dualpath_audit"
    verbose_name = "Audit trail"
    default_auto_field = "django.db.models.BigAutoField"

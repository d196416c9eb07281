from __future__ import annotations

from django.apps import AppConfig


class SelfcheckConfig(AppConfig):
    name = "dualpath.web.selfcheck"
    label = "selfcheck"
    verbose_name = "Self-check"

    def ready(self) -> None:
        from dualpath.web.selfcheck import checks  # noqa: F401  (registers the checks)

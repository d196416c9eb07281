from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(using: str, **_: Any) -> None:
    """Every ``migrate`` also creates the database cache table when one is configured, so a
    deployment that turns on ``DUALPATH_CACHE=database`` needs no extra step (idempotent)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class ApiConfig(AppConfig):
    name = "dualpath.web.api"
    label = "dualpath_api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="dualpath-cache")
        _load_wording()


def _load_wording() -> None:
    """Use the deployment's licensed item wording (``DUALPATH_WORDING_FILE``), if any; a file
    that cannot be used stops start-up with the reason, rather than serving placeholders."""
    from pathlib import Path

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from dualpath.wording_file import WordingFileError, load_wording_file

    if not settings.WORDING_FILE:
        return
    try:
        load_wording_file(Path(settings.WORDING_FILE))
    except WordingFileError as exc:
        raise ImproperlyConfigured(f"DUALPATH_WORDING_FILE: {exc}") from None

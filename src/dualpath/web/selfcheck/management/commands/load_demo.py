"""Load demonstration data, idempotently: every loader in ``settings.DUALPATH_DEMO_LOADERS``.

Each app that has demo data adds a dotted path to a ``load() -> str`` function there; running
this twice changes nothing the second time.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load demonstration data (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        for dotted in settings.DUALPATH_DEMO_LOADERS:
            summary = import_string(dotted)()
            if options["verbosity"] > 0:
                self.stdout.write(f"{dotted}: {summary}")

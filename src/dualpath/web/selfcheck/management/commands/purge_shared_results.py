"""Delete shared self-check results whose time is up (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from dualpath.web.audit import models as audit
from dualpath.web.selfcheck.models import SharedResult


class Command(BaseCommand):
    help = "Delete shared self-check results past their expiry date."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = audit.delete_recorded(
            SharedResult.objects.filter(expires_at__lte=timezone.now()),
            actor="command purge_shared_results",
            detail="expired",
        )
        if options["verbosity"] > 0:
            self.stdout.write(f"deleted {deleted} expired shared result(s)")

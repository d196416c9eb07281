"""``dualpath_apikey create NAME`` / ``list`` / ``revoke NAME`` / ``purge --days N``."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dualpath.web.api.models import ApiKey, IdempotencyRecord
from dualpath.web.audit import models as audit


class Command(BaseCommand):
    help = "Create, list or revoke API keys. A new key is printed once and never stored."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key and print it once")
        create.add_argument("name")
        create.add_argument("--rate", type=int, default=60, help="requests per minute")
        sub.add_parser("list", help="list keys (names and prefixes only)")
        revoke = sub.add_parser("revoke", help="deactivate a key")
        revoke.add_argument("name")
        purge = sub.add_parser("purge", help="delete stored idempotent responses older than N days")
        purge.add_argument("--days", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            if options["rate"] < 1:
                raise CommandError("--rate must be at least 1")
            if ApiKey.objects.filter(name=options["name"]).exists():
                raise CommandError(f"a key named {options['name']!r} exists already")
            record, raw = ApiKey.issue(options["name"], options["rate"])
            self.stdout.write(raw)
            self.stderr.write(
                f"Created API key {record.name!r} ({record.rate_limit_per_minute}/minute). "
                "Store it now: it cannot be shown again."
            )
        elif action == "list":
            for key in ApiKey.objects.all():
                state = "active" if key.active else "revoked"
                self.stdout.write(
                    f"{key.name}\t{key.prefix}…\t{state}\t{key.rate_limit_per_minute}/min"
                )
        elif action == "purge":
            if options["days"] < 0:
                raise CommandError("--days must be 0 or more")
            cutoff = timezone.now() - timedelta(days=options["days"])
            deleted = audit.delete_recorded(
                IdempotencyRecord.objects.filter(created__lt=cutoff),
                actor="command dualpath_apikey purge",
                detail=f"older than {options['days']} days",
            )
            self.stdout.write(
                f"Deleted {deleted} stored responses older than {options['days']} days"
            )
        else:
            updated = ApiKey.objects.filter(name=options["name"]).update(active=False)
            if not updated:
                raise CommandError(f"no key named {options['name']!r}")
            self.stdout.write(f"Revoked {options['name']}")

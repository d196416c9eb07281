"""Print the audit trail as CSV (for a privacy officer, or a request for an accounting of
disclosures), optionally for one period or one kind of record."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dualpath.web.audit.models import AuditEvent

COLUMNS = ("at", "action", "record_type", "record_id", "actor", "client", "detail")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Print audit events (create, read, delete of stored records) as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=_day, help="First day (YYYY-MM-DD), UTC.")
        parser.add_argument("--until", type=_day, help="Last day (YYYY-MM-DD), UTC.")
        parser.add_argument("--record-type", help="SharedResult or IdempotencyRecord.")
        parser.add_argument("--record-id", help="One record's id.")

    def handle(self, *args: Any, **options: Any) -> None:
        events = AuditEvent.objects.all()
        if options["since"]:
            events = events.filter(at__date__gte=options["since"])
        if options["until"]:
            events = events.filter(at__date__lte=options["until"])
        if options["record_type"]:
            events = events.filter(record_type=options["record_type"])
        if options["record_id"]:
            events = events.filter(record_id=options["record_id"])
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        for event in events.iterator():
            row = [getattr(event, name) for name in COLUMNS]
            row[0] = event.at.isoformat()
            writer.writerow(row)

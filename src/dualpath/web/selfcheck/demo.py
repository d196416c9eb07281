"""Demo data for the self-check: one shared result under the code DEMO-2345.

It lets a clinician-side demo look a code up without anyone taking the check first. The
answers are a made-up example (PHQ-2 positive, PHQ-9 moderate, ASQ negative).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dualpath.web.selfcheck.models import SharedResult
from dualpath.web.selfcheck.results import outcomes

DEMO_CODE = "DEMO2345"
DEMO_ANSWERS: dict[str, dict[str, str]] = {
    "phq2": {"1": "more_than_half", "2": "several_days"},
    "phq9": {
        "3": "more_than_half",
        "4": "more_than_half",
        "5": "several_days",
        "6": "several_days",
        "7": "several_days",
        "8": "not_at_all",
        "9": "not_at_all",
        "10": "somewhat_difficult",
    },
}


def load() -> str:
    data = [outcome.to_dict() for outcome in outcomes(DEMO_ANSWERS)]
    _, created = SharedResult.objects.update_or_create(
        code=DEMO_CODE,
        defaults={
            "idempotency_key": "demo",
            "expires_at": timezone.now() + dt.timedelta(days=3650),
            "answers": DEMO_ANSWERS,
            "results": {"instruments": data, "risk": "none", "demo": True},
        },
    )
    return "created DEMO-2345" if created else "DEMO-2345 already there (refreshed)"

"""Small builders for engine tests (cases as plain dicts, as a shell would send them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

AS_OF = dt.date(2026, 11, 21)


def ago(days: int) -> str:
    return (AS_OF - dt.timedelta(days=days)).isoformat()


def phq9(*items: int) -> dict[str, Any]:
    return {"instrument": "phq9", "answers": {str(i + 1): v for i, v in enumerate(items)}}


def case(**fields: Any) -> dict[str, Any]:
    return {"as_of": AS_OF.isoformat(), "country": "US", **fields}

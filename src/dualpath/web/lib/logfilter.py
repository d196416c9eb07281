"""A logging filter that keeps personal data out of the logs.

Self-check answers travel in POST bodies and session cookies, never in URLs, but Django's
own loggers (``django.request``, ``django.server``) may still attach the request or format
paths and query strings. This filter drops the request object, strips query strings and
masks anything that looks like an answer field, a share code or a check token.
"""

from __future__ import annotations

import logging
import re

__all__ = ["RedactPersonalData"]

_QUERY = re.compile(r"\?[^\s\"']*")
_TOKEN_PATH = re.compile(r"(/check/|/shared/)[A-Za-z0-9_-]+")
_ANSWER = re.compile(r"\b(answer|answers|csrfmiddlewaretoken|code)=[^&\s]*", re.IGNORECASE)


def _clean(text: str) -> str:
    text = _QUERY.sub("?[redacted]", text)
    text = _TOKEN_PATH.sub(r"\1[redacted]", text)
    return _ANSWER.sub(r"\1=[redacted]", text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        if isinstance(record.msg, str):
            record.msg = _clean(record.msg)
        if record.args:
            if isinstance(record.args, tuple):
                record.args = tuple(_clean(a) if isinstance(a, str) else a for a in record.args)
            elif isinstance(record.args, dict):
                record.args = {
                    k: _clean(v) if isinstance(v, str) else v for k, v in record.args.items()
                }
        return True

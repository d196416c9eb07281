from __future__ import annotations

import logging

from dualpath.web.lib.logfilter import RedactPersonalData


def _record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("django.server", logging.INFO, __file__, 1, msg, args, None)


def test_it_masks_check_tokens_and_query_strings_in_request_lines() -> None:
    record = _record('"%s" %s %s', "POST /check/Ab12_xyZ/?q=asq:1 HTTP/1.1", "302", "0")
    RedactPersonalData().filter(record)
    text = record.getMessage()
    assert "Ab12_xyZ" not in text and "asq:1" not in text
    assert "/check/[redacted]" in text


def test_it_masks_answer_fields_in_messages() -> None:
    record = _record("bad form answer=nearly_every_day&step=phq9:9")
    RedactPersonalData().filter(record)
    assert "nearly_every_day" not in record.getMessage()


def test_it_drops_the_request_object_so_handlers_cannot_dump_it() -> None:
    record = _record("Internal Server Error: %s", "/check/tok/")
    record.request = object()
    RedactPersonalData().filter(record)
    assert record.request is None

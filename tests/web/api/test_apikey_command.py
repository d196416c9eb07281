"""``manage.py dualpath_apikey``: keys are printed once and stored only as a hash."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dualpath.web.api.models import ApiKey, IdempotencyRecord, hash_key

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("dualpath_apikey", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_create_prints_a_key_that_is_stored_only_as_its_hash() -> None:
    raw = _run("create", "clinic-emr", "--rate", "30")
    key = ApiKey.objects.get(name="clinic-emr")
    assert key.key_hash == hash_key(raw)
    assert raw not in (key.key_hash, key.prefix)
    assert key.rate_limit_per_minute == 30


def test_a_second_key_with_the_same_name_is_refused() -> None:
    _run("create", "twice")
    with pytest.raises(CommandError):
        _run("create", "twice")


def test_list_shows_names_and_prefixes_but_never_keys() -> None:
    raw = _run("create", "listed")
    listing = _run("list")
    assert "listed" in listing
    assert raw not in listing


def test_revoke_deactivates_the_key() -> None:
    _run("create", "gone")
    _run("revoke", "gone")
    assert not ApiKey.objects.get(name="gone").active
    with pytest.raises(CommandError):
        _run("revoke", "never-existed")


def test_purge_deletes_stored_responses_older_than_the_given_days() -> None:
    key, _ = ApiKey.issue("idem")
    old = IdempotencyRecord.objects.create(
        api_key=key, key="old", request_hash="h", status=200, content_type="x", body=b"{}"
    )
    IdempotencyRecord.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=3))
    IdempotencyRecord.objects.create(
        api_key=key, key="new", request_hash="h", status=200, content_type="x", body=b"{}"
    )
    _run("purge", "--days", "1")
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]

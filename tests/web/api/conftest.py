"""Fixtures for the API tests: a client and a fresh API key per test."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from dualpath.web.api.models import ApiKey


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def api_key(db: None) -> str:
    _, raw = ApiKey.issue("test-client", rate_limit_per_minute=1000)
    return raw


@pytest.fixture
def client() -> Client:
    return Client()

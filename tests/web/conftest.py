"""Django for the web tests: development settings and a throwaway data directory, set before
Django loads. (When pyproject.toml sets ``DJANGO_SETTINGS_MODULE`` this still supplies the
environment the settings read.)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

if "DUALPATH_DATA_DIR" not in os.environ:
    _data = Path(tempfile.mkdtemp(prefix="dualpath-test-"))
    (_data / "static").mkdir()
    os.environ["DUALPATH_DATA_DIR"] = str(_data)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dualpath.web.settings")
os.environ.setdefault("DUALPATH_DEV", "true")

import django

django.setup()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Each test starts with empty rate-limit counters (they live in the process's cache)."""
    from django.core.cache import cache

    cache.clear()

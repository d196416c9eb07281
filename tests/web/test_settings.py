"""Settings come from the environment and are safe by default (checked in fresh processes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'key': bool(s.SECRET_KEY), "
    "'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'hosts': s.ALLOWED_HOSTS, 'secure': s.SESSION_COOKIE_SECURE}))"
)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUALPATH_", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="dualpath.web.settings", DUALPATH_DATA_DIR=str(tmp_path))
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_debug_is_off_and_cookies_secure_by_default(tmp_path: Path) -> None:
    done = _run(["-c", SHOW], _env(tmp_path, DUALPATH_SECRET_KEY="x" * 50))
    assert done.returncode == 0, done.stderr
    assert '"debug": false' in done.stdout
    assert '"secure": true' in done.stdout
    assert '"hosts": []' in done.stdout


def test_it_uses_sqlite_in_the_data_directory_by_default(tmp_path: Path) -> None:
    done = _run(["-c", SHOW], _env(tmp_path, DUALPATH_DEV="true"))
    assert "sqlite3" in done.stdout
    assert str(tmp_path / "dualpath.sqlite3") in done.stdout


def test_it_uses_the_database_url_when_given(tmp_path: Path) -> None:
    env = _env(tmp_path, DUALPATH_DEV="true", DATABASE_URL="postgresql://u@localhost/dp")
    done = _run(["-c", SHOW], env)
    assert "django.db.backends.postgresql" in done.stdout


def test_it_refuses_to_start_without_a_secret_key_and_names_the_setting(tmp_path: Path) -> None:
    done = _run(["-m", "django", "check"], _env(tmp_path))
    assert done.returncode != 0
    assert "DUALPATH_SECRET_KEY" in done.stderr


def test_it_reads_the_secret_key_from_a_file(tmp_path: Path) -> None:
    key = tmp_path / "secret"
    key.write_text("k" * 50, encoding="utf-8")
    done = _run(["-c", SHOW], _env(tmp_path, DUALPATH_SECRET_KEY_FILE=str(key)))
    assert '"key": true' in done.stdout, done.stderr


def test_a_misspelt_boolean_stops_start_up_with_its_name(tmp_path: Path) -> None:
    done = _run(["-c", SHOW], _env(tmp_path, DUALPATH_DEV="true", DUALPATH_DEBUG="ture"))
    assert done.returncode != 0
    assert "DUALPATH_DEBUG='ture' is not a boolean" in done.stderr


SAVE_AND_LOAD = """
import datetime as dt, django
django.setup()
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", interactive=False, verbosity=0)
from dualpath.web.selfcheck.models import SharedResult, new_code
code = new_code()
SharedResult.objects.create(code=code, idempotency_key=code, answers={"phq2": {"1": "no"}},
    results={"risk": "none"}, expires_at=timezone.now() + dt.timedelta(days=1))
loaded = SharedResult.objects.get(code=code)
assert loaded.answers == {"phq2": {"1": "no"}}, loaded.answers
print("vendor", django.db.connection.vendor)
"""

SHARED_COUNTS = """
import django
django.setup()
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("migrate", interactive=False, verbosity=0)  # the cache table step is idempotent
from dualpath.web.lib.ratelimit import Rate, RateLimiter
print("backend", settings.CACHES["default"]["BACKEND"])
# two cache objects stand for two app servers that share the database
one, two = (
    RateLimiter(DatabaseCache(settings.CACHE_TABLE, {}), "test", Rate(3, 60), "secret")
    for _ in range(2)
)
print("hits", [one.hit("client"), two.hit("client"), one.hit("client"), two.hit("client")])
"""
SHARED_HITS = "hits [True, True, True, False]"


def test_the_database_cache_shares_rate_limit_counts_between_processes(tmp_path: Path) -> None:
    env = _env(tmp_path, DUALPATH_DEV="true", DUALPATH_CACHE="Database")
    done = _run(["-c", SHARED_COUNTS], env)
    assert done.returncode == 0, done.stderr
    assert "backend django.core.cache.backends.db.DatabaseCache" in done.stdout
    assert SHARED_HITS in done.stdout


def test_the_default_cache_is_local_memory_and_a_typo_stops_start_up(tmp_path: Path) -> None:
    show = "import django; django.setup(); from django.conf import settings as s; "
    show += "print(s.CACHES['default']['BACKEND'])"
    done = _run(["-c", show], _env(tmp_path, DUALPATH_DEV="true"))
    assert "LocMemCache" in done.stdout, done.stderr
    done = _run(["-c", show], _env(tmp_path, DUALPATH_DEV="true", DUALPATH_CACHE="redis"))
    assert done.returncode != 0
    assert "DUALPATH_CACHE='redis' is not one of: local, database" in done.stderr


@pytest.mark.postgres
def test_migrations_a_save_load_round_trip_and_shared_counts_work_on_postgresql(
    tmp_path: Path,
) -> None:
    url = os.environ.get("DUALPATH_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(
                "DUALPATH_TEST_POSTGRES_URL is not set in CI: scripts/test starts a throwaway "
                "PostgreSQL server (scripts/postgres-test-server); install postgresql and rerun"
            )
        pytest.skip("no PostgreSQL test server (run scripts/test, which starts one)")
    env = _env(tmp_path, DUALPATH_DEV="true", DATABASE_URL=url, DUALPATH_CACHE="database")
    done = _run(["-c", SAVE_AND_LOAD + SHARED_COUNTS], env)
    assert done.returncode == 0, done.stderr
    assert "vendor postgresql" in done.stdout
    assert SHARED_HITS in done.stdout


def test_a_wording_file_is_used_at_start_up_and_a_broken_one_stops_it(tmp_path: Path) -> None:
    path = tmp_path / "wording.yaml"
    items = "".join(f'    "{n}": "[licensed {n}]"\n' for n in range(1, 15))
    path.write_text(f"shaps:\n  licence: Site licence\n  items:\n{items}", encoding="utf-8")
    show = (
        "import django; django.setup(); from dualpath.engine import get_instrument; "
        "print(get_instrument('shaps').item('2').text)"
    )
    env = _env(tmp_path, DUALPATH_DEV="true", DUALPATH_WORDING_FILE=str(path))
    done = _run(["-c", show], env)
    assert done.returncode == 0, done.stderr
    assert "[licensed 2]" in done.stdout
    path.write_text("shaps:\n  licence: Site licence\n  items: {'1': only one}\n")
    done = _run(["-m", "django", "check"], env)
    assert done.returncode != 0
    assert "DUALPATH_WORDING_FILE:" in done.stderr and "no wording for item(s) 2" in done.stderr

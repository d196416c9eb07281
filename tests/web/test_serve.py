"""`dualpath serve` (the README's run command) and its demo data and housekeeping commands."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from dualpath.web.selfcheck.demo import DEMO_CODE
from dualpath.web.selfcheck.models import SharedResult, new_code


@pytest.mark.django_db
def test_loading_the_demo_data_twice_leaves_one_demo_record() -> None:
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    demo = SharedResult.objects.get(code=DEMO_CODE)
    assert demo.results["demo"] is True
    assert SharedResult.objects.count() == 1


@pytest.mark.django_db
def test_purging_deletes_only_expired_shared_results() -> None:
    now = timezone.now()
    for days in (-1, 1):
        code = new_code()
        SharedResult.objects.create(
            code=code,
            idempotency_key=code,
            answers={},
            results={},
            expires_at=now + dt.timedelta(days=days),
        )
    call_command("purge_shared_results", verbosity=0)
    assert [r.expires_at > now for r in SharedResult.objects.all()] == [True]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_migrates_loads_demo_data_and_prints_a_working_url(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUALPATH_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DUALPATH_DATA_DIR"] = str(tmp_path)
    command = [str(Path(sys.executable).parent / "dualpath"), "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 90
        body = ""
        while time.monotonic() < deadline and not body:
            time.sleep(0.5)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    body = page.read().decode()
            except OSError:
                assert server.poll() is None, "the server stopped early"
        assert "Need help now?" in body
        assert (tmp_path / "dualpath.sqlite3").exists()
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"http://localhost:{port}/" in output

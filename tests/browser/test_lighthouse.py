"""Lighthouse 12 (mobile): accessibility 100 and performance >= 95 on three kinds of page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, LIGHTHOUSE, Phone, lighthouse_available
from tests.browser.flow import current_step, open_fresh, submit
from tests.web.selfcheck.walk import CALM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "lighthouse"


def _lighthouse(url: str, name: str, cookie: str) -> dict[str, float]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{name}.json"
    # "--headless=new": with the bare flag this Chromium shows Lighthouse an interstitial.
    flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
    for _attempt in range(3):
        done = _run_lighthouse(url, report, flags, cookie)
        # Lighthouse's own advice for a trace it failed to record (NO_NAVSTART and the like);
        # any other failure, and any score, is reported as it is
        if done.returncode == 0 or "Please run Lighthouse again" not in done.stderr:
            break
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["finalDisplayedUrl"] == url, "Lighthouse was redirected"
    return {key: value["score"] * 100 for key, value in data["categories"].items()}


def _run_lighthouse(
    url: str, report: Path, flags: str, cookie: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-path={CHROMIUM}",
            f"--chrome-flags={flags}",
            "--only-categories=accessibility,performance",
            "--output=json",
            f"--output-path={report}",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_lighthouse_scores_landing_question_and_results(phone: Phone) -> None:
    lighthouse_available()
    open_fresh(phone, "/")
    with phone.page.expect_navigation():
        phone.page.get_by_role("button", name="Start the check").click()
    question_url = phone.page.url
    while (step := current_step(phone)) is not None:
        submit(phone, CALM[step])
    results_url = phone.page.url
    assert results_url.endswith("/results/")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in phone.context.cookies())
    pages = {
        "landing": phone.base_url + "/",
        "question": question_url + "?q=phq2:1",
        "results": results_url,
    }
    scores = {name: _lighthouse(url, name, cookie) for name, url in pages.items()}
    for name, score in scores.items():
        assert score["accessibility"] == 100, (name, score)
        assert score["performance"] >= 95, (name, score)

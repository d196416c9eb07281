"""dualpath's exported Questionnaires in the NLM LHC-Forms renderer (npm ``lforms``).

LHC-Forms renders the PHQ-9 and TAPS Questionnaires in Debian's Chromium, a person's clicks
fill them, LHC-Forms builds the QuestionnaireResponse (``getFormFHIRData``), and dualpath's
``$score`` endpoint scores it. The expected results come from the engine scoring the same
choices directly, so the test checks the whole round trip: export → render (incl. skip
logic) → response built elsewhere → import → score.

The page and the lforms files are served from node_modules through Playwright's router on a
made-up origin (no network); every other request is aborted.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dualpath.engine import get_instrument, score
from dualpath.fhir import questionnaire, questionnaire_url
from dualpath.fhir.questionnaire import option_coding
from dualpath.web.api.models import ApiKey
from tests.browser.conftest import ROOT, require

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LFORMS = ROOT / "node_modules" / "lforms" / "dist" / "lforms"
ORIGIN = "http://lhcforms.test"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css"></head>
<body><div id="form"></div>
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/runtime.js"></script>
<script src="/lforms/webcomponent/polyfills.js"></script>
<script src="/lforms/webcomponent/main.js"></script>
<script src="/lforms/fhir/R4/lformsFHIR.min.js"></script>
</body></html>"""


def _serve(route: Any) -> None:
    url: str = route.request.url
    if not url.startswith(ORIGIN):
        route.abort()
        return
    path = url[len(ORIGIN) :].split("?")[0]
    if path == "/":
        route.fulfill(body=PAGE, content_type="text/html")
        return
    file = LFORMS / path.removeprefix("/lforms/")
    if path.startswith("/lforms/") and file.is_file() and LFORMS in file.resolve().parents:
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(body=file.read_bytes(), content_type=kind)
        return
    route.fulfill(status=404, body="not found")


@pytest.fixture
def lhc_page(browser: Any) -> Iterator[Any]:
    require(LFORMS / "webcomponent" / "main.js", "lforms (npm install)")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", _serve)
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("() => window.LForms && LForms.Util && LForms.Util.addFormToPage")
    yield page
    context.close()
    assert not errors, errors


def _render(page: Any, instrument_id: str) -> None:
    page.evaluate(
        "q => LForms.Util.addFormToPage(q, 'form', {fhirVersion: 'R4'})",
        questionnaire(instrument_id),
    )
    page.wait_for_selector("wc-lhc-form lhc-item")


def _click(page: Any, instrument_id: str, item_id: str, option_id: str) -> None:
    inst = get_instrument(instrument_id)
    option = next(o for o in inst.options_for(inst.item(item_id)) if o.id == option_id)
    coding = option_coding(inst, option)
    selector = f'[id="{item_id}/1|{coding["system"]}|{coding["code"]}"]'
    page.locator(selector).click()
    assert page.locator(f"{selector} input").is_checked()


def _response(page: Any) -> dict[str, Any]:
    qr: dict[str, Any] = page.evaluate(
        "() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4')"
    )
    assert qr["resourceType"] == "QuestionnaireResponse"
    return qr


def _post_score(qr: dict[str, Any], query: str = "") -> dict[str, Any]:
    _, key = ApiKey.issue("lhc-forms-test", rate_limit_per_minute=100)
    resp = Client().post(
        f"/fhir/QuestionnaireResponse/$score{query}",
        json.dumps(qr),
        content_type="application/fhir+json",
        headers={"X-API-Key": key},
    )
    assert resp.status_code == 200, resp.content.decode()
    bundle: dict[str, Any] = json.loads(resp.content)
    return bundle


def _observation(bundle: dict[str, Any], code: str) -> dict[str, Any]:
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Observation" and any(
            c["code"] == code for c in resource["code"]["coding"]
        ):
            return dict(resource)
    raise AssertionError(f"no Observation {code}")


def test_lhc_forms_renders_the_phq9_and_its_response_scores_in_dualpath(lhc_page: Any) -> None:
    _render(lhc_page, "phq9")
    choices = {
        "1": "more_than_half",
        "2": "nearly_every_day",
        "3": "several_days",
        "4": "more_than_half",
        "5": "not_at_all",
        "6": "several_days",
        "7": "more_than_half",
        "8": "not_at_all",
        "9": "several_days",
        "10": "very_difficult",
    }
    for item_id, option_id in choices.items():
        _click(lhc_page, "phq9", item_id, option_id)
    qr = _response(lhc_page)
    Path(ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "lhcforms-phq9-qr.json").write_text(json.dumps(qr, indent=2))
    # LHC-Forms names dualpath's canonical with its version; nothing else identifies it.
    assert qr["questionnaire"] == f"{questionnaire_url('phq9')}|{get_instrument('phq9').version}"
    bundle = _post_score(qr)
    expected = score("phq9", choices)
    total = _observation(bundle, "44261-6")
    assert total["valueQuantity"]["value"] == expected.total == 12
    assert total["component"][0]["valueCodeableConcept"]["coding"][0]["code"] == "moderate"
    assert _observation(bundle, "suicide_risk")["valueBoolean"] is True


def test_lhc_forms_applies_the_taps_skip_logic_and_the_response_scores_in_dualpath(
    lhc_page: Any,
) -> None:
    _render(lhc_page, "taps")
    hidden = lhc_page.locator('[id="item-tobacco_1/1"]')
    assert hidden.count() == 0, "TAPS-2 tobacco questions stay hidden until TAPS-1 says so"
    choices = {"t1_tobacco": "weekly", "t1_alcohol": "never", "t1_drugs": "never", "t1_rx": "never"}
    for item_id, option_id in choices.items():
        _click(lhc_page, "taps", item_id, option_id)
    follow_up = {"tobacco_1": "yes", "tobacco_2": "yes", "tobacco_3": "no"}
    for item_id, option_id in follow_up.items():
        _click(lhc_page, "taps", item_id, option_id)
    qr = _response(lhc_page)
    bundle = _post_score(qr, "?sex=female")
    expected = score("taps", choices | follow_up, sex="female", partial=True)
    tobacco = _observation(bundle, "taps-tobacco")
    assert tobacco["valueQuantity"]["value"] == expected.subscales["tobacco"].total == 2
    assert _observation(bundle, "taps-alcohol")["valueQuantity"]["value"] == 0
    assert {f.id for f in expected.flags} <= {
        c["code"]
        for e in bundle["entry"]
        for c in e["resource"].get("code", {}).get("coding", [])
        if e["resource"].get("valueBoolean") is True
    }

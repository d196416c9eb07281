"""Whole self-check flows in Chromium at phone size: accessibility, weight, safety, privacy."""

from __future__ import annotations

import pytest

from dualpath.web.selfcheck.models import SharedResult
from tests.browser.conftest import Phone
from tests.browser.flow import check_page, current_step, open_fresh, submit, walk
from tests.web.selfcheck.walk import CALM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _crisis_above_question(phone: Phone) -> None:
    crisis = phone.page.locator(".crisis")
    assert crisis.is_visible()
    assert crisis.get_by_role("link").first.get_attribute("href", timeout=1000).startswith("tel:")
    legend = phone.page.locator("legend")
    if legend.count():
        assert crisis.bounding_box()["y"] < legend.bounding_box()["y"]


def test_a_calm_path_is_accessible_light_and_ends_in_results(phone: Phone) -> None:
    seen = walk(phone, CALM, "calm")
    assert phone.page.locator(".crisis").count() == 0
    assert len(seen) == len(CALM) + 2  # landing, every question, results
    assert SharedResult.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "choices", "risky_step"),
    [
        (
            "phq9-item9",
            {
                **CALM,
                "phq2:1": "several_days",
                "phq2:2": "several_days",
                **{f"phq9:{i}": "not_at_all" for i in range(3, 9)},
                "phq9:9": "several_days",
                "phq9:10": "somewhat_difficult",
            },
            "phq9:9",
        ),
        ("asq-yes", {**CALM, "asq:2": "yes", "asq:5": "no"}, "asq:2"),
        ("asq-declined", {**CALM, "asq:1": "declined", "asq:5": "no"}, "asq:1"),
        ("asq-acute", {**CALM, "asq:4": "yes", "asq:5": "yes"}, "asq:5"),
    ],
)
def test_a_risk_answer_shows_crisis_help_on_the_very_next_screen(
    phone: Phone, name: str, choices: dict[str, str], risky_step: str
) -> None:
    open_fresh(phone, "/")
    with phone.page.expect_navigation():
        phone.page.get_by_role("button", name="Start the check").click()
    seen: dict[str, int] = {}
    while (step := current_step(phone)) != risky_step:
        assert step is not None
        assert phone.page.locator(".crisis").count() == 0
        submit(phone, choices[step])
    submit(phone, choices[risky_step])
    _crisis_above_question(phone)
    check_page(phone, f"risk-{name}", seen)
    if name == "asq-acute":
        assert "call your emergency number now" in phone.page.locator(".crisis").inner_text()
    # Crisis help stays on every later screen and on the results.
    while (step := current_step(phone)) is not None:
        _crisis_above_question(phone)
        submit(phone, choices[step])
    if phone.page.get_by_role("link", name="See your results").count():
        phone.page.get_by_role("link", name="See your results").click()
        phone.page.wait_for_load_state()
    assert phone.page.locator(".crisis").is_visible()
    check_page(phone, f"risk-{name}-results", seen)


def test_a_dropped_connection_resumes_at_the_open_question(phone: Phone) -> None:
    open_fresh(phone, "/")
    with phone.page.expect_navigation():
        phone.page.get_by_role("button", name="Start the check").click()
    submit(phone, "several_days")
    check_url = phone.page.url
    # The tab is lost; later the person comes back to the site in the same browser.
    phone.page.close()
    phone.page = phone.context.new_page()
    phone.page.goto(phone.base_url + "/")
    phone.page.get_by_role("link", name="Continue where you left off").click()
    phone.page.wait_for_load_state()
    assert phone.page.url == check_url
    assert current_step(phone) == "phq2:2"


def test_back_shows_the_earlier_answer_and_a_change_is_kept(phone: Phone) -> None:
    open_fresh(phone, "/")
    with phone.page.expect_navigation():
        phone.page.get_by_role("button", name="Start the check").click()
    submit(phone, "not_at_all")
    submit(phone, "not_at_all")
    assert current_step(phone) == "asq:1"
    phone.page.get_by_role("link", name="Back to the previous question").click()
    phone.page.wait_for_load_state()
    assert current_step(phone) == "phq2:2"
    assert phone.page.locator('input[value="not_at_all"]').is_checked()
    submit(phone, "nearly_every_day")
    assert current_step(phone) == "phq9:3"  # the changed answer opened the PHQ-9


def test_results_are_saved_only_after_consent_and_once(phone: Phone) -> None:
    walk(phone, CALM, "share")
    page = phone.page
    with page.expect_navigation():
        page.get_by_role("button", name="Save and get a code").click()
    assert page.locator("#consent-error").is_visible()
    assert SharedResult.objects.count() == 0
    page.get_by_label("I agree that my answers").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and get a code").click()
    code = page.locator(".code").inner_text()
    assert SharedResult.objects.get().display_code == code
    check_page(phone, "share-saved", {})


def test_a_double_submitted_save_creates_one_record(phone: Phone) -> None:
    walk(phone, CALM, "double")
    page = phone.page
    form = page.locator('form[action$="/save/"]')
    fields = {
        name: form.locator(f'input[name="{name}"]').get_attribute("value") or ""
        for name in ("csrfmiddlewaretoken", "key")
    }
    save_url = phone.base_url + (form.get_attribute("action") or "")
    page.get_by_label("I agree that my answers").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and get a code").click()
    # The same form sent again (a second tap, or a retry after a dropped connection).
    again = phone.context.request.post(
        save_url, form={**fields, "consent": "yes"}, headers={"Origin": phone.base_url}
    )
    assert again.ok
    assert SharedResult.objects.count() == 1


def test_the_help_page_is_one_tap_away_and_the_country_changes_the_numbers(
    phone: Phone,
) -> None:
    open_fresh(phone, "/")
    phone.page.get_by_role("link", name="Need help now?").click()
    phone.page.wait_for_load_state()
    assert "988" in phone.page.locator("main").inner_text()
    phone.page.get_by_label("Your country").select_option("IN")
    phone.transfer.clear()
    with phone.page.expect_navigation():
        phone.page.get_by_role("button", name="Show numbers").click()
    assert "14416" in phone.page.locator("main").inner_text()
    check_page(phone, "help-india", {})


def test_the_page_reflows_at_200_percent_zoom_without_sideways_scrolling(phone: Phone) -> None:
    open_fresh(phone, "/")
    phone.page.set_viewport_size({"width": 180, "height": 370})  # 360px phone at 200%
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 180
    phone.screenshot("landing-zoom-200")

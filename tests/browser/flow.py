"""Drive the self-check in a real browser, checking every page on the way."""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from typing import Any

from tests.browser.conftest import Phone

WEIGHT_LIMIT = 30 * 1024  # bytes, gzip-compressed, per page on first visit (CSS included)


def open_fresh(phone: Phone, path: str) -> None:
    """Load a page with the HTTP cache off, so every page is measured as a first visit."""
    cdp = phone.context.new_cdp_session(phone.page)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    phone.transfer.clear()
    phone.page.goto(phone.base_url + path)


def current_step(phone: Phone) -> str | None:
    field = phone.page.locator('input[name="step"]')
    if field.count() == 0:
        return None
    value: str | None = field.get_attribute("value")
    return value


def submit(phone: Phone, value: str) -> None:
    page = phone.page
    phone.transfer.clear()
    page.locator(f'input[name="answer"][value="{value}"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="Next").click()


SUBRESOURCES = (
    "Array.from(document.querySelectorAll('link[rel=stylesheet], link[rel=icon], script[src], "
    "img[src]')).map(e => e.href || e.src).filter(u => u.startsWith('http'))"
)


def page_weight(phone: Phone) -> dict[str, int]:
    """Gzip size of the page as a first visit: the document the browser received, plus every
    stylesheet, script and image it references (fetched again, so caching cannot hide them).

    Every body is compressed with gzip level 6, the same way for every page, whatever the
    server sent; whitenoise serves the same files pre-compressed in production.
    """
    documents = [r for r in phone.transfer.responses if r[0] == phone.page.url]
    assert documents, f"no document response recorded for {phone.page.url}"
    sizes = {phone.page.url: documents[-1][2]}
    for url in phone.page.evaluate(SUBRESOURCES):
        body = phone.context.request.get(url).body()
        sizes[url] = len(gzip.compress(body, 6))
    return sizes


def check_page(phone: Phone, name: str, seen: dict[str, Any]) -> None:
    """Axe finds nothing, the page weighs under the limit, CSP blocked nothing; screenshot."""
    violations = phone.axe_violations()
    assert violations == [], f"{name}: {violations}"
    sizes = page_weight(phone)
    assert any(url.endswith(".css") for url in sizes), (name, sizes)
    assert sum(sizes.values()) < WEIGHT_LIMIT, (name, sizes)
    assert not [u for u in sizes if not u.startswith(phone.base_url)], sizes  # no other hosts
    assert phone.csp_errors == [], phone.csp_errors
    phone.screenshot(name)
    seen[name] = sum(sizes.values())


def walk(phone: Phone, choices: Mapping[str, str], prefix: str) -> dict[str, Any]:
    """From the landing page to the results, checking each screen."""
    seen: dict[str, Any] = {}
    open_fresh(phone, "/")
    check_page(phone, f"{prefix}-landing", seen)
    phone.transfer.clear()
    with phone.page.expect_navigation():
        phone.page.get_by_role("button", name="Start the check").click()
    for number in range(1, 80):
        step = current_step(phone)
        if step is None:
            break
        check_page(phone, f"{prefix}-q{number:02d}-{step.replace(':', '-')}", seen)
        submit(phone, choices[step])
    else:
        raise AssertionError("the check did not finish")
    if phone.page.get_by_role("link", name="See your results").count():
        with phone.page.expect_navigation():
            phone.page.get_by_role("link", name="See your results").click()
    assert phone.page.get_by_role("heading", name="Your results", level=1).is_visible()
    check_page(phone, f"{prefix}-results", seen)
    return seen

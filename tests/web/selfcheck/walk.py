"""Walk the self-check with the Django test client, answering from a table of choices."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.http import HttpResponse as Response
from django.test import Client

STEP = re.compile(r'name="step" value="([^"]+)"')

# A person with no risk and no substance use.
CALM: dict[str, str] = {
    "phq2:1": "not_at_all",
    "phq2:2": "not_at_all",
    "asq:1": "no",
    "asq:2": "no",
    "asq:3": "no",
    "asq:4": "no",
    "about:sex": "female",
    "taps:t1_tobacco": "never",
    "taps:t1_alcohol": "never",
    "taps:t1_drugs": "never",
    "taps:t1_rx": "never",
}


def start(client: Client) -> str:
    response = client.post("/start/")
    assert response.status_code == 302
    return str(response["Location"])


def current_step(response: Response) -> str | None:
    found = STEP.search(response.content.decode())
    return found.group(1) if found else None


def answer(client: Client, url: str, step: str, value: str) -> Response:
    return client.post(url, {"step": step, "answer": value})


def walk(
    client: Client, choices: Mapping[str, str], *, default: str | None = None, limit: int = 80
) -> tuple[str, list[tuple[str, Response]]]:
    """Answer every question until the results; returns the check URL and each POST response."""
    url = start(client)
    page = client.get(url)
    posts: list[tuple[str, Response]] = []
    for _ in range(limit):
        step = current_step(page)
        if step is None:
            return url, posts
        value = choices.get(step, default)
        assert value is not None, f"no answer given for {step}"
        response = answer(client, url, step, value)
        posts.append((step, response))
        page = client.get(response["Location"]) if response.status_code == 302 else response
        if page.status_code == 302:
            page = client.get(page["Location"])
    raise AssertionError("the check did not finish")

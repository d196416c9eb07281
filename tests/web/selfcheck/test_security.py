"""Headers, CSRF, content security policy and rate limits."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.web.selfcheck.walk import start

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert re.search(r"script-src 'self'( 'nonce-[^']+')?(;|$)", policy)
    assert re.search(r"style-src 'self'( 'nonce-[^']+')?(;|$)", policy)
    assert "frame-ancestors 'none'" in policy
    assert "form-action 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy


def test_pages_send_the_security_headers(client: Client) -> None:
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    # No referrer to any other site; same-origin keeps the Origin header CSRF checks need.
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_pages_have_no_inline_scripts_styles_or_outside_hosts(client: Client) -> None:
    text = client.get("/").content.decode()
    assert "<script" not in text
    assert "style=" not in text and "<style" not in text
    assert not re.search(r'(src|href)="(https?:)?//', text)


def test_posts_without_a_csrf_token_are_refused() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/start/").status_code == 403


def test_answers_are_rate_limited_and_the_limit_page_keeps_crisis_contacts(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.DUALPATH_RATE_ANSWERS = "2/600"
    url = start(client)
    client.post(url, {"step": "phq2:1", "answer": "not_at_all"}, REMOTE_ADDR="198.51.100.7")
    client.post(url, {"step": "phq2:2", "answer": "not_at_all"}, REMOTE_ADDR="198.51.100.7")
    third = client.post(url, {"step": "asq:1", "answer": "no"}, REMOTE_ADDR="198.51.100.7")
    assert third.status_code == 429
    assert "988" in third.content.decode()
    assert "asq" not in client.session["check"]["answers"]


def test_session_cookies_are_http_only(client: Client) -> None:
    response = client.post("/start/")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"

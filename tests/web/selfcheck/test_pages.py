"""Landing, help now, country choice, privacy and forgetting answers."""

from __future__ import annotations

import pytest
from django.test import Client

from dualpath.engine import crisis_contacts
from tests.web.selfcheck.walk import answer, start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/help/", "/privacy/"])
def test_every_page_has_the_help_now_link_in_its_header(client: Client, path: str) -> None:
    text = client.get(path).content.decode()
    header = text[text.index("<header") : text.index("</header>")]
    assert 'href="/help/"' in header and "Need help now?" in header


def test_every_question_screen_has_the_help_now_link(client: Client) -> None:
    url = start(client)
    text = client.get(url).content.decode()
    assert 'class="help-now" href="/help/"' in text


def test_the_help_page_lists_every_contact_for_the_chosen_country(client: Client) -> None:
    client.post("/country/", {"country": "IN", "next": "/help/"})
    text = client.get("/help/").content.decode()
    for contact in crisis_contacts("IN"):
        assert contact.number in text
    assert 'value="IN" selected' in text


def test_the_country_is_remembered_in_the_session_not_guessed(client: Client) -> None:
    response = client.post("/country/", {"country": "gb", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["country"] == "GB"
    uk_number = crisis_contacts("GB")[0].number
    assert uk_number in client.get("/").content.decode()


def test_another_country_gets_the_international_fallback(client: Client) -> None:
    client.post("/country/", {"country": "other", "next": "/help/"})
    text = client.get("/help/").content.decode()
    for contact in crisis_contacts(None):
        assert contact.name in text


def test_the_country_form_never_redirects_to_another_site(client: Client) -> None:
    response = client.post("/country/", {"country": "US", "next": "https://evil.example/"})
    assert response["Location"] == "/help/"


def test_an_unknown_country_code_is_ignored(client: Client) -> None:
    client.post("/country/", {"country": "ZZ", "next": "/"})
    assert "country" not in client.session


def test_the_help_page_links_back_to_an_unfinished_check(client: Client) -> None:
    url = start(client)
    answer(client, url, "phq2:1", "not_at_all")
    assert f'href="{url}"' in client.get("/help/").content.decode()


def test_forgetting_removes_the_answers_from_the_session(client: Client) -> None:
    url = start(client)
    answer(client, url, "phq2:1", "not_at_all")
    client.post("/forget/")
    assert "check" not in client.session
    assert client.get(url).status_code == 404

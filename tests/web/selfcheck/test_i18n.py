"""All visible text goes through Django's translation machinery, ready for hi and es."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

import dualpath.web

TEMPLATES = Path(dualpath.web.__file__).parent


def test_hindi_and_spanish_are_configured_with_a_locale_path() -> None:
    codes = [code for code, _ in settings.LANGUAGES]
    assert {"en", "hi", "es"} <= set(codes)
    assert settings.USE_I18N
    assert any(Path(path).name == "locale" for path in settings.LOCALE_PATHS)


def _visible_text(template: str) -> list[str]:
    """Text between tags that is not inside a template tag or variable."""
    stripped = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", "\n", template, flags=re.S)
    return [line.strip() for line in stripped.splitlines() if re.search(r"[A-Za-z]{3}", line)]


def test_templates_have_no_untranslated_words() -> None:
    offenders = {}
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        # Text inside {% translate %} and {% blocktranslate %} is removed with the tags above;
        # block translations span tags, so drop them whole first.
        source = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", "", source, flags=re.S)
        source = re.sub(r"<style>.*?</style>", "", source, flags=re.S)
        left = [t for t in _visible_text(source) if t.strip("· ") != "dualpath"]
        if left:
            offenders[path.name] = left
    assert offenders == {}


def test_pages_declare_their_language(client: object) -> None:
    from django.test import Client

    assert isinstance(client, Client)
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_spanish_and_hindi_catalogues_hold_the_interface_strings() -> None:
    for language in ("es", "hi"):
        catalogue = TEMPLATES / "locale" / language / "LC_MESSAGES" / "django.po"
        text = catalogue.read_text(encoding="utf-8")
        for marker in ("Need help now?", "Please reach out for support now", "Your results"):
            assert f'msgid "{marker}"' in text, (language, marker)


def test_a_spanish_browser_gets_english_marked_as_english_until_translations_exist() -> None:
    from django.test import Client

    text = Client().get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="en">' in text

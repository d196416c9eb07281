"""Crisis contacts: every country and every unknown input gets a way to reach help."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dualpath.engine import crisis_contacts, supported_countries
from dualpath.engine.crisis import crisis_lines_version


def test_it_lists_the_countries_named_in_the_clinical_reference() -> None:
    codes = {c.code for c in supported_countries()}
    assert {"US", "IN", "GB", "IE", "CA", "AU"} <= codes


@pytest.mark.parametrize(
    ("country", "dial"),
    [
        ("US", "988"),
        ("US", "911"),
        ("IN", "14416"),
        ("IN", "112"),
        ("GB", "116123"),
        ("GB", "999"),
        ("GB", "111"),
        ("IE", "116123"),
        ("CA", "988"),
        ("CA", "911"),
        ("AU", "131114"),
        ("AU", "000"),
        ("AU", "1300224636"),
        ("AU", "1300659467"),
    ],
)
def test_it_gives_the_published_number_for_each_country(country: str, dial: str) -> None:
    assert dial in {c.dial for c in crisis_contacts(country)}


def test_it_reads_the_country_code_in_any_case() -> None:
    assert crisis_contacts("us") == crisis_contacts("US") == crisis_contacts(" Us ")


def test_it_accepts_uk_as_an_alias_for_gb() -> None:
    assert crisis_contacts("uk") == crisis_contacts("GB")


def test_988_in_the_us_can_be_called_and_texted() -> None:
    line = next(c for c in crisis_contacts("US") if c.dial == "988")
    assert line.kind == "crisis"
    assert line.text == "988"


def test_the_crisis_text_line_is_text_only() -> None:
    line = next(c for c in crisis_contacts("US") if c.text == "741741")
    assert line.dial is None


def test_the_samhsa_helpline_is_not_presented_as_a_crisis_line() -> None:
    line = next(c for c in crisis_contacts("US") if c.dial == "18006624357")
    assert line.kind == "helpline"
    assert "Not a crisis line" in line.notes


def test_unknown_or_missing_country_gets_the_fallback_to_local_emergency_services() -> None:
    for country in (None, "", "ZZ", "France"):
        contacts = crisis_contacts(country)
        assert contacts
        assert contacts[0].kind == "emergency"
        assert "emergency" in contacts[0].notes.lower()


def test_every_country_lists_an_emergency_number_first() -> None:
    for country in supported_countries():
        assert crisis_contacts(country.code)[0].kind == "emergency"


def test_every_entry_names_its_source_and_when_it_was_checked() -> None:
    for country in [*supported_countries(), None]:
        for contact in crisis_contacts(None if country is None else country.code):
            assert contact.source
            assert contact.verified.year >= 2026


def test_the_data_file_has_a_version() -> None:
    assert crisis_lines_version()


@given(st.one_of(st.none(), st.text(max_size=12)))
def test_any_country_input_yields_at_least_one_contact(country: str | None) -> None:
    assert len(crisis_contacts(country)) >= 1

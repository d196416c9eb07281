"""The case format: validation errors name the field; dates come from the case or caller."""

from __future__ import annotations

import datetime as dt

import pytest

from dualpath.engine import Case, CaseError, assess, parse_case
from tests.engine.helpers_cases import AS_OF, case, phq9


def _paths(exc: CaseError) -> list[str]:
    return [p.path for p in exc.problems]


def test_it_names_a_bad_date_inside_a_list_as_a_path() -> None:
    data = case(
        substances=[
            {"substance": "alcohol"},
            {"substance": "cannabis"},
            {"substance": "opioids", "last_use": "yesterday"},
        ]
    )
    with pytest.raises(CaseError) as err:
        parse_case(data)
    assert _paths(err.value) == ["substances[2].last_use"]


def test_it_rejects_an_unknown_field_so_a_typo_cannot_drop_a_risk_signal() -> None:
    with pytest.raises(CaseError) as err:
        parse_case(case(feels_safe_right_now=False))
    assert _paths(err.value) == ["feels_safe_right_now"]


def test_it_checks_raw_answers_with_the_scorer_and_names_the_item() -> None:
    bad = phq9(0, 0, 0, 0, 0, 0, 0, 0, 0)
    bad["answers"]["9"] = 7
    with pytest.raises(CaseError) as err:
        parse_case(case(instruments=[bad]))
    assert _paths(err.value) == ["instruments[0]"]
    assert "item 9" in err.value.problems[0].message


def test_it_refuses_an_unknown_instrument_given_as_answers() -> None:
    with pytest.raises(CaseError) as err:
        parse_case(case(instruments=[{"instrument": "nope", "answers": {"1": 0}}]))
    assert "unknown instrument" in str(err.value)


def test_an_instrument_result_needs_a_total_items_or_answers() -> None:
    with pytest.raises(CaseError) as err:
        parse_case(case(instruments=[{"instrument": "phq9"}]))
    assert _paths(err.value) == ["instruments[0]"]


def test_it_reports_text_that_is_not_json() -> None:
    with pytest.raises(CaseError) as err:
        parse_case("{not json")
    assert "not valid JSON" in str(err.value)


def test_it_uses_the_latest_dated_result_of_an_instrument() -> None:
    c = Case.model_validate(
        case(
            instruments=[
                {"instrument": "PHQ-9", "date": "2026-11-01", "total": 20},
                {"instrument": "phq9", "date": "2026-11-20", "total": 4},
                {"instrument": "phq9", "date": "2026-10-01", "total": 25},
            ]
        )
    )
    latest = c.instrument("phq9")
    assert latest is not None
    assert latest.total == 4


def test_without_a_date_in_the_case_or_from_the_caller_it_refuses_to_guess() -> None:
    data = case()
    del data["as_of"]
    with pytest.raises(CaseError) as err:
        assess(data)
    assert _paths(err.value) == ["as_of"]


def test_the_callers_today_is_used_only_when_the_case_has_no_date() -> None:
    data = case()
    del data["as_of"]
    today = dt.date(2027, 1, 5)
    assert assess(data, today=today).as_of == today
    assert assess(case(), today=today).as_of == AS_OF

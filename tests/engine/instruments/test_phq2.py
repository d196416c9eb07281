"""PHQ-2 against Kroenke 2003 and Arroll 2010 (CLINICAL.md §2.2)."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, score


@pytest.mark.parametrize(
    ("item1", "item2", "band"),
    [(0, 0, "negative"), (1, 1, "negative"), (2, 1, "positive"), (3, 3, "positive")],
)
def test_three_or_more_is_a_positive_screen(item1: int, item2: int, band: str) -> None:
    result = score("phq2", {"1": item1, "2": item2})
    assert result.total == item1 + item2
    assert result.band is not None and result.band.id == band


@pytest.mark.parametrize(
    ("total", "positive", "sensitive"), [(1, False, False), (2, False, True), (3, True, True)]
)
def test_flags_mark_the_usual_and_the_more_sensitive_cut_off(
    total: int, positive: bool, sensitive: bool
) -> None:
    result = score("phq2", {"1": min(total, 3), "2": max(total - 3, 0)})
    assert (result.flag("positive_screen") is not None) is positive
    assert (result.flag("sensitive_cut_off") is not None) is sensitive


def test_a_missing_item_refuses_a_total_and_names_the_item() -> None:
    with pytest.raises(AnswersError) as caught:
        score("phq2", {"1": 3})
    assert [p.item for p in caught.value.problems] == ["2"]
    assert caught.value.partial is not None and caught.value.partial.total is None

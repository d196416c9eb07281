"""Progress (CLINICAL.md §7): response, remission, reliable change, alerts and abstinence."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from dualpath.engine import Observation, UseRecord, assess_abstinence, assess_progress

D0 = dt.date(2026, 9, 1)


def _obs(*totals: float, item9: tuple[float, ...] = ()) -> list[Observation]:
    out = []
    for i, total in enumerate(totals):
        items = {"9": item9[i]} if item9 else {}
        out.append(Observation(date=D0 + dt.timedelta(weeks=2 * i), total=total, items=items))
    return out


def _label(progress_result: object, label: str) -> bool | None:
    labels = progress_result.labels  # type: ignore[attr-defined]
    return next(x.met for x in labels if x.label == label)


@pytest.mark.parametrize(("last", "met"), [(10, True), (11, False)])
def test_response_is_a_drop_of_half_or_more(last: float, met: bool) -> None:
    assert _label(assess_progress("phq9", _obs(20, last)), "Response") is met


@pytest.mark.parametrize(("last", "met"), [(4, True), (5, False)])
def test_remission_is_a_phq9_below_five(last: float, met: bool) -> None:
    assert _label(assess_progress("phq9", _obs(12, last)), "Remission") is met


@pytest.mark.parametrize(
    ("instrument", "drop", "met"),
    [("phq9", 6, True), ("phq9", 5, False), ("gad7", 4, True), ("gad7", 3, False)],
)
def test_reliable_improvement_uses_the_operational_thresholds(
    instrument: str, drop: float, met: bool
) -> None:
    result = assess_progress(instrument, _obs(18, 18 - drop))
    assert _label(result, "Reliable improvement") is met


def test_every_label_carries_its_rule_and_source() -> None:
    result = assess_progress("phq9", _obs(20, 8))
    assert result.labels
    for label in result.labels:
        assert label.rule and label.source


def test_the_rci_follows_jacobson_and_truax_when_sd_and_reliability_are_given() -> None:
    result = assess_progress("phq9", _obs(20, 10), sd=5.0, reliability=0.84)
    rci = next(x for x in result.labels if x.rule == "progress.rci")
    expected = -10 / (math.sqrt(2) * 5.0 * math.sqrt(1 - 0.84))
    assert f"{expected:.2f}" in rci.detail
    assert rci.met is True


def test_the_rci_is_not_guessed_without_a_reference_sd() -> None:
    rci = next(x for x in assess_progress("phq9", _obs(20, 10)).labels if x.rule == "progress.rci")
    assert rci.met is None
    assert "not computed" in rci.detail


def test_a_newly_positive_item_9_raises_an_urgent_alert() -> None:
    result = assess_progress("phq9", _obs(8, 7, item9=(0, 1)))
    alert = next(a for a in result.alerts if a.id == "new_risk")
    assert alert.severity == "urgent"
    assert "Louzon" in alert.source


def test_an_item_9_that_was_already_positive_is_not_new() -> None:
    result = assess_progress("phq9", _obs(8, 7, item9=(1, 1)))
    assert "new_risk" not in {a.id for a in result.alerts}


def test_a_rise_of_six_points_is_flagged_as_deterioration() -> None:
    result = assess_progress("phq9", _obs(8, 10, 14))
    assert "deterioration" in {a.id for a in result.alerts}
    assert result.change == 6


def test_a_single_assessment_has_no_change_labels() -> None:
    result = assess_progress("phq9", _obs(12))
    assert result.labels == ()
    assert result.change == 0


def test_days_abstinent_count_from_the_last_recorded_use() -> None:
    records = [UseRecord(date=D0, used=True), UseRecord(date=D0 + dt.timedelta(days=3), used=False)]
    result = assess_abstinence(records, today=D0 + dt.timedelta(days=10))
    assert result.days_abstinent == 10
    assert result.relapse is False


@pytest.mark.parametrize(("gap", "relapse"), [(14, True), (13, False)])
def test_use_after_two_weeks_without_use_counts_as_a_return_to_use(gap: int, relapse: bool) -> None:
    second = D0 + dt.timedelta(days=gap + 1)
    records = [UseRecord(date=D0, used=True), UseRecord(date=second, used=True)]
    result = assess_abstinence(records, today=second)
    assert result.relapse is relapse
    assert result.source

"""Progress over repeated assessments: change, response, remission, reliable change, alerts.

Definitions come from ``rules/progress.yaml`` (CLINICAL.md §7) and every label carries its
rule and source. The Reliable Change Index needs a reference SD and reliability; where no SD
is configured or passed, the RCI is reported as not computed rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from dualpath.engine.registry import normalise_id
from dualpath.engine.rules.logic import RuleFile, RuleModel, load_rules

__all__ = [
    "Abstinence",
    "Observation",
    "Progress",
    "ProgressAlert",
    "ProgressLabel",
    "UseRecord",
    "assess_abstinence",
    "assess_progress",
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Observation(_Out):
    date: dt.date
    total: float | None = None
    items: dict[str, float] = Field(default_factory=dict)


class ProgressLabel(_Out):
    id: str
    label: str
    met: bool | None = Field(description="None when it cannot be computed from the data")
    detail: str
    rule: str
    source: str


class ProgressAlert(_Out):
    id: str
    severity: str
    for_person: str
    for_clinician: str
    rule: str
    source: str


class Progress(_Out):
    instrument: str
    observations: tuple[Observation, ...]
    baseline: Observation | None
    latest: Observation | None
    change: float | None = Field(description="latest - baseline (negative = improvement)")
    percent_change: float | None
    labels: tuple[ProgressLabel, ...]
    alerts: tuple[ProgressAlert, ...]


class UseRecord(_Out):
    date: dt.date
    used: bool
    substance: str | None = None


class Abstinence(_Out):
    days_abstinent: int | None
    last_use: dt.date | None
    relapse: bool
    relapse_on: dt.date | None
    longest_abstinence_days: int | None
    rule: str
    source: str
    detail: str


# --- rules ------------------------------------------------------------------------------


class _Rule(RuleModel):
    id: str
    source: str


class FractionRule(_Rule):
    drop_fraction: float


class BelowRule(_Rule):
    below: float


class ClinicallySignificant(_Rule):
    at_most: float
    drop_fraction: float


class PointsRule(_Rule):
    points: float


class CasenessRule(_Rule):
    at_least: float


class RciRule(_Rule):
    sd: float | None = None
    reliability: float | None = None


class RiskItem(_Rule):
    item: str
    min: float


class InstrumentProgress(RuleModel):
    response: FractionRule | None = None
    remission: BelowRule | None = None
    clinically_significant: ClinicallySignificant | None = None
    reliable_change: PointsRule | None = None
    caseness: CasenessRule | None = None
    mcid: PointsRule | None = None
    rci: RciRule | None = None
    risk_items: tuple[RiskItem, ...] = ()


class AbstinenceRule(_Rule):
    relapse_after_days: int = Field(ge=1)


class ProgressRules(RuleFile):
    instruments: dict[str, InstrumentProgress]
    abstinence: AbstinenceRule


def progress_rules() -> ProgressRules:
    return load_rules("progress.yaml", ProgressRules)


# --- evaluation -------------------------------------------------------------------------


def _label(rule: _Rule, label: str, met: bool | None, detail: str) -> ProgressLabel:
    return ProgressLabel(
        id=rule.id, label=label, met=met, detail=detail, rule=rule.id, source=rule.source
    )


def _labels(
    spec: InstrumentProgress, base: float, last: float, sd: float | None, rel: float | None
) -> list[ProgressLabel]:
    change = last - base
    out: list[ProgressLabel] = []
    if spec.response:
        met = base > 0 and (base - last) >= spec.response.drop_fraction * base
        pct = int(spec.response.drop_fraction * 100)
        out.append(_label(spec.response, "Response", met, f"≥{pct}% drop from {base:g}"))
    if spec.remission:
        out.append(
            _label(
                spec.remission,
                "Remission",
                last < spec.remission.below,
                f"latest {last:g} < {spec.remission.below:g}",
            )
        )
    if spec.clinically_significant:
        cs = spec.clinically_significant
        met = last <= cs.at_most and base > 0 and (base - last) >= cs.drop_fraction * base
        out.append(_label(cs, "Clinically significant change", met, f"≤{cs.at_most:g} and ≥50%"))
    if spec.reliable_change:
        pts = spec.reliable_change.points
        out.append(
            _label(spec.reliable_change, "Reliable improvement", -change >= pts, f"drop ≥{pts:g}")
        )
        out.append(
            _label(spec.reliable_change, "Reliable deterioration", change >= pts, f"rise ≥{pts:g}")
        )
    if spec.caseness:
        case = spec.caseness.at_least
        recovered = base >= case and last < case
        out.append(
            _label(spec.caseness, "Recovery", recovered, f"from ≥{case:g} at baseline to <{case:g}")
        )
        if spec.reliable_change:
            reliable = recovered and -change >= spec.reliable_change.points
            out.append(
                _label(spec.caseness, "Reliable recovery", reliable, "recovery and reliable")
            )
    if spec.mcid:
        pts = spec.mcid.points
        out.append(_label(spec.mcid, "Minimal important improvement", -change >= pts, f"≥{pts:g}"))
    if spec.rci:
        sd = sd if sd is not None else spec.rci.sd
        rel = rel if rel is not None else spec.rci.reliability
        if sd is None or rel is None or sd <= 0 or not 0 <= rel < 1:
            out.append(
                _label(spec.rci, "Reliable change (RCI)", None, "not computed: needs SD and r")
            )
        else:
            s_diff = math.sqrt(2) * sd * math.sqrt(1 - rel)
            rci = change / s_diff
            detail = f"RCI {rci:.2f} (SD {sd:g}, r {rel:g}); reliable if |RCI| > 1.96"
            out.append(_label(spec.rci, "Reliable change (RCI)", abs(rci) > 1.96, detail))
    return out


def _alerts(spec: InstrumentProgress, obs: list[Observation], key: str) -> list[ProgressAlert]:
    alerts: list[ProgressAlert] = []
    if len(obs) < 2:
        return alerts
    prev, last = obs[-2], obs[-1]
    for risk in spec.risk_items:
        before = prev.items.get(risk.item)
        now = last.items.get(risk.item)
        if now is not None and now >= risk.min and (before is None or before < risk.min):
            alerts.append(
                ProgressAlert(
                    id="new_risk",
                    severity="urgent",
                    for_person="You have new thoughts of death or self-harm. Please talk with "
                    "someone today; the crisis numbers are there at any time.",
                    for_clinician=f"{key} item {risk.item} newly ≥{risk.min:g} "
                    f"(was {before if before is not None else 'not recorded'}, now {now:g}): "
                    "same-session suicide risk assessment.",
                    rule=risk.id,
                    source=risk.source,
                )
            )
    if spec.reliable_change and prev.total is not None and last.total is not None:
        rise = last.total - prev.total
        base = obs[0].total
        from_base = last.total - base if base is not None else None
        pts = spec.reliable_change.points
        if rise >= pts or (from_base is not None and from_base >= pts):
            alerts.append(
                ProgressAlert(
                    id="deterioration",
                    severity="elevated",
                    for_person="Your scores show things have got worse. Let's review your plan.",
                    for_clinician=f"{key} reliable deterioration (rise ≥{pts:g} points since the "
                    "previous or baseline assessment): review the plan.",
                    rule=spec.reliable_change.id,
                    source=spec.reliable_change.source,
                )
            )
    return alerts


def assess_progress(
    instrument: str,
    observations: Sequence[Observation],
    *,
    sd: float | None = None,
    reliability: float | None = None,
) -> Progress:
    """Compare the latest scored observation with the first (baseline); raise alerts."""
    key = normalise_id(instrument)
    spec = progress_rules().instruments.get(key, InstrumentProgress())
    obs = sorted(observations, key=lambda o: o.date)
    scored = [o for o in obs if o.total is not None]
    base = scored[0] if scored else None
    last = scored[-1] if scored else None
    change = pct = None
    labels: list[ProgressLabel] = []
    if base is not None and last is not None and base.total is not None and last.total is not None:
        change = last.total - base.total
        pct = (change / base.total * 100) if base.total else None
        if len(scored) >= 2:
            labels = _labels(spec, base.total, last.total, sd, reliability)
    return Progress(
        instrument=key,
        observations=tuple(obs),
        baseline=base,
        latest=last,
        change=change,
        percent_change=pct,
        labels=tuple(labels),
        alerts=tuple(_alerts(spec, obs, key)),
    )


def assess_abstinence(records: Sequence[UseRecord], *, today: dt.date) -> Abstinence:
    """Days since last use, and whether use resumed after a run of abstinence."""
    rule = progress_rules().abstinence
    ordered = sorted(records, key=lambda r: r.date)
    uses = [r.date for r in ordered if r.used]
    relapse_on: dt.date | None = None
    longest: int | None = None
    if ordered:
        start = ordered[0].date
        gaps: list[int] = []
        previous: dt.date | None = None
        for day in uses:
            gap = (day - (previous or start)).days - (1 if previous else 0)
            gaps.append(gap)
            if gap >= rule.relapse_after_days:
                relapse_on = day
            previous = day
        gaps.append((today - (uses[-1] if uses else start)).days)
        longest = max(gaps)
    last = uses[-1] if uses else None
    days = (today - last).days if last else None
    detail = (
        f"{days} days since last recorded use"
        if last
        else "no use recorded" + (f" since {ordered[0].date.isoformat()}" if ordered else "")
    )
    return Abstinence(
        days_abstinent=days,
        last_use=last,
        relapse=relapse_on is not None,
        relapse_on=relapse_on,
        longest_abstinence_days=longest,
        rule=rule.id,
        source=rule.source,
        detail=detail,
    )

"""What the Markdown and the HTML report both say in words: the summary
sentences and the as-is / to-be metric comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from interviewer.models import AnalysisResult, Metrics, Proposal
from interviewer.reports.labels import Labels


@dataclass(frozen=True)
class MetricRow:
    key: str
    label: str
    as_is: str
    to_be: str | None  # None when there is no to-be process
    delta: str | None  # "−71 %", "−2"; None when not comparable
    trend: str  # "good", "bad" or "same"
    note: str = ""


def _relative(before: float | None, after: float | None) -> float | None:
    if before is None or after is None or before == 0:
        return None
    return (after - before) / before


def _trend(change: float | None, lower_is_better: bool) -> str:
    if change is None or change == 0:
        return "same"
    improved = change < 0 if lower_is_better else change > 0
    return "good" if improved else "bad"


def _signed(labels: Labels, value: float, suffix: str = "", digits: int = 0) -> str:
    magnitude = labels.number(abs(value), digits)
    if magnitude == "0":
        return f"±0{suffix}"
    sign = "−" if value < 0 else "+"
    return f"{sign}{magnitude}{suffix}"


def metric_rows(result: AnalysisResult, labels: Labels) -> list[MetricRow]:
    before = result.process.metrics
    after = result.to_be.metrics if result.to_be else None
    rows: list[MetricRow] = []

    def timed(key: str, label: str, get: Callable[[Metrics], float | None], note: str = "") -> None:
        b = get(before)
        a = get(after) if after else None
        change = _relative(b, a)
        rows.append(
            MetricRow(
                key,
                label,
                labels.duration(b),
                labels.duration(a) if after else None,
                _signed(labels, change * 100, " %") if change is not None else None,
                _trend(change, lower_is_better=True),
                note,
            )
        )

    def counted(key: str, label: str, get: Callable[[Metrics], int]) -> None:
        b = get(before)
        a = get(after) if after else None
        change = None if a is None else float(a - b)
        rows.append(
            MetricRow(
                key,
                label,
                str(b),
                str(a) if a is not None else None,
                _signed(labels, change) if change else ("±0" if change == 0 else None),
                _trend(change, lower_is_better=True),
            )
        )

    source = before.lead_time_source
    lead_note = labels("stated") if source == "stated" else labels("computed") if source == "computed" else ""
    timed("lead_time", labels("lead_time"), lambda m: m.lead_time_hours, lead_note)
    timed("touch_time", labels("touch_time"), lambda m: m.touch_time_hours)
    timed("waiting", labels("waiting"), lambda m: m.total_wait_hours)
    fb, fa = before.flow_efficiency, after.flow_efficiency if after else None
    points = (fa - fb) * 100 if fa is not None and fb is not None else None
    rows.append(
        MetricRow(
            "flow_efficiency",
            labels("flow_efficiency"),
            labels.percent(fb),
            labels.percent(fa) if after else None,
            _signed(labels, points, " pp", 1) if points is not None else None,
            _trend(points, lower_is_better=False),
        )
    )
    counted("handoffs", labels("handoffs"), lambda m: m.handoff_count)
    counted("boundary", labels("boundary_crossings_short"), lambda m: m.org_boundary_crossings)
    # What prints as "±0" is no change, whatever the unrounded figures say.
    return [replace(row, trend="same") if (row.delta or "").startswith("±") else row for row in rows]


def ranked(proposals: list[Proposal]) -> list[Proposal]:
    """Rank 1 first; unranked (0) proposals keep their order at the end."""
    return sorted(proposals, key=lambda p: (p.rank == 0, p.rank))


def summary_sentences(result: AnalysisResult, labels: Labels) -> list[str]:
    process = result.process
    metrics = process.metrics
    units = len({(s.actor or "").strip() for s in process.steps})
    sentences = [
        labels(
            "summary_steps",
            steps=len(process.steps),
            units=units,
            handoffs=metrics.handoff_count,
            crossings=metrics.org_boundary_crossings,
        )
    ]
    if metrics.lead_time_hours is not None and metrics.touch_time_hours is not None:
        source = labels("stated") if metrics.lead_time_source == "stated" else labels("computed")
        sentences.append(
            labels(
                "summary_lead",
                lead=labels.duration(metrics.lead_time_hours),
                lead_source=source,
                touch=labels.duration(metrics.touch_time_hours),
                efficiency=labels.percent(metrics.flow_efficiency),
            )
        )
    waited = [s for s in process.steps if s.wait_hours]
    if waited:
        longest = max(waited, key=lambda s: s.wait_hours or 0)
        sentences.append(
            labels("summary_waits", wait=labels.duration(longest.wait_hours), action=longest.action)
        )
    sentences.append(
        labels("summary_findings", findings=len(result.findings), proposals=len(result.proposals))
    )
    best = ranked(result.proposals)[0] if result.proposals else None
    if best is not None and best.expected_lead_time_saving_hours:
        sentences.append(
            labels(
                "summary_best", title=best.title, saving=labels.duration(best.expected_lead_time_saving_hours)
            )
        )
    if result.to_be and metrics.lead_time_hours and result.to_be.metrics.lead_time_hours is not None:
        sentences.append(
            labels(
                "summary_to_be",
                before=labels.duration(metrics.lead_time_hours),
                after=labels.duration(result.to_be.metrics.lead_time_hours),
            )
        )
    return sentences

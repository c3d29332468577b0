"""Process metrics computed by code from the extracted process (spec/result.md).

Times are calendar hours. A figure the interview did not give stays None:
the metrics never turn "not said" into zero, because a report that shows
"touch time 0 h" for an interview that never mentioned effort would be a guess
dressed up as a fact.

Partial knowledge: when only some steps carry a duration (or a wait), the sums
cover the steps that do. Such a sum is a lower bound of the real figure; it is
still reported, because "at least 3 weeks of waiting" is what an analyst wants
to see, while a process in which no step stated anything gets None.
"""

from __future__ import annotations

from collections.abc import Iterable

from interviewer.models import Metrics, Process


def _known_sum(values: Iterable[float | None]) -> float | None:
    """Sum of the values that are known; None when none is."""
    known = [value for value in values if value is not None]
    return float(sum(known)) if known else None


def compute_metrics(process: Process) -> Metrics:
    """Lead time, touch time, flow efficiency, handoffs and boundary crossings.

    - touch time: sum of the steps' durations (hands-on time).
    - total wait: sum of the steps' waits. Handoff waits are not added on top:
      a handoff's wait is the wait of the step it leads to, counted once.
    - lead time: the end-to-end time the interviewee stated, when given
      (source "stated"); otherwise waits plus durations when at least one of
      them is known (source "computed"); otherwise None.
    - flow efficiency: touch / lead, clipped to 0..1 (a stated lead time can be
      shorter than the summed durations when people exaggerate their effort);
      None when either is unknown or the lead time is zero.
    """
    touch = _known_sum(step.duration_hours for step in process.steps)
    total_wait = _known_sum(step.wait_hours for step in process.steps)

    lead: float | None
    source: str | None
    if process.stated_lead_time_hours is not None:
        lead, source = float(process.stated_lead_time_hours), "stated"
    elif touch is not None or total_wait is not None:
        lead, source = (touch or 0.0) + (total_wait or 0.0), "computed"
    else:
        lead, source = None, None

    efficiency: float | None = None
    if touch is not None and lead is not None and lead > 0:
        efficiency = min(1.0, max(0.0, touch / lead))

    return Metrics(
        lead_time_hours=lead,
        touch_time_hours=touch,
        flow_efficiency=efficiency,
        handoff_count=len(process.handoffs),
        org_boundary_crossings=sum(1 for handoff in process.handoffs if handoff.crosses_org_boundary),
        total_wait_hours=total_wait,
        lead_time_source="stated" if source == "stated" else "computed" if source == "computed" else None,
    )

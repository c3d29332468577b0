"""The to-be process: the as-is process with the chosen proposals applied.

apply_proposals(process, proposals) applies the proposals in rank order:
merged steps are combined (actions joined, actor = the owner, the id of the
earliest as-is step kept), removed steps dropped, parallel steps marked with
`parallel_with` and their waits removed as far as they now overlap the
upstream work, the waits of automated and exception-only steps shortened by
what the proposal saves beyond its structural changes, and handoffs
recomputed between consecutive to-be steps (see restructure.py).

Savings of several proposals can overlap (two proposals removing the same
wait); each hour is removed once, so the to-be saving can be smaller than the
sum of the proposals' savings.

Metrics are recomputed with compute_metrics, with one rule for lead time:
when the as-is lead time is known (stated in the interview, or computed),
the to-be lead time is the as-is lead time minus the hours actually removed.
A stated lead time stays the reference because the stated waits rarely
cover the whole of it; the to-be process carries the reduced figure in
stated_lead_time_hours, so recomputing its metrics gives the same answer.
People also overstate: the waits they name can add up to more than the
end-to-end time they state. Then the removed hours are scaled by
stated / summed, so that removing every stated wait cannot take the lead
time below the to-be touch time, and never to zero.
Flow efficiency is touch time over that lead time, at most 1.

review_steps(process, findings, language) asks every step the two questions
of the redesign; it lives in step_review.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.analysis.process_facts import with_effective_waits
from interviewer.analysis.restructure import Restructuring, apply_step_changes
from interviewer.analysis.step_review import review_steps
from interviewer.models import Metrics, Process, Proposal, Step

__all__ = ["apply_proposals", "review_steps", "to_be_metrics"]


def apply_proposals(process: Process, proposals: Sequence[Proposal]) -> Process:
    """The to-be process with its metrics recomputed; as-is step ids kept."""
    state = Restructuring(process)
    for proposal in sorted(proposals, key=lambda p: (p.rank == 0, p.rank)):
        before = state.total()
        reducible = apply_step_changes(state, proposal.step_changes)
        promised = proposal.expected_lead_time_saving_hours
        if promised is not None:
            _reduce_proportionally(state, reducible, promised - (state.total() - before), proposal.id)
    steps, handoffs = state.build()
    removed = state.total()
    stated = process.stated_lead_time_hours
    to_be = process.model_copy(
        update={
            "steps": steps,
            "handoffs": handoffs,
            "stated_lead_time_hours": None
            if stated is None
            else reduced_lead_time(stated, process, steps_touch_time(steps), removed),
            "stated_lead_time_evidence": None,
        }
    )
    return to_be.model_copy(update={"metrics": to_be_metrics(process, to_be, removed)})


def steps_touch_time(steps: Sequence[Step]) -> float:
    return sum(step.duration_hours or 0.0 for step in steps)


def reduced_lead_time(reference: float, as_is: Process, to_be_touch: float, removed_hours: float) -> float:
    """The as-is lead time less the removed hours, scaled when the stated
    waits and durations add up to more than the reference (see the module doc)."""
    from interviewer.analysis.metrics import compute_metrics

    summed = compute_metrics(
        with_effective_waits(as_is).model_copy(update={"stated_lead_time_hours": None})
    ).lead_time_hours
    scale = min(1.0, reference / summed) if summed else 1.0
    return max(reference - removed_hours * scale, min(to_be_touch, reference))


def to_be_metrics(as_is: Process, to_be: Process, removed_hours: float) -> Metrics:
    from interviewer.analysis.metrics import compute_metrics

    metrics = compute_metrics(to_be)
    # The to-be steps carry every remaining wait on the step itself; measure
    # the as-is process the same way so that the two compare.
    reference = compute_metrics(with_effective_waits(as_is)).lead_time_hours
    if reference is None:
        return metrics
    lead = reduced_lead_time(reference, as_is, metrics.touch_time_hours or 0.0, removed_hours)
    touch = metrics.touch_time_hours
    efficiency = min(1.0, touch / lead) if touch is not None and lead > 0 else None
    return metrics.model_copy(update={"lead_time_hours": lead, "flow_efficiency": efficiency})


def _reduce_proportionally(state: Restructuring, step_ids: list[str], hours: float, label: str) -> None:
    """Take what a proposal saves beyond its structural changes off the waits
    of its automated and exception-only steps, in proportion to those waits."""
    waits = {sid: state.current_wait(sid) or 0.0 for sid in dict.fromkeys(step_ids)}
    total = sum(waits.values())
    if hours <= 0 or total <= 0:
        return
    share = min(1.0, hours / total)
    for step_id, wait in waits.items():
        if wait > 0:
            state.reduce(step_id, wait * share, f"{label}: {step_id}")

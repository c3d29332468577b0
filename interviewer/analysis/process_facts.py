"""Facts read off a Process that several analysis modules need.

The one subtle rule: a wait can be stated on the step ("it then sits for two
weeks before planning starts") and on the handoff into it. Both describe the
same calendar time, counted once (as metrics.compute_metrics does): the
step's own wait when stated, else the wait of the handoff leading to it. Handoffs that go back to an earlier step (send-back loops)
are not waits before that step's first pass; they are loop waits of their own.
"""

from __future__ import annotations

from interviewer.models import Handoff, Process, Step


def positions(process: Process) -> dict[str, int]:
    return {step.id: index for index, step in enumerate(process.steps)}


def is_forward(handoff: Handoff, position: dict[str, int]) -> bool:
    start, end = position.get(handoff.from_step), position.get(handoff.to_step)
    return start is not None and end is not None and end > start


def wait_before(process: Process, step_id: str, position: dict[str, int] | None = None) -> float | None:
    """Hours the case waits before this step starts; None when nobody said."""
    position = position if position is not None else positions(process)
    own = next((step.wait_hours for step in process.steps if step.id == step_id), None)
    if own is not None:
        return own
    handed = [h.wait_hours for h in process.handoffs if h.to_step == step_id and is_forward(h, position)]
    known = [value for value in handed if value is not None]
    return max(known) if known else None


def waits_before(process: Process, position: dict[str, int] | None = None) -> dict[str, float | None]:
    """wait_before of every step, in one pass over steps and handoffs (asking
    step by step reads them all for each step: quadratic in a long interview)."""
    position = position if position is not None else positions(process)
    handed: dict[str, float] = {}
    for handoff in process.handoffs:
        if handoff.wait_hours is not None and is_forward(handoff, position):
            known = handed.get(handoff.to_step)
            handed[handoff.to_step] = handoff.wait_hours if known is None else max(known, handoff.wait_hours)
    waits: dict[str, float | None] = {}
    for step in process.steps:
        if step.id not in waits:  # the first step of an id, as wait_before reads it
            waits[step.id] = step.wait_hours if step.wait_hours is not None else handed.get(step.id)
    return waits


def with_effective_waits(process: Process) -> Process:
    """The process with every step carrying the wait before it, also where the
    interview put that wait on the handoff only."""
    waits = waits_before(process)
    steps = [s.model_copy(update={"wait_hours": waits[s.id]}) for s in process.steps]
    return process.model_copy(update={"steps": steps})


def same_actor(first: Step, second: Step) -> bool:
    if not first.actor or not second.actor:
        return False
    return first.actor.strip().casefold() == second.actor.strip().casefold()


def actors_differ(first: Step, second: Step) -> bool:
    if not first.actor or not second.actor:
        return False
    return not same_actor(first, second)


def crosses_org(first: Step, second: Step) -> bool:
    if not first.org_unit or not second.org_unit:
        return False
    return first.org_unit.strip().casefold() != second.org_unit.strip().casefold()

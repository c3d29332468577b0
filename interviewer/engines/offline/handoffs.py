"""Handoffs: the work moves from one actor to the next.

Between two consecutive steps whose actors differ, the work changes hands.
The wait of the handoff is the wait of the step it leads to (said as "then it
sits for two weeks until the field service picks it up"), counted once in the
metrics. A step whose actor is unknown does not break the chain: the handoff
is recorded from the last known actor to the next one.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.engines.offline.actors import Actor, crosses_boundary
from interviewer.models import Handoff, Step


def build_handoffs(steps: Sequence[Step], actors: Sequence[Actor | None]) -> list[Handoff]:
    """Handoffs between consecutive steps with different actors, in order."""
    handoffs: list[Handoff] = []
    last_index: int | None = None
    for index, actor in enumerate(actors):
        if actor is None:
            continue
        if last_index is not None:
            previous = actors[last_index]
            assert previous is not None
            if previous.key != actor.key:
                handoffs.append(
                    Handoff(
                        from_step=steps[last_index].id,
                        to_step=steps[index].id,
                        from_actor=previous.name,
                        to_actor=actor.name,
                        crosses_org_boundary=crosses_boundary(previous, actor),
                        wait_hours=steps[index].wait_hours,
                    )
                )
        last_index = index
    return handoffs

"""Re-reading only the end of a long interview.

Up to FULL_EXTRACTION_TURNS turns the whole interview is re-read after every
answer: that keeps every late correction and reference right, and it is fast
enough. Beyond that, an answer can only change the end of the process, so
only the last TAIL_TURNS turns are re-read (with CONTEXT_TURNS before them,
for "it" and "they" to refer to something), and the steps first told before
them are kept as the previous turn left them. A correction that edits an
earlier turn brings back the full re-read. The choice depends only on the
state, so a resumed interview continues exactly as it would have.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.models import Handoff, Process, Step, Transcript

FULL_EXTRACTION_TURNS = 40
TAIL_TURNS = 16
CONTEXT_TURNS = 6
# A step told again later is the same step when this share of its words recur.
SAME_STEP_OVERLAP = 0.75
_WORD = re.compile(r"[^\W_]+")


def tail_start(transcript: Transcript, edited_turns: Sequence[int]) -> int | None:
    """Index of the first turn to re-read, or None to re-read everything."""
    turns = transcript.turns
    if len(turns) <= FULL_EXTRACTION_TURNS:
        return None
    cut = len(turns) - TAIL_TURNS
    if any(number < turns[cut].number for number in edited_turns):
        return None
    return cut


def _first_turn(step: Step) -> int:
    return min((evidence.turn for evidence in step.evidence), default=0)


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if len(word) > 2}


def _same(a: Step, b: Step) -> bool:
    if (a.actor or "").lower() != (b.actor or "").lower():
        return False
    left, right = _words(a.action), _words(b.action)
    if not left or not right:
        return a.action.lower() == b.action.lower()
    return len(left & right) / min(len(left), len(right)) >= SAME_STEP_OVERLAP


def merge_tail(previous: Process, tail: Process, cut_turn: int) -> Process:
    """The steps first told before `cut_turn` as they were, then the re-read
    tail's steps; a tail step that repeats a kept one only adds its evidence."""
    kept = [step for step in previous.steps if _first_turn(step) < cut_turn]
    merged = [step.model_copy() for step in kept]
    for step in tail.steps:
        if _first_turn(step) < cut_turn:
            continue  # read from the context turns: the kept step already stands for it
        twin = next((i for i, other in enumerate(merged) if _same(other, step)), None)
        if twin is not None and twin < len(kept):
            old = merged[twin]
            extra = [e for e in step.evidence if e not in old.evidence]
            merged[twin] = old.model_copy(update={"evidence": [*old.evidence, *extra]})
            continue
        merged.append(step)
    steps = [step.model_copy(update={"id": f"s{number}"}) for number, step in enumerate(merged, start=1)]
    return Process(
        name=previous.name,
        trigger=previous.trigger or tail.trigger,
        customer=previous.customer or tail.customer,
        steps=steps,
        handoffs=[],  # derived by the caller, with the boundary knowledge of both parts
        stated_lead_time_hours=tail.stated_lead_time_hours or previous.stated_lead_time_hours,
        stated_lead_time_evidence=tail.stated_lead_time_evidence or previous.stated_lead_time_evidence,
    )


def boundary_knowledge(*parts: Sequence[Handoff]) -> dict[tuple[str, str], bool]:
    """Whether work passing between two actors crosses a department or company,
    as the extraction knew it (it knows the kinds of actors; the step list does not)."""
    known: dict[tuple[str, str], bool] = {}
    for handoffs in parts:
        for handoff in handoffs:
            if handoff.from_actor and handoff.to_actor:
                known[(handoff.from_actor.lower(), handoff.to_actor.lower())] = handoff.crosses_org_boundary
    return known

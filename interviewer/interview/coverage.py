"""Where the process is still unknown: the gaps, and which to ask about next.

A gap is something the interviewer could ask: what comes after the last
step told, who does a step, how long the case waits before it, what
happens when something is missing, what the customer would miss without a
step, where the time goes when the steps explain only part of the stated
end-to-end time. Each has a key that stays the same when the process is
re-extracted (steps are named by where they were said, not by their
position), so that no gap is asked twice.

Priority: the walkthrough first (the steps themselves are the least known
part), then follow-ups where the process is least known: an unclear
handover before a missing actor; then the gaps that can reveal steps not
told yet ("anything before the first step?", "what if something is
missing?"); only then the details of known steps (a wait at a handover
before a duration), among equals the step with the most unknowns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewer.interview.anchors import Closed, anchor, same_anchor, step_key, step_label
from interviewer.interview.intents import cues
from interviewer.interview.said import lead_time_said, time_said
from interviewer.interview.state import InterviewState, StepKnowledge
from interviewer.models import Language, Step

FACTS = ("actor", "wait", "duration", "value")
WALKTHROUGH_KINDS = ("start", "next", "continue")
STEP_KINDS = ("vague", "actor", "wait", "duration", "value")
WHO_KINDS = ("vague", "actor")
# Follow-ups whose answers tell steps: what happens before the first step, and
# the rework when something is missing. Asked before the details of known steps.
DISCOVERY_KINDS = ("before", "exceptions")
# A step "matters" (earns a value question) with at least this wait, in hours.
LONG_WAIT_HOURS = 24.0
MAX_VALUE_QUESTIONS = 3
# The steps explain too little of the stated lead time below this share.
TIME_GAP_SHARE = 0.5

_PRIORITY = {
    "vague": 5.0,
    "actor": 4.0,
    "time_gap": 3.6,
    "wait": 3.0,
    "lead_time": 3.3,
    "before": 2.2,
    "exceptions": 3.1,
    "value": 2.5,
    "customer": 2.0,
    "duration": 1.5,
}
_UNKNOWN_WEIGHT = 0.4  # per unknown fact of the step: the least known step first


@dataclass(frozen=True)
class Gap:
    key: str
    kind: str
    priority: float = 0.0
    step_id: str | None = None
    step_anchor: str | None = None
    step_action: str | None = None
    position: int = 0  # of the step in the process, for a stable order among equals
    values: dict[str, float] = field(default_factory=dict)
    label: str | None = None  # how the question names the step


def known_facts(step: Step) -> list[str]:
    known = []
    if step.actor:
        known.append("actor")
    if step.wait_hours is not None:
        known.append("wait")
    if step.duration_hours is not None:
        known.append("duration")
    if step.system:
        known.append("system")
    if step.value != "unknown":
        known.append("value")
    return known


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W_]+", text.lower()) if len(w) > 2}


def _is_vague(step: Step, language: Language) -> bool:
    c = cues(language)
    actor = (step.actor or "").lower().strip()
    if actor and actor not in c.vague_actors:
        return False
    said = " ".join(e.quote for e in step.evidence).lower() or step.action.lower()
    return bool(c.vague.search(said)) or (bool(actor) and actor in c.vague_actors)


def _matters(step: Step, language: Language) -> bool:
    if (step.wait_hours or 0) >= LONG_WAIT_HOURS:
        return True
    words = _words(step.action)
    return any(verb in words for verb in cues(language).value_verbs)


def _at_handover(steps: Sequence[Step], index: int) -> bool:
    if index == 0:
        return False
    previous, current = steps[index - 1].actor, steps[index].actor
    return bool(previous and current and previous.lower() != current.lower())


def step_gaps(state: InterviewState, closed: Closed | None = None) -> list[Gap]:
    """Follow-up gaps about single steps."""
    closed = closed or Closed(state)
    steps = state.process.steps
    language = state.language
    gaps: list[Gap] = []
    mattering = sorted(
        (i for i, s in enumerate(steps) if _matters(s, language)),
        key=lambda i: (-(steps[i].wait_hours or 0.0), i),
    )[:MAX_VALUE_QUESTIONS]
    wait_turns: set[int] = set()  # one wait question per answer: its steps were told together
    for index, step in enumerate(steps):
        here = anchor(step)
        unknown = sum(1 for fact in FACTS if fact not in known_facts(step))
        wanted: list[str] = []
        if _is_vague(step, language):
            wanted.append("vague")
        elif not step.actor:
            wanted.append("actor")
        told_in = step.evidence[0].turn if step.evidence else -1
        if step.wait_hours is None and _at_handover(steps, index) and told_in not in wait_turns:
            wait_turns.add(told_in)
            if not closed("wait", here, step.action) and not time_said(state, step):
                wanted.append("wait")
        if step.duration_hours is None and index in mattering:
            wanted.append("duration")
        if step.value == "unknown" and index in mattering:
            wanted.append("value")
        for kind in wanted:
            if closed(kind, here, step.action):
                continue
            gaps.append(
                Gap(
                    key=f"{kind}:{here}",
                    kind=kind,
                    priority=_PRIORITY[kind] + _UNKNOWN_WEIGHT * unknown,
                    step_id=step.id,
                    step_anchor=here,
                    step_action=step.action,
                    position=index,
                    label=step_label(step),
                )
            )
    return gaps


def process_gaps(state: InterviewState) -> list[Gap]:
    """Follow-up gaps about the process as a whole (each asked once)."""
    process = state.process
    gaps: list[Gap] = []

    def open_(kind: str) -> bool:
        return not state.was_asked(kind) and kind not in state.unanswerable

    def add(kind: str, priority: float, values: dict[str, float] | None = None) -> None:
        if open_(kind):
            gaps.append(Gap(key=kind, kind=kind, priority=priority, position=-1, values=values or {}))

    if process.steps:
        first = process.steps[0]
        if not state.was_asked(step_key("before", first)) and not _asked_kind(state, "before"):
            gaps.append(
                Gap(
                    key=step_key("before", first),
                    kind="before",
                    priority=_PRIORITY["before"] + (1.0 if not process.trigger else 0.0),
                    step_id=first.id,
                    step_anchor=anchor(first),
                    step_action=first.action,
                    label=step_label(first),
                )
            )
        add("exceptions", _PRIORITY["exceptions"])
    lead = process.stated_lead_time_hours
    if lead is None:
        if open_("lead_time") and not lead_time_said(state):
            add("lead_time", _PRIORITY["lead_time"])
    else:
        known = sum((s.wait_hours or 0.0) + (s.duration_hours or 0.0) for s in process.steps)
        if known < TIME_GAP_SHARE * lead:
            add("time_gap", _PRIORITY["time_gap"], {"lead": lead, "known": known})
    if not process.customer:
        add("customer", _PRIORITY["customer"])
    return gaps


def _asked_kind(state: InterviewState, kind: str) -> bool:
    return any(question.kind == kind for question in state.asked)


def followup_gaps(state: InterviewState) -> list[Gap]:
    """All open follow-up gaps, the most important first."""
    gaps = step_gaps(state, Closed(state)) + process_gaps(state)
    gaps.sort(key=lambda gap: (_tier(gap.kind), -round(gap.priority, 6), gap.position, gap.kind))
    return gaps


def _tier(kind: str) -> int:
    """Who does a step comes first, then the gaps that can reveal steps not told
    yet, then the details (waits, durations, value) of steps already known."""
    if kind in WHO_KINDS:
        return 0
    return 1 + DISCOVERY_KINDS.index(kind) if kind in DISCOVERY_KINDS else 1 + len(DISCOVERY_KINDS)


def walkthrough_gap(state: InterviewState) -> Gap | None:
    """ "Walk me through it" at first, then "what happens after <the last step>",
    or, when the last step is the one already asked about, simply "and then?"."""
    steps = state.process.steps
    if not _asked_kind(state, "start"):
        return Gap(key="start", kind="start", priority=10.0)
    if steps and not Closed(state).asked_about("next", anchor(steps[-1]), steps[-1].action):
        last = steps[-1]
        return Gap(
            key=step_key("next", last),
            kind="next",
            priority=9.0,
            step_id=last.id,
            step_anchor=anchor(last),
            step_action=last.action,
            position=len(steps) - 1,
            label=step_label(last),
        )
    walked = sum(1 for question in state.asked if question.kind in WALKTHROUGH_KINDS)
    return Gap(key=f"continue:{walked}", kind="continue", priority=9.0)


def knowledge(state: InterviewState, gaps: Sequence[Gap] | None = None) -> dict[str, StepKnowledge]:
    """For every step: what is known, what was asked, what is still missing.
    `gaps` are the open follow-up gaps when already computed."""
    closed = Closed(state)
    if gaps is None:
        gaps = step_gaps(state, closed)
    open_gaps = {(gap.step_id, gap.kind) for gap in gaps}
    result: dict[str, StepKnowledge] = {}
    for step in state.process.steps:
        here = anchor(step)
        result[step.id] = StepKnowledge(
            step_id=step.id,
            action=step.action,
            known=known_facts(step),
            missing=[kind for kind in STEP_KINDS if (step.id, kind) in open_gaps],
            asked=[kind for kind in (*STEP_KINDS, "next") if closed.asked_about(kind, here, step.action)],
            unanswerable=[
                kind
                for kind, places in closed.unanswerable.items()
                if any(same_anchor(p, here) for p in places)
            ],
        )
    return result

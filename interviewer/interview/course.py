"""The course of an interview: which gap to ask about next.

Role, then trigger, then the walkthrough (until the person says the process
ends, or two answers in a row add no step), then the follow-ups where the
process is least known (coverage.py), within a budget of questions, then
"anything else?"; after that the read-back and the close.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.interview import coverage
from interviewer.interview.coverage import Gap
from interviewer.interview.offline_turn import PhrasedQuestion
from interviewer.interview.record import phase_of
from interviewer.interview.state import InterviewState


@dataclass(frozen=True)
class Limits:
    max_questions: int = 30
    max_followups: int = 14


def choose(s: InterviewState, limits: Limits, followups: list[Gap] | None = None) -> Gap | None:
    """The next gap to ask about (`followups`: the open follow-up gaps, when
    already computed). Marks the walkthrough done when it has nothing left."""
    asked_kinds = {q.kind for q in s.asked}
    if "role" not in asked_kinds and not (s.interviewee_role or s.interviewee_unit):
        return Gap(key="role", kind="role")
    if "trigger" not in asked_kinds and not s.process.trigger:
        return Gap(key="trigger", kind="trigger")
    budget_left = s.question_count < limits.max_questions - 2
    if not s.walkthrough_done and budget_left:
        gap = coverage.walkthrough_gap(s)
        if gap is not None:
            return gap
        s.walkthrough_done = True
    asked_followups = sum(1 for q in s.asked if phase_of(q.kind) == "followup")
    if asked_followups < limits.max_followups and budget_left:
        gaps = coverage.followup_gaps(s) if followups is None else followups
        if gaps:
            return gaps[0]
    if "anything_else" not in asked_kinds:
        return Gap(key="anything_else", kind="anything_else")
    return None


def candidates(s: InterviewState, limits: Limits) -> list[Gap]:
    """What the next question could be about, for an engine that phrases it
    itself before the code has seen its update: the gap the course asks for
    next, and in the follow-ups the next few after it (the answer may close the first)."""
    first = choose(s.model_copy(), limits)
    if first is None:
        return []
    if first.kind in coverage.WALKTHROUGH_KINDS and first.kind != "start":
        return [Gap(key="next", kind="next")]  # after the last step of the *updated* process
    if phase_of(first.kind) != "followup":
        return [first]
    return coverage.followup_gaps(s)[:3] or [first]


def same_gap(phrased: PhrasedQuestion, gap: Gap) -> bool:
    """Did the engine phrase a question for the gap the code chose?"""
    walkthrough = coverage.WALKTHROUGH_KINDS
    if phrased.kind in walkthrough and gap.kind in walkthrough and "start" not in (phrased.kind, gap.kind):
        return True  # "what happens after the last step": the step is the last one either way
    return phrased.kind == gap.kind and phrased.step_id in (None, gap.step_id)


def notable_allowed(s: InterviewState) -> bool:
    """A follow-up on something notable: not two in a row, not in the first questions."""
    return bool(s.asked) and s.asked[-1].kind != "notable" and s.question_count >= 4

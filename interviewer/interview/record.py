"""Bookkeeping of a turn on a working copy of the state: the turn itself,
the question asked, the person's language and role.

These functions change the state they are given; the Conductor calls them
only on its own copy (working_copy), never on a state it was handed.
"""

from __future__ import annotations

from interviewer.engines.offline.conversation import self_introduction
from interviewer.interview.coverage import Gap
from interviewer.interview.questions import templates
from interviewer.interview.state import AskedQuestion, InterviewState, Phase, Question
from interviewer.models import Language, Turn
from interviewer.transcripts.language import language_scores

# Function-word hits needed before the detected language counts as known.
LANGUAGE_HITS = 3
# A role given as a short answer ("Purchasing.") is taken as the unit.
MAX_ROLE_WORDS = 6

PHASE_OF_KIND: dict[str, Phase] = {
    "consent": "opening",
    "role": "role",
    "trigger": "trigger",
    "start": "walkthrough",
    "next": "walkthrough",
    "continue": "walkthrough",
    "readback": "readback",
    "closing": "closing",
}


def phase_of(kind: str) -> Phase:
    return PHASE_OF_KIND.get(kind, "followup")


def working_copy(state: InterviewState) -> InterviewState:
    """A copy that can be changed without touching `state`: its lists are new
    (turns, questions, edits are only ever appended to; a process or a turn is
    replaced, never changed in place), the engine record is copied deeply."""
    return state.model_copy(
        update={
            "turns": list(state.turns),
            "asked": list(state.asked),
            "unanswerable": list(state.unanswerable),
            "excluded_turns": list(state.excluded_turns),
            "edits": list(state.edits),
            "facts": list(state.facts),
            "knowledge": dict(state.knowledge),
            "record": state.record.model_copy(deep=True),
        }
    )


def record_turn(s: InterviewState, text: str, *, interviewer: bool) -> Turn:
    labels = templates(s.language).labels
    turn = Turn(
        number=len(s.turns) + 1,
        speaker=labels.interviewer if interviewer else labels.interviewee,
        role=None if interviewer else (s.interviewee_unit or s.interviewee_role),
        text=text,
        is_interviewer=interviewer,
    )
    s.turns.append(turn)
    return turn


def ask(s: InterviewState, gap: Gap, text: str, template_id: str, *, done: bool = False) -> Question:
    """Record the interviewer's turn and the question it asks."""
    phase = phase_of(gap.kind)
    turn = record_turn(s, text, interviewer=True)
    s.asked.append(
        AskedQuestion(
            gap=gap.key,
            kind=gap.kind,
            template_id=template_id,
            text=text,
            turn=turn.number,
            phase=phase,
            step_id=gap.step_id,
            step_anchor=gap.step_anchor,
            step_action=gap.step_action,
        )
    )
    s.phase = "closed" if done else phase
    s.finished = done
    return Question(
        text=text,
        gap=gap.key,
        step_id=gap.step_id,
        phase=phase,
        done=done,
        kind=gap.kind,
        template_id=template_id,
    )


def detect_language(s: InterviewState) -> None:
    """Until the language is known, every answer adds evidence; the next
    question follows the language the person answers in."""
    if s.language_confirmed:
        return
    said = " ".join(turn.text for turn in s.answers())
    scores = language_scores(said)
    best: Language = "de" if scores["de"] > scores["en"] else "en"
    if scores["de"] == scores["en"]:
        if not any(ch in said.lower() for ch in "äöüß"):
            return
        best = "de"
    s.language = best
    if scores[best] >= LANGUAGE_HITS:
        s.language_confirmed = True


def read_role(s: InterviewState, text: str) -> None:
    """Unit and role from "I work in order management as a clerk", or a short answer."""
    unit, role = self_introduction(text, s.language)
    if unit is None and role is None:
        words = text.strip(" .!").split()
        if 0 < len(words) <= MAX_ROLE_WORDS:
            unit = text.strip(" .!")
    s.interviewee_unit = unit or s.interviewee_unit
    s.interviewee_role = role or s.interviewee_role

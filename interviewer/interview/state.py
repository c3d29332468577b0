"""The state of a live interview: everything needed to continue it.

The state is a plain pydantic model, serialised as JSON between turns (the
REST API stores it, `interviewer chat` writes it to a file), so that an
interview can stop after any answer and resume later with exactly the same
continuation. The Conductor never mutates a state it is given: it returns a
new one.

Besides the transcript and the current process it keeps what the
conversation has established: which questions were asked (never twice),
which gaps the person could not or would not answer, the corrections they
made (as edits of what they said earlier) and the facts they gave in answer
to a question about one step.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.models import EngineInfo, Language, Process, Transcript, Turn

Phase = Literal["opening", "role", "trigger", "walkthrough", "followup", "readback", "closing", "closed"]
PHASES: tuple[Phase, ...] = (
    "opening",
    "role",
    "trigger",
    "walkthrough",
    "followup",
    "readback",
    "closing",
    "closed",
)

FactKind = Literal["actor", "wait", "duration", "system"]


class _Model(BaseModel):
    # A stored state with an unknown field is an error, not silently dropped data.
    model_config = ConfigDict(extra="forbid")


class Question(_Model):
    """The interviewer's next question (or closing words when `done`)."""

    text: str = Field(description="What the interviewer says, in the interview's language.")
    gap: str = Field(description="Key of the gap the question is about, e.g. 'wait:t12:we-check-the-order'.")
    step_id: str | None = Field(default=None, description="The step the question is about, if any.")
    phase: str = Field(description="The phase of the interview the question belongs to.")
    done: bool = Field(default=False, description="True when the interview is over.")
    kind: str = Field(default="", description="The kind of gap: role, trigger, next, actor, wait, ...")
    template_id: str = Field(
        default="", description="The question template used, or 'llm' when phrased by the LLM."
    )


class StepKnowledge(_Model):
    """What is known and what is missing about one step."""

    step_id: str
    action: str
    known: list[str] = Field(
        default_factory=list, description="Facts stated: actor, wait, duration, system, value."
    )
    missing: list[str] = Field(default_factory=list, description="Gap kinds still open for this step.")
    asked: list[str] = Field(default_factory=list, description="Gap kinds already asked about this step.")
    unanswerable: list[str] = Field(
        default_factory=list, description="Gap kinds the person skipped or could not answer."
    )


class AskedQuestion(_Model):
    """One question the interviewer asked: never asked again."""

    gap: str
    kind: str
    template_id: str
    text: str
    turn: int = Field(ge=1, description="Number of the interviewer turn that asked it.")
    phase: str
    step_id: str | None = None
    step_anchor: str | None = Field(
        default=None, description="Where the step was said (turn and words), stable across re-extraction."
    )
    step_action: str | None = None


class TextEdit(_Model):
    """A correction, applied to what the person said earlier: in turn `turn`,
    the words `find` now read `replace` (empty to take them back)."""

    turn: int = Field(ge=1)
    find: str = Field(min_length=1)
    replace: str
    source_turn: int = Field(ge=1, description="The turn in which the person made the correction.")


class StatedFact(_Model):
    """A fact the person gave in answer to a question about one step."""

    kind: FactKind
    step_anchor: str
    step_action: str
    value: str | None = None
    hours: float | None = Field(default=None, ge=0)
    turn: int = Field(ge=1, description="The answer turn that states it.")
    override: bool = Field(
        default=False, description="True for a correction: it replaces what was extracted."
    )


class InterviewState(_Model):
    id: str = Field(min_length=1)
    language: Language
    language_confirmed: bool = Field(
        default=False, description="True when the language was given or detected with confidence."
    )
    process_name: str
    interviewee_role: str | None = None
    interviewee_unit: str | None = None
    phase: Phase = "opening"
    turns: list[Turn] = Field(default_factory=list, description="Questions and answers, numbered from 1.")
    process: Process
    knowledge: dict[str, StepKnowledge] = Field(default_factory=dict)
    asked: list[AskedQuestion] = Field(default_factory=list)
    consent: bool = True
    finished: bool = False
    engine: str = Field(default="offline", description="The engine conducting the interview.")
    walkthrough_done: bool = False
    walkthrough_idle: int = Field(
        default=0, ge=0, description="Walkthrough answers in a row that added no step."
    )
    readbacks: int = Field(default=0, ge=0, description="How often the process was read back.")
    unanswerable: list[str] = Field(default_factory=list, description="Gap keys skipped or not known.")
    excluded_turns: list[int] = Field(
        default_factory=list,
        description="Turns not read as process content: opening, read-back, skips, consent, applied corrections.",
    )
    edits: list[TextEdit] = Field(default_factory=list)
    facts: list[StatedFact] = Field(default_factory=list)
    record: EngineInfo = Field(
        default_factory=lambda: EngineInfo(name="offline"),
        description="LLM calls and fallbacks of the interview's turns.",
    )

    # -- reading ------------------------------------------------------------
    @property
    def pending(self) -> AskedQuestion | None:
        """The question waiting for an answer (the last one asked)."""
        return self.asked[-1] if self.asked and not self.finished else None

    def current_question(self) -> Question:
        """The question to show now: the pending one, or the closing words."""
        last = self.asked[-1] if self.asked else None
        if last is None:
            return Question(text="", gap="", phase=self.phase, done=self.finished)
        text = self.turns[last.turn - 1].text if 0 < last.turn <= len(self.turns) else last.text
        return Question(
            text=text,
            gap=last.gap,
            step_id=last.step_id,
            phase=last.phase,
            done=self.finished,
            kind=last.kind,
            template_id=last.template_id,
        )

    @property
    def question_count(self) -> int:
        """Questions asked so far, the closing words not counted."""
        return sum(1 for asked in self.asked if asked.kind != "closing")

    def answers(self) -> list[Turn]:
        return [turn for turn in self.turns if not turn.is_interviewer]

    def was_asked(self, gap: str) -> bool:
        return any(asked.gap == gap for asked in self.asked)


# ---------------------------------------------------------------------------
# the transcript as the engine reads it
# ---------------------------------------------------------------------------


def effective_text(turn: Turn, edits: list[TextEdit]) -> str:
    """The turn's words with the corrections applied (in the order they were made)."""
    text = turn.text
    for edit in edits:
        if edit.turn == turn.number and edit.find in text:
            text = text.replace(edit.find, edit.replace, 1)
    return re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()


def extraction_transcript(state: InterviewState) -> Transcript:
    """What the engine reads: the turns with corrections applied, without the
    turns that carry no process content (opening, read-back, skips, applied
    corrections). Turn numbers are kept, so evidence cites the real turns; the
    person's answers carry their role, so "we" resolves to their unit."""
    excluded = set(state.excluded_turns)
    role = state.interviewee_unit or state.interviewee_role
    turns: list[Turn] = []
    for turn in state.turns:
        if turn.number in excluded:
            continue
        text = effective_text(turn, state.edits) if state.edits else turn.text
        if not text:
            continue
        updates: dict[str, object] = {}
        if text != turn.text:
            updates["text"] = text
        if not turn.is_interviewer and role and turn.role != role:
            updates["role"] = role
        turns.append(turn.model_copy(update=updates) if updates else turn)
    return Transcript(case_id=state.id, language=state.language, title=state.process_name, turns=turns)


def full_transcript(state: InterviewState) -> Transcript:
    """Every turn as said, for the record."""
    return Transcript(
        case_id=state.id, language=state.language, title=state.process_name, turns=list(state.turns)
    )

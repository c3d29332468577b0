"""The conductor: one interview, one question at a time.

    conductor = Conductor.from_settings(settings)
    state, question = conductor.start(process_name="Waste bin delivery")
    state, question = conductor.answer(state, "I work in customer service.")
    ...
    result = conductor.finish(state)          # AnalysisResult, as for a transcript

The course of an interview: an opening (purpose, how the answers are used,
that any question may be skipped and the interview stopped), the person's
role and unit, the trigger, a walk through the steps, follow-ups where the
process is least known (coverage.py, course.py), "anything else?", a
read-back in plain words that the person confirms or corrects, and the
close. A correction, a skip or a stop is understood at any point.

`answer` is pure: it never changes the state it is given and returns the
same new state for the same input (the offline engine), so a caller can
store the answer first and safely retry.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import TYPE_CHECKING

from interviewer.errors import InputError
from interviewer.interview import coverage
from interviewer.interview.anchors import find_step
from interviewer.interview.corrections import correct
from interviewer.interview.course import Limits, candidates, choose, notable_allowed, same_gap
from interviewer.interview.coverage import Gap
from interviewer.interview.facts import FACT_OF_GAP, apply_facts_and_metrics, fact_from_answer
from interviewer.interview.intents import Intent, is_substantive, read_intent, word_count
from interviewer.interview.offline_turn import OfflineTurn, TurnResult
from interviewer.interview.phrasing import ack, closing_text, opening_text, phrase_gap
from interviewer.interview.questions import normalised
from interviewer.interview.readback import readback_text
from interviewer.interview.record import ask, detect_language, read_role, record_turn, working_copy
from interviewer.interview.state import AskedQuestion, InterviewState, Question, StatedFact
from interviewer.models import EngineInfo, Language, Process, Turn

if TYPE_CHECKING:
    from interviewer.engines.base import Engine
    from interviewer.interview.llm_turn import LLMTurn
    from interviewer.models import AnalysisResult
    from interviewer.services import Services
    from interviewer.settings import Settings

MAX_READBACKS = 3
# An answer this short to a question about one step is only the fact asked for.
SHORT_FACT_WORDS = 12
# The walkthrough ends after this many answers in a row that added no step.
MAX_IDLE_WALKTHROUGH = 2
# A role answer this short is only the role, not process content.
SHORT_ROLE_WORDS = 8

Step = tuple[InterviewState, Question]


class Conductor:
    """Runs interviews with one engine; holds no interview state of its own."""

    def __init__(
        self,
        engine: Engine,
        *,
        settings: Settings | None = None,
        services: Services | None = None,
        llm_turn: LLMTurn | None = None,
        max_questions: int = 30,
        max_followups: int = 14,
        max_idle_walkthrough: int = MAX_IDLE_WALKTHROUGH,
        default_language: Language = "en",
    ) -> None:
        self.engine = engine
        self.settings = settings
        self._services = services
        fallback = getattr(engine, "fallback", None) if llm_turn is not None else engine
        self.offline = OfflineTurn(fallback or _offline_engine())
        self.llm_turn = llm_turn
        self.max_questions = max_questions
        self.max_followups = max_followups
        self.max_idle_walkthrough = max_idle_walkthrough
        self.default_language = default_language

    @classmethod
    def from_settings(cls, settings: Settings, *, services: Services | None = None) -> Conductor:
        """The conductor the settings describe (engine offline or llm). `services`
        (knowledge base, memory) are used by finish(); built from the settings
        on first use when not given."""
        language = settings.language or "en"
        if settings.engine == "llm":
            from interviewer.engines.llm import LLMEngine
            from interviewer.interview.llm_turn import LLMTurn

            llm = LLMEngine.from_settings(settings, fallback=_offline_engine())
            return cls(
                llm,
                settings=settings,
                services=_with_engine(services, llm),
                llm_turn=LLMTurn(llm),
                default_language=language,
            )
        engine = _offline_engine()
        return cls(
            engine, settings=settings, services=_with_engine(services, engine), default_language=language
        )

    @property
    def engine_name(self) -> str:
        return "llm" if self.llm_turn is not None else "offline"

    @property
    def limits(self) -> Limits:
        return Limits(max_questions=self.max_questions, max_followups=self.max_followups)

    # ------------------------------------------------------------------ start

    def start(
        self,
        *,
        process_name: str,
        language: Language | None = None,
        interviewee_role: str | None = None,
        interview_id: str | None = None,
        consent: bool = True,
    ) -> Step:
        """A new interview and its opening question."""
        name = process_name.strip()
        if not name:
            raise InputError("the process needs a name, e.g. 'waste bin delivery'")
        state = InterviewState(
            id=interview_id or uuid.uuid4().hex[:12],
            language=language or self.default_language,
            language_confirmed=language is not None,
            process_name=name,
            interviewee_role=(interviewee_role or "").strip() or None,
            process=Process(name=name),
            consent=consent,
            engine=self.engine_name,
            record=EngineInfo(name=self.engine_name),
        )
        if consent:
            gap = choose(state, self.limits) or Gap(key="trigger", kind="trigger")
        else:
            gap = Gap(key="consent", kind="consent")
        opening = opening_text(state, gap)
        question = ask(state, gap, opening.text, opening.template_id)
        state.excluded_turns.append(state.asked[-1].turn)
        return state, question

    # ----------------------------------------------------------------- answer

    def answer(self, state: InterviewState, text: str) -> Step:
        """Take the answer to the pending question; return the new state and the next question."""
        if state.finished:
            raise InputError(f"interview {state.id} is closed; start a new one to continue")
        if not text or not text.strip():
            raise InputError("the answer is empty")
        s = working_copy(state)
        pending = s.asked[-1]
        turn = record_turn(s, text.strip(), interviewer=False)
        detect_language(s)
        intent = read_intent(turn.text, s.language)
        if pending.kind == "consent":
            return self._on_consent(s, turn, intent)
        if intent.stop:
            return self._on_stop(s, pending, turn, intent)
        if intent.skip:
            return self._on_skip(s, pending, turn)
        if intent.correction:
            return self._on_correction(s, pending, turn, intent)
        if pending.kind == "readback":
            if intent.confirm or not is_substantive(turn.text):
                s.excluded_turns.append(turn.number)
                return self._close(s)
            self._update(s, turn, intent)  # more said on hearing it back: read back again
            return self._readback(s, ["correction"])
        if pending.kind == "role":
            read_role(s, turn.text)
            if word_count(turn.text) <= SHORT_ROLE_WORDS:
                s.excluded_turns.append(turn.number)
                return self._continue(s, [], None)
        if pending.kind == "anything_else" and (
            intent.decline or intent.end_of_process or not is_substantive(turn.text)
        ):
            s.excluded_turns.append(turn.number)
            return self._continue(s, [], None)
        return self._on_content(s, pending, turn, intent)

    def _on_consent(self, s: InterviewState, turn: Turn, intent: Intent) -> Step:
        s.excluded_turns.append(turn.number)
        if intent.decline and not intent.confirm:
            s.consent = False
            return self._close(s, declined=True)
        s.consent = True
        return self._continue(s, [], None)

    def _on_stop(self, s: InterviewState, pending: AskedQuestion, turn: Turn, intent: Intent) -> Step:
        if is_substantive(intent.content):
            self._update(s, turn, intent)  # "... and then it's billed. Let's stop here."
        else:
            s.excluded_turns.append(turn.number)
        if pending.kind in ("readback", "closing") or not s.process.steps or s.readbacks:
            return self._close(s)
        return self._readback(s, ["stop"])

    def _on_skip(self, s: InterviewState, pending: AskedQuestion, turn: Turn) -> Step:
        s.excluded_turns.append(turn.number)
        if pending.gap not in s.unanswerable:
            s.unanswerable.append(pending.gap)
        if pending.kind in coverage.WALKTHROUGH_KINDS:
            s.walkthrough_done = True
        if pending.kind == "readback":
            return self._close(s)
        return self._continue(s, ["skip"], None)

    def _on_correction(self, s: InterviewState, pending: AskedQuestion, turn: Turn, intent: Intent) -> Step:
        fix = correct(s, intent.content, turn.number)
        if fix.applied:
            s.edits.extend(fix.edits)
            s.facts.extend(fix.facts)
            s.excluded_turns.append(turn.number)  # the edits carry it; read as an answer it would add a step
        result = self._update(s, turn, intent)
        if pending.kind == "readback" or s.readbacks:
            return self._readback(s, ["correction"])
        return self._continue(s, ["correction"], result)

    def _on_content(self, s: InterviewState, pending: AskedQuestion, turn: Turn, intent: Intent) -> Step:
        before = len(s.process.steps)
        fact = self._fact(s, pending, turn)
        if fact is not None:
            s.facts.append(fact)
            if word_count(turn.text) <= SHORT_FACT_WORDS:
                # "About two days." says nothing but the fact; read in order, the
                # extraction would give it to whichever step came last
                s.excluded_turns.append(turn.number)
        result = self._update(s, turn, intent)
        if fact is not None and self.llm_turn is not None:
            s.process = apply_facts_and_metrics(s.process, [fact])
        if pending.kind in coverage.WALKTHROUGH_KINDS:
            s.walkthrough_idle = 0 if len(s.process.steps) > before else s.walkthrough_idle + 1
            if intent.end_of_process or s.walkthrough_idle >= self.max_idle_walkthrough:
                s.walkthrough_done = True
        return self._continue(s, [], result)

    # ----------------------------------------------------------------- finish

    def finish(self, state: InterviewState) -> AnalysisResult:
        """The analysis of the interview (pipeline.analyse), on the process the
        interview established (with its corrections), when it has steps."""
        from interviewer.interview.analysis import analyse_interview

        return analyse_interview(state, self.services())

    def services(self) -> Services:
        if self._services is None:
            from interviewer.knowledge import build_finder
            from interviewer.services import Services
            from interviewer.settings import Settings

            settings = self.settings or Settings()
            finder, memory = build_finder(settings)
            self._services = Services(settings=settings, engine=self.engine, finder=finder, memory=memory)
        return self._services

    # ---------------------------------------------------------------- helpers

    def _update(self, s: InterviewState, turn: Turn, intent: Intent) -> TurnResult:
        if self.llm_turn is not None:
            result = self.llm_turn.update(s, turn, intent, candidates(s, self.limits), fallback=self.offline)
        else:
            result = self.offline.update(s, turn, intent, [])
        s.process = result.process
        return result

    def _fact(self, s: InterviewState, pending: AskedQuestion, turn: Turn) -> StatedFact | None:
        """What an answer to a question about one step says about it (who, how long)."""
        kind = FACT_OF_GAP.get(pending.kind)
        if kind is None or pending.step_anchor is None:
            return None
        step = find_step(s.process, pending.step_anchor, pending.step_action)
        if step is None:
            return None
        return fact_from_answer(
            kind, turn.text, state=s, step=step, turn=turn.number, step_anchor=pending.step_anchor
        )

    def _continue(self, s: InterviewState, notes: list[str], result: TurnResult | None) -> Step:
        followups = coverage.followup_gaps(s)
        s.knowledge = coverage.knowledge(s, followups)
        gap = choose(s, self.limits, followups)
        if gap is None:
            return self._readback(s, notes)
        prefix = " ".join(ack(s, note) for note in notes)
        phrased = result.question if result is not None else None
        text, template_id = "", ""
        if phrased is not None and phrased.notable and notable_allowed(s):
            gap = Gap(key=f"notable:t{len(s.turns)}", kind="notable")
            text, template_id = phrased.text, "llm"
        elif phrased is not None and same_gap(phrased, gap):
            text, template_id = phrased.text, "llm"
        asked_texts = {normalised(q.text) for q in s.asked}
        if not text or normalised(text) in asked_texts or not s.language_confirmed:
            phrasing = phrase_gap(s, gap)
            text, template_id = phrasing.text, phrasing.template_id
            if not s.language_confirmed:  # until the person's language is clear, ask in both
                other: Language = "de" if s.language == "en" else "en"
                text = f"{text}\n{phrase_gap(s, gap, other).text}"
        return s, ask(s, gap, f"{prefix} {text}".strip(), template_id)

    def _readback(self, s: InterviewState, notes: list[str]) -> Step:
        if s.readbacks >= MAX_READBACKS:
            return self._close(s)
        s.knowledge = coverage.knowledge(s)
        prefix = " ".join(ack(s, note) for note in notes)
        text = readback_text(s.process, s.language, variant=s.readbacks)
        s.readbacks += 1
        gap = Gap(key=f"readback:{s.readbacks}", kind="readback")
        question = ask(s, gap, f"{prefix}\n{text}".strip(), f"readback-{s.readbacks}")
        s.excluded_turns.append(s.asked[-1].turn)  # its words are ours, not the person's
        return s, question

    def _close(self, s: InterviewState, *, declined: bool = False) -> Step:
        s.knowledge = coverage.knowledge(s)
        closing = closing_text(s, declined=declined)
        question = ask(s, Gap(key="closing", kind="closing"), closing.text, closing.template_id, done=True)
        s.excluded_turns.append(s.asked[-1].turn)
        return s, question


def _offline_engine() -> Engine:
    from interviewer.engines.offline import OfflineEngine

    return OfflineEngine()


def _with_engine(services: Services | None, engine: Engine) -> Services | None:
    return None if services is None else dataclasses.replace(services, engine=engine)

"""The conductor: one interview, one question at a time.

    conductor = Conductor.from_settings(settings)
    state, question = conductor.start(process_name="Waste bin delivery")
    state, question = conductor.answer(state, "I work in customer service.")
    ...
    result = conductor.finish(state)          # AnalysisResult, as for a transcript

The course of an interview: an opening (purpose, how the answers are used,
that any question may be skipped and the interview stopped), the person's
role and unit, the trigger, a walk through the steps, follow-ups where the
process is least known (gaps.py), "anything else?", a read-back in plain
words that the person confirms or corrects, and the close. A correction,
a skip or a stop is understood at any point.

`answer` is pure: it never changes the state it is given and returns the
same new state for the same input (the offline engine), so a caller can
store the answer first and safely retry.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from interviewer.engines.offline.conversation import self_introduction
from interviewer.errors import InputError
from interviewer.interview import coverage
from interviewer.interview.corrections import correct
from interviewer.interview.facts import FACT_OF_GAP, apply_facts_and_metrics, fact_from_answer
from interviewer.interview.intents import Intent, is_substantive, read_intent, word_count
from interviewer.interview.offline_turn import OfflineTurn, PhrasedQuestion, TurnResult
from interviewer.interview.phrasing import ack, opening_text, phrase_gap
from interviewer.interview.readback import readback_text
from interviewer.interview.state import AskedQuestion, InterviewState, Phase, Question, StatedFact
from interviewer.models import EngineInfo, Language, Process, Turn
from interviewer.transcripts.language import language_scores

if TYPE_CHECKING:
    from interviewer.engines.base import Engine
    from interviewer.interview.coverage import Gap
    from interviewer.interview.llm_turn import LLMTurn
    from interviewer.models import AnalysisResult
    from interviewer.services import Services
    from interviewer.settings import Settings

MAX_READBACKS = 3
# An answer this short to a question about one step is only the fact asked for.
SHORT_FACT_WORDS = 12
# The walkthrough ends after this many answers in a row that added no step.
MAX_IDLE_WALKTHROUGH = 2
# Function-word hits needed before the detected language counts as known.
LANGUAGE_HITS = 3

_PHASE_OF_KIND: dict[str, Phase] = {
    "consent": "opening",
    "role": "role",
    "trigger": "trigger",
    "start": "walkthrough",
    "next": "walkthrough",
    "continue": "walkthrough",
    "readback": "readback",
    "closing": "closing",
}


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
        default_language: Language = "en",
    ) -> None:
        self.engine = engine
        self.settings = settings
        self._services = services
        self.offline = OfflineTurn(engine if llm_turn is None else _fallback_extractor(engine))
        self.llm_turn = llm_turn
        self.max_questions = max_questions
        self.max_followups = max_followups
        self.default_language = default_language

    @classmethod
    def from_settings(cls, settings: Settings, *, services: Services | None = None) -> Conductor:
        """The conductor the settings describe (engine offline or llm). `services`
        (knowledge base, memory) are used by finish(); built from the settings
        on first use when not given."""
        from interviewer.engines.offline import OfflineEngine

        language = settings.language or "en"
        if settings.engine == "llm":
            from interviewer.engines.llm import LLMEngine
            from interviewer.interview.llm_turn import LLMTurn

            llm = LLMEngine.from_settings(settings, fallback=OfflineEngine())
            return cls(
                llm,
                settings=settings,
                services=_with_engine(services, llm),
                llm_turn=LLMTurn(llm),
                default_language=language,
            )
        engine = OfflineEngine()
        return cls(engine, settings=settings, services=_with_engine(services, engine), default_language=language)

    @property
    def engine_name(self) -> str:
        return "llm" if self.llm_turn is not None else "offline"

    # ------------------------------------------------------------------ start

    def start(
        self,
        *,
        process_name: str,
        language: Language | None = None,
        interviewee_role: str | None = None,
        interview_id: str | None = None,
        consent: bool = True,
    ) -> tuple[InterviewState, Question]:
        """A new interview and its opening question."""
        name = process_name.strip()
        if not name:
            raise InputError("the process needs a name, e.g. 'waste bin delivery'")
        lang: Language = language or self.default_language
        state = InterviewState(
            id=interview_id or uuid.uuid4().hex[:12],
            language=lang,
            language_confirmed=language is not None,
            process_name=name,
            interviewee_role=(interviewee_role or "").strip() or None,
            process=Process(name=name),
            consent=consent,
            engine=self.engine_name,
            record=EngineInfo(name=self.engine_name),
        )
        if not consent:
            gap: Gap = coverage.Gap(key="consent", kind="consent")
        else:
            gap = self._choose(state) or coverage.Gap(key="trigger", kind="trigger")
        opening = opening_text(state, gap)
        question = self._ask(state, gap, opening.text, opening.template_id)
        state.excluded_turns.append(question_turn(state))
        return state, question

    # ----------------------------------------------------------------- answer

    def answer(self, state: InterviewState, text: str) -> tuple[InterviewState, Question]:
        """Take the answer to the pending question; return the new state and the next question."""
        if state.finished:
            raise InputError(f"interview {state.id} is closed; start a new one to continue")
        if not text or not text.strip():
            raise InputError("the answer is empty")
        s = _working_copy(state)
        pending = s.asked[-1]
        turn = self._record(s, text.strip(), interviewer=False)
        self._detect_language(s)
        intent = read_intent(turn.text, s.language)
        notes: list[str] = []

        if pending.kind == "consent":
            s.excluded_turns.append(turn.number)
            if intent.decline and not intent.confirm:
                s.consent = False
                return self._close(s, declined=True)
            s.consent = True
            return self._continue(s, notes, None)

        if intent.stop:
            result = self._update(s, turn, intent) if is_substantive(intent.content) else None
            if result is None:
                s.excluded_turns.append(turn.number)
            notes.append("stop")
            if pending.kind in ("readback", "closing") or not s.process.steps or s.readbacks:
                return self._close(s)
            return self._readback(s, notes)

        if intent.skip:
            s.excluded_turns.append(turn.number)
            if pending.gap not in s.unanswerable:
                s.unanswerable.append(pending.gap)
            if pending.kind in coverage.WALKTHROUGH_KINDS:
                s.walkthrough_done = True
            if pending.kind == "readback":
                return self._close(s)
            return self._continue(s, ["skip"], None)

        result: TurnResult | None = None
        if intent.correction:
            fix = correct(s, intent.content, turn.number)
            if fix.applied:
                s.edits.extend(fix.edits)
                s.facts.extend(fix.facts)
                s.excluded_turns.append(turn.number)
            notes.append("correction")
            result = self._update(s, turn, intent)
            if pending.kind == "readback" or s.readbacks:
                return self._readback(s, notes)
            return self._continue(s, notes, result)

        if pending.kind == "readback":
            if intent.confirm or not is_substantive(turn.text):
                s.excluded_turns.append(turn.number)
                return self._close(s)
            result = self._update(s, turn, intent)
            return self._readback(s, ["correction"])

        if pending.kind == "role":
            self._read_role(s, turn.text)
            if not is_substantive(turn.text) or len(turn.text.split()) <= 8:
                s.excluded_turns.append(turn.number)
                return self._continue(s, notes, None)

        if pending.kind == "anything_else" and (intent.decline or intent.end_of_process or not is_substantive(turn.text)):
            s.excluded_turns.append(turn.number)
            return self._continue(s, notes, None)

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
            if intent.end_of_process or s.walkthrough_idle >= MAX_IDLE_WALKTHROUGH:
                s.walkthrough_done = True
        return self._continue(s, notes, result)

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

    def _record(self, s: InterviewState, text: str, *, interviewer: bool) -> Turn:
        from interviewer.interview.questions import templates

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

    def _detect_language(self, s: InterviewState) -> None:
        """Until the language is known, every answer adds evidence; the next
        question follows the language the person answers in."""
        if s.language_confirmed:
            return
        said = " ".join(turn.text for turn in s.answers())
        scores = language_scores(said)
        best: Language = "de" if scores["de"] > scores["en"] else "en"
        if scores["de"] == scores["en"]:
            if any(ch in said.lower() for ch in "äöüß"):
                best = "de"
            else:
                return
        s.language = best
        if scores[best] >= LANGUAGE_HITS:
            s.language_confirmed = True

    def _read_role(self, s: InterviewState, text: str) -> None:
        unit, role = self_introduction(text, s.language)
        if unit is None and role is None:
            words = text.strip(" .!").split()
            if 0 < len(words) <= 6:
                unit = text.strip(" .!")
        s.interviewee_unit = unit or s.interviewee_unit
        s.interviewee_role = role or s.interviewee_role

    def _update(self, s: InterviewState, turn: Turn, intent: Intent) -> TurnResult:
        if self.llm_turn is not None:
            result = self.llm_turn.update(s, turn, intent, self._candidates(s), fallback=self.offline)
        else:
            result = self.offline.update(s, turn, intent, [])
        s.process = result.process
        return result

    def _fact(self, s: InterviewState, pending: AskedQuestion, turn: Turn) -> StatedFact | None:
        """What an answer to a question about one step says about it (who, how long)."""
        kind = FACT_OF_GAP.get(pending.kind)
        if kind is None or pending.step_anchor is None:
            return None
        step = coverage.find_step(s.process, pending.step_anchor, pending.step_action)
        if step is None:
            return None
        return fact_from_answer(kind, turn.text, state=s, step=step, turn=turn.number, step_anchor=pending.step_anchor)

    def _candidates(self, s: InterviewState) -> list[Gap]:
        """What the next question could be about, for an engine that phrases it
        itself: the gap the course of the interview asks for next, and in the
        follow-ups the next few after it (the answer may close the first)."""
        first = self._choose(s.model_copy())
        if first is None:
            return []
        if first.kind in coverage.WALKTHROUGH_KINDS and first.kind != "start":
            return [coverage.Gap(key="next", kind="next")]  # after the last step of the *updated* process
        if _PHASE_OF_KIND.get(first.kind, "followup") != "followup":
            return [first]
        return coverage.followup_gaps(s)[:3] or [first]

    def _choose(self, s: InterviewState, followups: list[Gap] | None = None) -> Gap | None:
        """The next gap to ask about, following the course of the interview
        (`followups`: the open follow-up gaps, when already computed)."""
        asked_kinds = {q.kind for q in s.asked}
        if "role" not in asked_kinds and not (s.interviewee_role or s.interviewee_unit):
            return coverage.Gap(key="role", kind="role")
        if "trigger" not in asked_kinds and not s.process.trigger:
            return coverage.Gap(key="trigger", kind="trigger")
        budget_left = s.question_count < self.max_questions - 2
        if not s.walkthrough_done and budget_left:
            gap = coverage.walkthrough_gap(s)
            if gap is not None:
                return gap
            s.walkthrough_done = True
        asked_followups = sum(1 for q in s.asked if _PHASE_OF_KIND.get(q.kind, "followup") == "followup")
        if asked_followups < self.max_followups and budget_left:
            gaps = coverage.followup_gaps(s) if followups is None else followups
            if gaps:
                return gaps[0]
        if "anything_else" not in asked_kinds:
            return coverage.Gap(key="anything_else", kind="anything_else")
        return None

    def _continue(self, s: InterviewState, notes: list[str], result: TurnResult | None) -> tuple[InterviewState, Question]:
        followups = coverage.followup_gaps(s)
        s.knowledge = coverage.knowledge(s, followups)
        gap = self._choose(s, followups)
        if gap is None:
            return self._readback(s, notes)
        prefix = " ".join(ack(s, note) for note in notes if note in ("skip", "correction"))
        phrased = result.question if result is not None else None
        if phrased is not None and phrased.notable and self._notable_allowed(s):
            gap = coverage.Gap(key=f"notable:t{len(s.turns)}", kind="notable")
            text, template_id = phrased.text, "llm"
        elif phrased is not None and _same_gap(phrased, gap):
            text, template_id = phrased.text, "llm"
        else:
            text, template_id = "", ""
        if not text or self._repeats(s, text) or not s.language_confirmed:
            phrasing = phrase_gap(s, gap)
            text, template_id = phrasing.text, phrasing.template_id
            if not s.language_confirmed:  # until the person's language is clear, ask in both
                other: Language = "de" if s.language == "en" else "en"
                text = f"{text}\n{phrase_gap(s, gap, other).text}"
        question = self._ask(s, gap, (prefix + " " + text).strip(), template_id)
        return s, question

    def _notable_allowed(self, s: InterviewState) -> bool:
        # a follow-up on something notable, but not two in a row and not during the walkthrough's first steps
        return bool(s.asked) and s.asked[-1].kind != "notable" and s.question_count >= 4

    def _repeats(self, s: InterviewState, text: str) -> bool:
        from interviewer.interview.questions import normalised

        wanted = normalised(text)
        return any(normalised(q.text) == wanted for q in s.asked)

    def _readback(self, s: InterviewState, notes: list[str]) -> tuple[InterviewState, Question]:
        if s.readbacks >= MAX_READBACKS:
            return self._close(s)
        s.knowledge = coverage.knowledge(s)
        prefix = " ".join(ack(s, note) for note in notes if note in ("skip", "correction", "stop"))
        text = readback_text(s.process, s.language, variant=s.readbacks)
        s.readbacks += 1
        gap = coverage.Gap(key=f"readback:{s.readbacks}", kind="readback")
        question = self._ask(s, gap, (prefix + "\n" + text).strip(), f"readback-{s.readbacks}")
        s.excluded_turns.append(question_turn(s))
        return s, question

    def _close(self, s: InterviewState, *, declined: bool = False) -> tuple[InterviewState, Question]:
        from interviewer.interview.phrasing import closing_text

        s.knowledge = coverage.knowledge(s)
        closing = closing_text(s, declined=declined)
        gap = coverage.Gap(key="closing", kind="closing")
        question = self._ask(s, gap, closing.text, closing.template_id, done=True)
        s.excluded_turns.append(question_turn(s))
        return s, question

    def _ask(
        self, s: InterviewState, gap: Gap, text: str, template_id: str, *, done: bool = False
    ) -> Question:
        phase: Phase = _PHASE_OF_KIND.get(gap.kind, "followup")
        turn = self._record(s, text, interviewer=True)
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


def _same_gap(phrased: PhrasedQuestion, gap: Gap) -> bool:
    """Did the engine phrase a question for the gap the code chose?"""
    walkthrough = coverage.WALKTHROUGH_KINDS
    if phrased.kind in walkthrough and gap.kind in walkthrough and "start" not in (phrased.kind, gap.kind):
        return True  # "what happens after the last step": the step is the last one either way
    return phrased.kind == gap.kind and phrased.step_id in (None, gap.step_id)


def _with_engine(services: Services | None, engine: Engine) -> Services | None:
    if services is None:
        return None
    import dataclasses

    return dataclasses.replace(services, engine=engine)


def _working_copy(state: InterviewState) -> InterviewState:
    """A copy that can be changed without touching `state`: its lists are new
    (turns, questions, edits are only ever appended to; a process or turn is
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


def question_turn(state: InterviewState) -> int:
    return state.asked[-1].turn


def _fallback_extractor(engine: Engine) -> Engine:
    """The extractor the offline turn uses when an LLM turn fails: the LLM engine's fallback."""
    fallback = getattr(engine, "fallback", None)
    if fallback is not None:
        return fallback  # type: ignore[no-any-return]
    from interviewer.engines.offline import OfflineEngine

    return OfflineEngine()


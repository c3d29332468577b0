"""The LLM engine's turn: one call that updates the process from the answer
and phrases the next question.

The prompt carries the current process in compact form, the last few turns
and the latest answer, never the whole interview, so that its size stays
nearly flat as the interview grows (bench/bench_interview.py measures it).
Code still decides what to ask about (the gaps, coverage.py); the model
phrases the question for the first gap its update leaves open, or follows
up once on something notable.

What comes back is checked like an extraction: a new step must quote the
latest answer, a time survives only when a quote states one, a step the
model dropped comes back unless the answer was a correction. When the call
gives no usable answer, the offline engine does the turn and the state's
record says so.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from interviewer import models
from interviewer.analysis.metrics import compute_metrics
from interviewer.engines.llm.grounding import locate
from interviewer.engines.llm.pseudonymise import Pseudonymiser
from interviewer.engines.llm.rendering import LANGUAGE_NAMES, defuse, render_turns, system_prompt
from interviewer.engines.llm.time_check import states_time
from interviewer.interview.coverage import WALKTHROUGH_KINDS, Gap
from interviewer.interview.offline_turn import PhrasedQuestion, TurnResult, derive_handoffs
from interviewer.interview.questions import fill, hours_in_words, quoted, templates
from interviewer.interview.state import InterviewState, full_transcript
from interviewer.models import Evidence, Language, Process, Step, Turn, ValueClass
from interviewer.prompts import render

if TYPE_CHECKING:
    from interviewer.engines.llm import LLMEngine
    from interviewer.interview.intents import Intent
    from interviewer.interview.offline_turn import OfflineTurn

# Turns of context besides the latest answer: enough for "and then?" to make sense.
RECENT_TURNS = 6
# Interviewer turns longer than this (opening, read-back) are left out of the context.
MAX_CONTEXT_TURN_CHARS = 600
_OWN_TAGS = re.compile(r"<(\s*/?\s*(?:process|answer)\b[^>]*)>?", re.IGNORECASE)
UNGROUNDED = "ungrounded"


def _described(model: type[BaseModel], name: str) -> str:
    return model.model_fields[name].description or ""


class _LLMModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TurnStep(_LLMModel):
    """One step of the process after the latest answer."""

    id: str | None = Field(
        default=None,
        description="The step's id in the current process; null for a step the latest answer adds.",
    )
    action: str = Field(min_length=1, description=_described(models.Step, "action"))
    actor: str | None = Field(default=None, description=_described(models.Step, "actor"))
    org_unit: str | None = Field(default=None, description=_described(models.Step, "org_unit"))
    system: str | None = Field(default=None, description=_described(models.Step, "system"))
    wait_hours: float | None = Field(default=None, ge=0, description=_described(models.Step, "wait_hours"))
    duration_hours: float | None = Field(
        default=None, ge=0, description=_described(models.Step, "duration_hours")
    )
    value: ValueClass = Field(default="unknown", description=_described(models.Step, "value"))
    quote: str | None = Field(
        default=None,
        description="For a new or changed step: words copied exactly from the latest answer that say it. "
        "Otherwise null.",
    )


class InterviewTurnReply(_LLMModel):
    """The process after the latest answer, and the next question."""

    steps: list[TurnStep] = Field(description="The whole process after the latest answer, in process order.")
    trigger: str | None = Field(default=None, description=_described(models.Process, "trigger"))
    customer: str | None = Field(default=None, description=_described(models.Process, "customer"))
    stated_lead_time_hours: float | None = Field(
        default=None, ge=0, description=_described(models.Process, "stated_lead_time_hours")
    )
    question: str = Field(
        min_length=1, description="The next question, one question, in the interview's language."
    )
    question_kind: str = Field(description="The kind of the gap the question is about, or 'notable'.")
    question_step_id: str | None = Field(
        default=None, description="The id of the step the question is about."
    )


# ---------------------------------------------------------------------------
# the prompt
# ---------------------------------------------------------------------------


def _defuse(text: str) -> str:
    return _OWN_TAGS.sub(lambda match: f"‹{match.group(1)}›", defuse(text))


def compact_process(process: Process, pseudo: Pseudonymiser) -> str:
    """The process as short JSON: ids, actions, actors, systems, times; no evidence."""
    steps = []
    for step in process.steps:
        entry: dict[str, object] = {"id": step.id, "action": pseudo.apply(step.action)}
        for name in ("actor", "org_unit", "system"):
            value = getattr(step, name)
            if value:
                entry[name] = pseudo.apply(value)
        for name in ("wait_hours", "duration_hours"):
            value = getattr(step, name)
            if value is not None:
                entry[name] = value
        if step.value != "unknown":
            entry["value"] = step.value
        steps.append(entry)
    data: dict[str, object] = {"steps": steps}
    if process.trigger:
        data["trigger"] = pseudo.apply(process.trigger)
    if process.customer:
        data["customer"] = pseudo.apply(process.customer)
    if process.stated_lead_time_hours is not None:
        data["stated_lead_time_hours"] = process.stated_lead_time_hours
    return _defuse(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def recent_turns(state: InterviewState, answer: Turn) -> list[Turn]:
    """The last turns before the answer, without the long opening and read-backs."""
    earlier = [
        turn
        for turn in state.turns
        if turn.number < answer.number
        and not (turn.is_interviewer and len(turn.text) > MAX_CONTEXT_TURN_CHARS)
    ]
    return earlier[-RECENT_TURNS:]


def describe_gaps(gaps: list[Gap], state: InterviewState) -> str:
    language = state.language
    t = templates(language)
    lines = []
    for gap in gaps:
        values = {"process": state.process_name, "step": quoted(gap.label or gap.step_action or "", language)}
        values["lead"] = hours_in_words(gap.values.get("lead", 0.0), language)
        values["known"] = hours_in_words(gap.values.get("known", 0.0), language)
        text = fill(t.gap_descriptions[gap.kind], values, where=f"gap_descriptions.{gap.kind}")
        where = f", step {gap.step_id}" if gap.step_id else ""
        lines.append(f"- {gap.kind}{where}: {text}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# the turn
# ---------------------------------------------------------------------------


class LLMTurn:
    """One LLM call per answer, through the LLM engine's client, retries and record."""

    name = "llm"

    def __init__(self, engine: LLMEngine) -> None:
        self.engine = engine

    def update(
        self,
        state: InterviewState,
        answer: Turn,
        intent: Intent,
        candidates: list[Gap],
        *,
        fallback: OfflineTurn,
    ) -> TurnResult:
        language = state.language
        pseudo = (
            Pseudonymiser.for_transcript(full_transcript(state))
            if self.engine.options.pseudonymise
            else Pseudonymiser.disabled()
        )
        system, form = system_prompt("interview", language, self.engine.options.method, InterviewTurnReply)
        interviewee = state.interviewee_unit or state.interviewee_role or "-"
        user = render(
            "interview",
            "user",
            language,
            {
                "process_name": pseudo.apply(state.process_name),
                "interviewee": pseudo.apply(interviewee),
                "process": compact_process(state.process, pseudo),
                "transcript": render_turns(recent_turns(state, answer), pseudo),
                "answer_turn": str(answer.number),
                "correction_note": _correction_note(language) if intent.correction else "",
                "answer": _defuse(pseudo.apply(answer.text)),
                "gaps": describe_gaps(candidates, state),
                "language_name": LANGUAGE_NAMES[language][language],
            },
        )
        if not candidates:  # nothing left but the closing question before the read-back
            candidates = [Gap(key="anything_else", kind="anything_else")]
        known_ids = {step.id for step in state.process.steps}
        allowed_kinds = {gap.kind for gap in candidates} | {"notable", *WALKTHROUGH_KINDS}
        result = self.engine.structured_call(
            purpose="question",
            system=system,
            user=user,
            embedded=(form,),
            schema=InterviewTurnReply,
            language=language,
            record=state.record,
            check=lambda reply: _check(reply, known_ids, allowed_kinds),
        )
        reply = result.value
        if not isinstance(reply, InterviewTurnReply):
            state.record.fallbacks.append(
                f"interview turn {answer.number}: {result.reason}; used the offline engine"
            )
            return fallback.update(state, answer, intent, candidates)
        process = merge_reply(state, reply, answer, pseudo, correction=intent.correction)
        question = PhrasedQuestion(
            kind=reply.question_kind,
            text=pseudo.restore(reply.question).strip(),
            step_id=reply.question_step_id,
            notable=reply.question_kind == "notable",
        )
        return TurnResult(process=process, question=question)


def _correction_note(language: Language) -> str:
    return " (a correction)" if language == "en" else " (eine Korrektur)"


def _check(reply: InterviewTurnReply, known_ids: set[str], allowed_kinds: set[str]) -> list[str]:
    """Problems worth one repair round: ids that do not exist, a kind not offered."""
    problems = []
    for position, step in enumerate(reply.steps):
        if step.id is not None and step.id not in known_ids:
            problems.append(
                f"steps.{position}.id: '{step.id}' is not a step of the current process; use null"
            )
    if reply.question_kind not in allowed_kinds:
        problems.append(
            f"question_kind: '{reply.question_kind}' is not one of {', '.join(sorted(allowed_kinds))}"
        )
    if reply.question_step_id is not None and reply.question_step_id not in known_ids:
        problems.append(f"question_step_id: '{reply.question_step_id}' is not a step of the current process")
    return problems


def _next_id(steps: list[Step]) -> int:
    numbers = [int(step.id[1:]) for step in steps if re.fullmatch(r"s\d+", step.id)]
    return max(numbers, default=0) + 1


def merge_reply(
    state: InterviewState, reply: InterviewTurnReply, answer: Turn, pseudo: Pseudonymiser, *, correction: bool
) -> Process:
    """The model's process, checked: grounded quotes, times only when stated,
    steps it dropped kept unless the answer corrected them away."""
    old = {step.id: step for step in state.process.steps}
    next_number = _next_id(list(state.process.steps))
    steps: list[Step] = []
    used: set[str] = set()
    for proposed in reply.steps:
        quote = pseudo.restore(proposed.quote) if proposed.quote else None
        span = locate(quote, answer.text) if quote else None
        evidence = Evidence(turn=answer.number, quote=span) if span else None
        timed = evidence is not None and states_time(evidence.quote, state.language)
        base = old.get(proposed.id) if proposed.id and proposed.id not in used else None
        fields = {
            "action": pseudo.restore(proposed.action),
            "actor": pseudo.restore_optional(proposed.actor),
            "org_unit": pseudo.restore_optional(proposed.org_unit),
            "system": pseudo.restore_optional(proposed.system),
            "value": proposed.value,
        }
        if base is not None:
            used.add(base.id)
            updates: dict[str, object] = dict(fields)
            for name in ("wait_hours", "duration_hours"):
                new = getattr(proposed, name)
                updates[name] = new if (timed or new == getattr(base, name)) else getattr(base, name)
            if evidence is not None and evidence not in base.evidence:
                updates["evidence"] = [*base.evidence, evidence]
            steps.append(base.model_copy(update=updates))
            continue
        step = Step(id=f"s{next_number}", **fields)
        next_number += 1
        if evidence is None:
            # kept for the read-back, where the person can correct it; nothing about it is a fact
            step = step.model_copy(update={"flags": [UNGROUNDED], "value": "unknown"})
        else:
            step = step.model_copy(
                update={
                    "evidence": [evidence],
                    "wait_hours": proposed.wait_hours if timed else None,
                    "duration_hours": proposed.duration_hours if timed else None,
                }
            )
        steps.append(step)
    if not correction:
        steps = _restore_dropped(state.process.steps, steps, used)
    previous = state.process
    lead = reply.stated_lead_time_hours
    if (
        lead is not None
        and lead != previous.stated_lead_time_hours
        and not states_time(answer.text, state.language)
    ):
        lead = previous.stated_lead_time_hours
    process = Process(
        name=state.process_name,
        trigger=pseudo.restore_optional(reply.trigger) or previous.trigger,
        customer=pseudo.restore_optional(reply.customer) or previous.customer,
        steps=steps,
        handoffs=derive_handoffs(steps),
        stated_lead_time_hours=lead,
        stated_lead_time_evidence=(
            Evidence(turn=answer.number, quote=answer.text[:200])
            if lead is not None and lead != previous.stated_lead_time_hours
            else previous.stated_lead_time_evidence
        ),
    )
    return process.model_copy(update={"metrics": compute_metrics(process)})


def _restore_dropped(before: list[Step], after: list[Step], used: set[str]) -> list[Step]:
    """Steps the model left out without being told to: back after the step they followed."""
    result = list(after)
    for index, step in enumerate(before):
        if step.id in used:
            continue
        previous_ids = [s.id for s in before[:index]]
        position = 0
        for candidate, existing in enumerate(result):
            if existing.id in previous_ids:
                position = candidate + 1
        result.insert(position, step)
    return result

"""The offline engine's part of a turn: re-read the interview, lay the stated
facts over it. The next question is then chosen and phrased by code
(coverage.py, questions.py), so this turn never phrases one.

Re-reading the whole interview after every answer (rather than only the
new answer) keeps corrections, late additions ("I forgot: before that ...")
and references to earlier steps right; the offline extraction is fast
enough for that (see bench/bench_interview.py).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewer.analysis.metrics import compute_metrics
from interviewer.interview.facts import apply_facts
from interviewer.interview.incremental import CONTEXT_TURNS, boundary_knowledge, merge_tail, tail_start
from interviewer.interview.state import InterviewState, extraction_transcript
from interviewer.models import EngineInfo, Handoff, Process, Step

if TYPE_CHECKING:
    from interviewer.engines.base import Extractor
    from interviewer.interview.coverage import Gap
    from interviewer.interview.intents import Intent
    from interviewer.models import Turn


@dataclass
class PhrasedQuestion:
    """A question an engine phrased itself, for a kind of gap (and step)."""

    kind: str
    text: str
    step_id: str | None = None
    notable: bool = False  # a follow-up on something the person just said


@dataclass
class TurnResult:
    process: Process
    question: PhrasedQuestion | None = None


def derive_handoffs(steps: list[Step]) -> list[Handoff]:
    """A handoff wherever consecutive steps with known actors are done by different actors."""
    handoffs = []
    known = [step for step in steps if step.actor]
    for before, after in itertools.pairwise(known):
        assert before.actor is not None and after.actor is not None
        if before.actor.strip().casefold() == after.actor.strip().casefold():
            continue
        crosses = bool(
            before.org_unit and after.org_unit and before.org_unit.casefold() != after.org_unit.casefold()
        )
        handoffs.append(
            Handoff(
                from_step=before.id,
                to_step=after.id,
                from_actor=before.actor,
                to_actor=after.actor,
                crosses_org_boundary=crosses,
                wait_hours=after.wait_hours,
            )
        )
    return handoffs


def _with_boundaries(handoffs: list[Handoff], known: dict[tuple[str, str], bool]) -> list[Handoff]:
    """Handoffs derived from the steps, with what the extraction knew about boundaries."""
    result = []
    for handoff in handoffs:
        pair = ((handoff.from_actor or "").lower(), (handoff.to_actor or "").lower())
        if pair in known and known[pair] != handoff.crosses_org_boundary:
            handoff = handoff.model_copy(update={"crosses_org_boundary": known[pair]})
        result.append(handoff)
    return result


def rebuild_process(state: InterviewState, extractor: Extractor, record: EngineInfo) -> Process:
    """The process as the interview now tells it: extracted (the whole interview,
    or in a long one its end, see incremental.py), facts applied, metrics computed."""
    transcript = extraction_transcript(state)
    answer_turn = state.turns[-1].number if state.turns else 0
    edited = [edit.turn for edit in state.edits if edit.source_turn == answer_turn]
    cut = tail_start(transcript, edited)
    if cut is None:
        extracted = extractor.extract(transcript, state.language, record)
        known = boundary_knowledge(extracted.handoffs)
    else:
        context = transcript.model_copy(update={"turns": transcript.turns[max(0, cut - CONTEXT_TURNS) :]})
        tail = extractor.extract(context, state.language, record)
        extracted = merge_tail(state.process, tail, transcript.turns[cut].number)
        known = boundary_knowledge(state.process.handoffs, tail.handoffs)
    process = apply_facts(extracted, state.facts)
    if process is not extracted or cut is not None:
        process = process.model_copy(
            update={"handoffs": _with_boundaries(derive_handoffs(process.steps), known)}
        )
    updates: dict[str, object] = {"metrics": compute_metrics(process), "name": state.process_name}
    return process.model_copy(update=updates)


class OfflineTurn:
    """Updates the process by re-reading the interview with an extractor (the offline engine)."""

    name = "offline"

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor

    def update(
        self, state: InterviewState, answer: Turn, intent: Intent, candidates: list[Gap]
    ) -> TurnResult:
        scratch = EngineInfo(name=self.extractor.name)  # the offline engine records nothing worth keeping
        return TurnResult(process=rebuild_process(state, self.extractor, scratch))

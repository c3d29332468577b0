"""Extraction of one window of turns: prompt, call, then grounding in code.

What the model returns is a claim; what goes into the result is checked:
each quote must be found in the turn it cites (a neighbouring turn is
accepted and the number corrected, as models miscount), the quote kept is
the transcript's own wording, a step with no quote found is flagged
"ungrounded" (or dropped) and loses its numbers, and a duration or wait
survives only when one of its quotes states a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from interviewer.engines.llm.grounding import locate
from interviewer.engines.llm.pseudonymise import Pseudonymiser
from interviewer.engines.llm.rendering import LANGUAGE_NAMES, render_turns, system_prompt
from interviewer.engines.llm.schemas import ExtractedProcess, ExtractedStep, Quote
from interviewer.engines.llm.time_check import states_time
from interviewer.models import Evidence, Language, Step, Transcript, Turn
from interviewer.prompts import RenderedPrompt, render

UngroundedPolicy = Literal["flag", "drop"]
UNGROUNDED = "ungrounded"


@dataclass(frozen=True)
class Prompts:
    system: RenderedPrompt
    user: RenderedPrompt
    embedded: tuple[RenderedPrompt, ...]


def extraction_prompts(
    transcript: Transcript,
    window: Sequence[Turn],
    *,
    index: int,
    count: int,
    language: Language,
    method: str,
    pseudo: Pseudonymiser,
) -> Prompts:
    system, form = system_prompt("extract", language, method, ExtractedProcess)
    title = pseudo.apply(transcript.title or transcript.case_id)
    values = {
        "title": title,
        "language_name": LANGUAGE_NAMES[language][language],
        "window": str(index + 1),
        "window_count": str(count),
        "first_turn": str(window[0].number) if window else "-",
        "last_turn": str(window[-1].number) if window else "-",
        "turn_count": str(len(transcript.turns)),
        "transcript": render_turns(window, pseudo),
    }
    return Prompts(system=system, user=render("extract", "user", language, values), embedded=(form,))


@dataclass
class GroundedWindow:
    steps: list[Step]
    name: str | None = None
    trigger: str | None = None
    customer: str | None = None
    stated_lead_time_hours: float | None = None
    stated_lead_time_evidence: Evidence | None = None
    notes: list[str] = field(default_factory=list)  # what grounding removed, for the record


class Grounder:
    def __init__(
        self,
        window: Sequence[Turn],
        pseudo: Pseudonymiser,
        language: Language,
        *,
        tolerance: float = 0.1,
        policy: UngroundedPolicy = "flag",
    ) -> None:
        self.turns = {turn.number: turn for turn in window}
        self.pseudo = pseudo
        self.language = language
        self.tolerance = tolerance
        self.policy = policy

    def quote(self, quote: Quote) -> Evidence | None:
        """The cited words as they stand in the transcript, or None when they are not there."""
        words = self.pseudo.restore(quote.quote)
        for number in (quote.turn, quote.turn - 1, quote.turn + 1):
            turn = self.turns.get(number)
            if turn is None:
                continue
            span = locate(words, turn.text, tolerance=self.tolerance)
            if span:
                return Evidence(turn=number, quote=span)
        return None

    def step(self, extracted: ExtractedStep, notes: list[str]) -> Step | None:
        evidence = [found for found in map(self.quote, extracted.evidence) if found is not None]
        restore = self.pseudo.restore_optional
        step = Step(
            id="s0",  # numbered after the windows are merged
            action=self.pseudo.restore(extracted.action),
            actor=restore(extracted.actor),
            org_unit=restore(extracted.org_unit),
            system=restore(extracted.system),
            value=extracted.value,
            evidence=evidence,
        )
        if not evidence:
            notes.append(f"ungrounded step '{step.action}': no quote found in the cited turns")
            if self.policy == "drop":
                return None
            # Kept for the reader, but nothing about it is stated as fact.
            return step.model_copy(update={"flags": [UNGROUNDED], "value": "unknown"})
        timed = any(states_time(item.quote, self.language) for item in evidence)
        updates: dict[str, object] = {}
        for name in ("duration_hours", "wait_hours"):
            hours = getattr(extracted, name)
            if hours is None:
                continue
            if timed:
                updates[name] = hours
            else:
                notes.append(f"{name} of '{step.action}' dropped: no time stated in its quotes")
        return step.model_copy(update=updates) if updates else step

    def window(self, extracted: ExtractedProcess) -> GroundedWindow:
        notes: list[str] = []
        steps = [step for step in (self.step(s, notes) for s in extracted.steps) if step is not None]
        result = GroundedWindow(
            steps=steps,
            name=self.pseudo.restore(extracted.name),
            trigger=self.pseudo.restore_optional(extracted.trigger),
            customer=self.pseudo.restore_optional(extracted.customer),
            notes=notes,
        )
        if extracted.stated_lead_time_hours is not None and extracted.stated_lead_time_evidence is not None:
            evidence = self.quote(extracted.stated_lead_time_evidence)
            if evidence is not None and states_time(evidence.quote, self.language):
                result.stated_lead_time_hours = extracted.stated_lead_time_hours
                result.stated_lead_time_evidence = evidence
            else:
                notes.append("stated lead time dropped: its quote was not found or states no time")
        return result


def check_turns(window: Sequence[Turn]) -> Callable[[ExtractedProcess], list[str]]:
    """A validation check for the repair round: evidence must cite turns of this window."""
    numbers = {turn.number for turn in window}

    def check(extracted: ExtractedProcess) -> list[str]:
        problems = []
        for position, step in enumerate(extracted.steps):
            for item in step.evidence:
                if item.turn not in numbers:
                    problems.append(
                        f"steps.{position}.evidence: turn {item.turn} is not in this part of the interview "
                        f"(turns {min(numbers)} to {max(numbers)})"
                    )
        return problems

    return check

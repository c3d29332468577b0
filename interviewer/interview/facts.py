"""Facts from answers to a question about one step, kept beside the extraction.

When the interviewer asks "who does “approve the order”?" and the person
answers "the cost centre manager", the answer belongs to that step, even if
the extraction, reading the transcript in order, cannot tell which step a
lone "the cost centre manager" or "about two days" is about. The conductor
records such facts and lays them over every new extraction: a fact fills
what the extraction left empty (a correction's fact replaces it).
"""

from __future__ import annotations

import re

from interviewer.engines.offline.actors import finder_for
from interviewer.engines.offline.systems import find_system
from interviewer.engines.offline.text import tokenize
from interviewer.engines.offline.time_expressions import classify, find_times
from interviewer.interview.anchors import find_step
from interviewer.interview.state import FactKind, InterviewState, StatedFact
from interviewer.models import Language, Process, Step

_SELF = {
    "en": re.compile(r"\b(?:we|i|us|me|ourselves|myself|our team)\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:wir|ich|uns|mir|selbst|unser team)\b", re.IGNORECASE),
}

# Hands-on work is rarely longer than a working day (as in the offline extraction).
MAX_HANDS_ON_HOURS = 8.0

# The kind of fact each question asks for.
FACT_OF_GAP: dict[str, FactKind] = {
    "actor": "actor",
    "vague": "actor",
    "wait": "wait",
    "duration": "duration",
}


def actor_in(text: str, language: Language, own_unit: str | None) -> str | None:
    """The role or unit an answer names ("the cost centre manager", "das macht die Buchhaltung")."""
    tokens = [token for token in tokenize(text) if token.is_word]
    for mention in finder_for(language).find(tokens, own_unit):
        if mention.actor.kind != "self":
            return mention.actor.name
        if own_unit:
            return own_unit
    if own_unit and _SELF[language].search(text):
        return own_unit
    return None


def hours_in(text: str, language: Language, kind: FactKind) -> float | None:
    """The time an answer states for a wait or a duration, if any."""
    mentions = find_times(text, language)
    if not mentions:
        return None
    low = text.lower()
    roles = [(mention, classify(low, mention, language)) for mention in mentions]
    usable = [(mention, role) for mention, role in roles if role != "ignore"]
    if not usable:
        return None
    for mention, role in usable:
        if role == kind:
            return mention.hours
    # "a day or so" answers "how long does it wait?" whatever a lone time would be read as
    return usable[0][0].hours


def fact_from_answer(
    kind: FactKind,
    text: str,
    *,
    state: InterviewState,
    step: Step,
    turn: int,
    step_anchor: str,
    override: bool = False,
) -> StatedFact | None:
    language = state.language
    own_unit = state.interviewee_unit or state.interviewee_role
    value: str | None = None
    hours: float | None = None
    if kind == "actor":
        value = actor_in(text, language, own_unit)
    elif kind == "system":
        value = find_system(text)
    else:
        hours = hours_in(text, language, kind)
        if kind == "duration" and hours is not None and hours > MAX_HANDS_ON_HOURS:
            # "three weeks" for the working time of a step is the time it takes end to end:
            # mostly waiting, as the extraction reads it too
            kind = "wait"
    if value is None and hours is None:
        return None
    return StatedFact(
        kind=kind,
        step_anchor=step_anchor,
        step_action=step.action,
        value=value,
        hours=hours,
        turn=turn,
        override=override,
    )


def apply_facts(process: Process, facts: list[StatedFact]) -> Process:
    """The process with the stated facts laid over it (later facts win)."""
    if not facts:
        return process
    steps = list(process.steps)
    index = {step.id: i for i, step in enumerate(steps)}
    for fact in facts:
        found = find_step(process.model_copy(update={"steps": steps}), fact.step_anchor, fact.step_action)
        if found is None:
            continue
        position = index[found.id]
        step = steps[position]
        field = {"actor": "actor", "system": "system", "wait": "wait_hours", "duration": "duration_hours"}[
            fact.kind
        ]
        new = fact.value if fact.kind in ("actor", "system") else fact.hours
        if new is None:
            continue
        if getattr(step, field) is None or fact.override:
            steps[position] = step.model_copy(update={field: new})
    return process.model_copy(update={"steps": steps})


def apply_facts_and_metrics(process: Process, facts: list[StatedFact]) -> Process:
    """apply_facts, then the handoffs and metrics that depend on actors and times."""
    from interviewer.analysis.metrics import compute_metrics
    from interviewer.interview.offline_turn import derive_handoffs

    updated = apply_facts(process, facts)
    if updated is process:
        return process
    updated = updated.model_copy(update={"handoffs": derive_handoffs(updated.steps)})
    return updated.model_copy(update={"metrics": compute_metrics(updated)})

"""Was something already said, even where the extraction did not pick it up?
Asking for it again would ask the person what they already told."""

from __future__ import annotations

from functools import lru_cache

from interviewer.engines.offline.sentences import split_sentences
from interviewer.engines.offline.time_expressions import classify, find_times, lead_mentions
from interviewer.interview.state import InterviewState, effective_text
from interviewer.models import Language, Step


def _said_around(state: InterviewState, step: Step) -> str:
    """The sentences the step was told in, with the one before and after each
    ("then it sits for two weeks. Then the field service comes. That takes a day")."""
    turns = {turn.number: turn for turn in state.turns}
    around: list[str] = []
    for evidence in step.evidence[:2]:
        turn = turns.get(evidence.turn)
        if turn is None or turn.is_interviewer:
            continue
        sentences = split_sentences(effective_text(turn, state.edits))
        probe = evidence.quote[:40].lower()
        for index, sentence in enumerate(sentences):
            if probe and probe in sentence.text.lower():
                around.extend(s.text for s in sentences[max(0, index - 1) : index + 2])
                break
    return " ".join(around)


def time_said(state: InterviewState, step: Step) -> bool:
    """Was a wait said where the step was told, even if the extraction did not
    attach it? Then asking for it would ask what was already said."""
    text = _said_around(state, step)
    return bool(text) and _states_time(text, state.language)


@lru_cache(maxsize=4096)
def _states_time(text: str, language: Language) -> bool:
    low = text.lower()
    return any(classify(low, m, language) != "ignore" for m in find_times(text, language))


def lead_time_said(state: InterviewState) -> bool:
    """Did the person already state the end-to-end time ("all in all six weeks")?"""
    return any(
        _states_lead_time(effective_text(turn, state.edits), state.language)
        for turn in state.answers()
        if turn.number not in state.excluded_turns
    )


@lru_cache(maxsize=4096)
def _states_lead_time(text: str, language: Language) -> bool:
    # Asked after every answer about every earlier answer: remembering the
    # verdict per text keeps a long interview's turns from getting slower.
    for sentence in split_sentences(text):
        mentions = find_times(sentence.text, language)
        if mentions and lead_mentions(sentence.text.lower(), mentions, language):
            return True
    return False

"""Naming a step by where it was said, so that a question about it is never
asked twice, however the process is re-read.

Step ids and positions change when the process is extracted again (a step
told later can come first); the place where a step was told does not: the
turn and the first words of its quote. Two quotes of one turn name the same
place when most of their content words are the same (extraction may cut a
clause a little differently from one reading to the next).
"""

from __future__ import annotations

import re

from interviewer.interview.state import InterviewState
from interviewer.models import Process, Step

# Two quotes of one turn name the same place when this share of their content words is shared.
SAME_PLACE_OVERLAP = 0.6

# Words a quote may start with that do not belong in a question about it.
_LEAD_IN = re.compile(r"^(?:(?:and|so|then|but|well|um|uh|und|dann|also|aber|ähm|äh|na ja)\b[\s,]*)+", re.I)
MAX_LABEL_WORDS = 12


def step_label(step: Step) -> str:
    """How a question names a step: its action, or the words it was said in
    when the action alone says too little ("ask them", "erfahren")."""
    if len(step.action.split()) > 2 or not step.evidence:
        return step.action
    quote = _LEAD_IN.sub("", step.evidence[0].quote.strip()).strip(" ,.;:")
    return quote if 2 < len(quote.split()) <= MAX_LABEL_WORDS else step.action


def slug(text: str, words: int = 6) -> str:
    return "-".join(re.findall(r"[^\W_]+", text.lower())[:words])


def anchor(step: Step) -> str:
    """Where a step was said: its first quote's turn and words (stable across
    re-extraction, unlike its id or position)."""
    if step.evidence:
        first = step.evidence[0]
        return f"t{first.turn}:{slug(first.quote)}"
    return f"a:{slug(step.action)}"


_FUNCTION_WORDS = frozenset(
    [
        "the",
        "and",
        "then",
        "that",
        "this",
        "with",
        "for",
        "from",
        "into",
        "our",
        "their",
        "them",
        "they",
        "its",
        "was",
        "are",
        "we",
        "you",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "und",
        "dann",
        "wir",
        "sie",
        "ihr",
        "ein",
        "eine",
        "einen",
        "mit",
        "von",
        "zum",
        "zur",
        "auf",
        "aus",
        "bei",
    ]
)


def _anchor_words(text: str) -> set[str]:
    return {word for word in text.split("-") if len(word) > 2 and word not in _FUNCTION_WORDS}


def same_anchor(first: str | None, second: str | None) -> bool:
    """The same place in the interview, even when the quote was cut a little differently."""
    if not first or not second:
        return False
    if first == second:
        return True
    turn_a, _, words_a = first.partition(":")
    turn_b, _, words_b = second.partition(":")
    if turn_a != turn_b:
        return False
    a, b = _anchor_words(words_a), _anchor_words(words_b)
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_PLACE_OVERLAP


def step_key(kind: str, step: Step) -> str:
    return f"{kind}:{anchor(step)}"


def find_step(process: Process, step_anchor: str | None, action: str | None = None) -> Step | None:
    """The step said at this place (or, failing that, with this action)."""
    anchors = [(anchor(step), step) for step in process.steps]
    for here, step in anchors:
        if here == step_anchor:
            return step
    for here, step in anchors:
        if same_anchor(here, step_anchor):
            return step
    if action:
        for step in process.steps:
            if step.action.lower() == action.lower():
                return step
    return None


class Closed:
    """What was asked or found unanswerable, indexed once per coverage computation."""

    def __init__(self, state: InterviewState) -> None:
        self.asked: dict[str, list[tuple[str | None, str | None]]] = {}
        for question in state.asked:
            action = question.step_action.lower() if question.step_action else None
            self.asked.setdefault(question.kind, []).append((question.step_anchor, action))
        self.unanswerable: dict[str, list[str]] = {}
        for key in state.unanswerable:
            kind, _, where = key.partition(":")
            self.unanswerable.setdefault(kind, []).append(where)

    def asked_about(self, kind: str, here: str, action: str) -> bool:
        low = action.lower()
        return any(
            same_anchor(other, here) or other_action == low
            for other, other_action in self.asked.get(kind, ())
        )

    def __call__(self, kind: str, here: str, action: str) -> bool:
        """Asked already, or marked as not answerable."""
        if self.asked_about(kind, here, action):
            return True
        return any(same_anchor(where, here) for where in self.unanswerable.get(kind, ()))

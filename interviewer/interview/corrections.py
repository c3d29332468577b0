"""Corrections ("no, that's wrong: ...") turned into edits of what was said.

The process is always re-read from the transcript, so a correction is kept
as an edit of the earlier words rather than as a patch of the process: the
next extraction reads the corrected interview and the process follows,
whatever else has changed since. Four shapes are understood:

- "X, not Y" / "nicht Y, sondern X" / "X statt Y": the words Y, where the
  person last said them, now read X;
- a time ("the delivery takes three weeks", or "no, that's wrong: two weeks"
  after a question about a time): a stated fact that replaces the wait or
  duration of that step;
- "there is no X" / "das gibt es nicht": the step X is taken back;
- anything else: the step it is about (the one sharing most words with it)
  now reads as the correction.

When no step can be found, the correction stays in the transcript as an
answer, where the extraction's own self-correction rules read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interviewer.engines.offline.time_expressions import classify, find_times
from interviewer.interview.anchors import anchor, find_step
from interviewer.interview.intents import cues
from interviewer.interview.state import FactKind, InterviewState, StatedFact, TextEdit, effective_text
from interviewer.models import Language, Step

_WORD = re.compile(r"[^\W_]+")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "it",
        "is",
        "are",
        "was",
        "be",
        "this",
        "that",
        "then",
        "we",
        "they",
        "i",
        "you",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "und",
        "oder",
        "zu",
        "von",
        "im",
        "in",
        "an",
        "auf",
        "bei",
        "mit",
        "für",
        "es",
        "ist",
        "sind",
        "wird",
        "wir",
        "sie",
        "ich",
        "dann",
    ]
)
# A step is "the one meant" when it shares at least this share of the correction's words.
MIN_OVERLAP = 0.34
# "X, not Y" replaces the words Y by X when X is at most this much longer.
MAX_EXTRA_WORDS = 1


@dataclass
class Correction:
    edits: list[TextEdit] = field(default_factory=list)
    facts: list[StatedFact] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return bool(self.edits or self.facts)


def _content(text: str) -> set[str]:
    words = set()
    for word in _WORD.findall(text.lower()):
        if word in _STOP or len(word) < 3:
            continue
        words.add(word[:6])  # a crude stem: "checks"/"checking", "prüft"/"prüfen"
    return words


def _strip_article(phrase: str, language: Language) -> str:
    words = phrase.strip(" .,;:!?").split()
    while words and words[0].lower() in cues(language).articles:
        words = words[1:]
    return " ".join(words)


def best_step(state: InterviewState, text: str) -> Step | None:
    """The step a correction is about: the one with the most words in common."""
    wanted = _content(text)
    best: tuple[float, int, Step] | None = None
    for index, step in enumerate(state.process.steps):
        said = step.action + " " + " ".join(e.quote for e in step.evidence)
        have = _content(said)
        if not wanted or not have:
            continue
        overlap = len(wanted & have) / len(wanted)
        if overlap >= MIN_OVERLAP and (best is None or overlap > best[0]):
            best = (overlap, index, step)
    return best[2] if best is not None else None


def _substitution(state: InterviewState, text: str, turn: int) -> list[TextEdit]:
    language = state.language
    for pattern in cues(language).substitution:
        match = pattern.match(text.strip().rstrip(".!"))
        if not match:
            continue
        old = _strip_article(match.group("old"), language)
        new = _strip_article(match.group("new"), language)
        # Parallel phrases only ("the back office, not sales"); a whole new
        # sentence replaces a step instead (see correct()).
        if not old or not new or len(new.split()) > max(len(old.split()), 2) + MAX_EXTRA_WORDS:
            continue
        # the words as last said by the person, in their own turn
        for earlier in reversed(state.turns):
            if earlier.is_interviewer or earlier.number in state.excluded_turns or earlier.number >= turn:
                continue
            said = effective_text(earlier, state.edits)
            found = re.search(rf"(?<!\w){re.escape(old)}(?!\w)", said, re.IGNORECASE)
            if found:
                return [TextEdit(turn=earlier.number, find=found.group(), replace=new, source_turn=turn)]
    return []


def _time_fact(state: InterviewState, text: str, turn: int) -> list[StatedFact]:
    language = state.language
    mentions = find_times(text, language)
    if not mentions:
        return []
    # The correction names the step ("the delivery takes three weeks"), or it
    # corrects the time just asked about ("no, that's wrong: two weeks"), in the
    # question now open or in the one before it.
    step = best_step(state, text)
    kind: FactKind = "duration" if classify(text.lower(), mentions[0], language) == "duration" else "wait"
    if step is None:
        for asked in reversed(state.asked[-2:]):
            if asked.kind in ("wait", "duration") and asked.step_anchor:
                step = find_step(state.process, asked.step_anchor, asked.step_action)
                kind = "duration" if asked.kind == "duration" else "wait"
                break
    if step is None:
        return []
    return [
        StatedFact(
            kind=kind,
            step_anchor=anchor(step),
            step_action=step.action,
            hours=mentions[0].hours,
            turn=turn,
            override=True,
        )
    ]


def _take_back(step: Step, turn: int, replacement: str = "") -> list[TextEdit]:
    edits = []
    for position, evidence in enumerate(step.evidence):
        if not evidence.quote.strip():
            continue
        new = replacement if position == 0 else ""
        edits.append(TextEdit(turn=evidence.turn, find=evidence.quote, replace=new, source_turn=turn))
    return edits


def correct(state: InterviewState, text: str, turn: int) -> Correction:
    """The edits and facts that make the process follow the correction `text`
    (the words after "no, that's wrong:"), said in turn `turn`."""
    text = text.strip()
    if not text:
        return Correction()
    edits = _substitution(state, text, turn)
    if edits:
        return Correction(edits=edits)
    facts = _time_fact(state, text, turn)
    if facts:
        return Correction(facts=facts)
    step = best_step(state, text)
    if step is None:
        return Correction()
    if cues(state.language).removal.search(text.lower().replace("’", "'")):
        return Correction(edits=_take_back(step, turn))
    sentence = text if text.endswith((".", "!", "?")) else text + "."
    return Correction(edits=_take_back(step, turn, sentence))

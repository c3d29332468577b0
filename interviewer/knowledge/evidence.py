"""Evidence units: the pieces of an interview that findings are built on and
quote. A unit is one sentence of the interviewee, or two or three adjacent
sentences of the same turn (people spread a situation over sentences: "The
insurer decides. That takes a week."), or a short answer together with the
interviewer's question it confirms ("Typed in again?" - "Yes."). Wider units
count a little less, because their words are less surely about one thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from interviewer.knowledge.lexicon import Lexicon
from interviewer.knowledge.text import sentences, shorten, words
from interviewer.models import Transcript

WINDOW_FACTORS = (1.0, 0.9, 0.8)
QUESTION_FACTOR = 0.8
# An answer this short only makes sense with its question.
_SHORT_ANSWER_WORDS = 8


@dataclass(frozen=True)
class Quote:
    turn: int
    text: str  # verbatim from the turn
    question: bool = False


@dataclass(frozen=True)
class Unit:
    quotes: tuple[Quote, ...]
    concepts: frozenset[str]
    factor: float
    # (turn, sentence index) of the interviewee's sentences it covers.
    keys: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @property
    def turns(self) -> list[int]:
        return sorted({quote.turn for quote in self.quotes})

    @property
    def text(self) -> str:
        return " ".join(quote.text for quote in self.quotes)


@dataclass(frozen=True)
class Sentence:
    turn: int
    index: int
    text: str
    concepts: frozenset[str]


def interviewee_sentences(transcript: Transcript, lexicon: Lexicon) -> list[Sentence]:
    found: list[Sentence] = []
    for turn in transcript.turns:
        if turn.is_interviewer:
            continue
        for index, text in enumerate(sentences(turn.text)):
            found.append(Sentence(turn.number, index, text, frozenset(lexicon.analyse(text).concepts)))
    return found


def build_units(transcript: Transcript, lexicon: Lexicon, sentence_list: list[Sentence]) -> list[Unit]:
    by_turn: dict[int, list[Sentence]] = {}
    for sentence in sentence_list:
        by_turn.setdefault(sentence.turn, []).append(sentence)
    units: list[Unit] = []
    for group in by_turn.values():
        for size, factor in enumerate(WINDOW_FACTORS, start=1):
            for start in range(len(group) - size + 1):
                window = group[start : start + size]
                units.append(_unit(window, factor))
    units.extend(_question_units(transcript, lexicon, by_turn))
    return units


def _unit(
    window: Iterable[Sentence], factor: float, extra: Quote | None = None, extra_concepts: Iterable[str] = ()
) -> Unit:
    window = list(window)
    quotes = [Quote(s.turn, s.text) for s in window]
    concepts = set(extra_concepts)
    for sentence in window:
        concepts |= sentence.concepts
    if extra is not None:
        quotes.insert(0, extra)
    return Unit(tuple(quotes), frozenset(concepts), factor, frozenset((s.turn, s.index) for s in window))


def _question_units(
    transcript: Transcript, lexicon: Lexicon, by_turn: dict[int, list[Sentence]]
) -> list[Unit]:
    """A short answer joined with the interviewer's question right before it."""
    units: list[Unit] = []
    previous = None
    for turn in transcript.turns:
        if (
            not turn.is_interviewer
            and previous is not None
            and previous.is_interviewer
            and "?" in previous.text
            and turn.number in by_turn
        ):
            answer = by_turn[turn.number][:2]
            if len(words(answer[0].text)) <= _SHORT_ANSWER_WORDS:
                question = sentences(previous.text)[-1]
                concepts = lexicon.analyse(question).concepts
                units.append(_unit(answer, QUESTION_FACTOR, Quote(previous.number, question, True), concepts))
        previous = turn
    return units


def non_overlapping(ranked: list[tuple[float, Unit]], limit: int) -> list[tuple[float, Unit]]:
    """The strongest units that do not share a sentence with a stronger one."""
    chosen: list[tuple[float, Unit]] = []
    used: set[tuple[int, int]] = set()
    for strength, unit in sorted(ranked, key=lambda item: item[0], reverse=True):
        if unit.keys & used:
            continue
        chosen.append((strength, unit))
        used |= unit.keys
        if len(chosen) >= limit:
            break
    return chosen


def format_quote(quote: Quote, labels: dict[str, str], limit: int = 220) -> str:
    label = labels["question" if quote.question else "turn"].format(number=quote.turn)
    return f"{label}: '{shorten(quote.text, limit)}'"

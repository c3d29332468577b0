"""Which stated time is the end-to-end (lead) time of the process.

Asked "how long does it take overall?", people rarely give one number:
"If everything goes smoothly, four or five days. On average more like eight
to ten." - "Four weeks?" - "Rather six." - "Fine, four to six weeks, let's
say five." Every time said in the answer is a candidate; the one the speaker
commits to wins:

- settled: "let's say five", "sagen wir fünf" (a bare number takes the unit
  of the time said just before);
- typical: "on average", "typically", "realistically", "im Schnitt", "eher";
- plain: the time, with nothing around it;
- conditional or partial: "if it goes through first time", "best case",
  "einfacher Fall", "mit Nachforderung auch mal", a question back ("Vier
  Wochen?").

Times said outside an answer to such a question count only with a totality
cue ("all in all", "insgesamt", "from ... until ..."), and an answer to the
question beats them. Among equals the longest wins: partial times ("the
approval alone takes two weeks") are shorter than the whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from interviewer.engines.offline.lexicon import load_lexicon
from interviewer.engines.offline.text import word_regex
from interviewer.engines.offline.time_expressions import TimeMention, _patterns
from interviewer.models import Evidence, Language

SETTLED, TYPICAL, PLAIN, CONDITIONAL = 3, 2, 1, 0


@dataclass(frozen=True)
class LeadCandidate:
    hours: float
    evidence: Evidence
    answered: bool  # said in the answer to a question about the end-to-end time
    rank: int
    unit_hours: float | None = None  # the unit said ("weeks"), for a bare number after it


@dataclass(frozen=True)
class _Cues:
    typical: re.Pattern[str]
    settle: re.Pattern[str]
    conditional: re.Pattern[str]
    bare_number: re.Pattern[str]
    numbers: dict[str, float]
    units: dict[str, float]


@cache
def _cues(language: Language) -> _Cues:
    data = load_lexicon(language).time
    p = _patterns(language)
    # number words worth 2 or more: "a"/"ein" are articles far more often than amounts
    words = sorted((w for w, v in p.numbers.items() if v >= 2 and " " not in w), key=len, reverse=True)
    bare = re.compile(r"(?<![\w-])(\d{1,3}|" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")
    return _Cues(
        typical=word_regex(data["lead_typical"]),
        settle=word_regex(data["lead_settle"]),
        conditional=word_regex(data["lead_conditional"]),
        bare_number=bare,
        numbers=p.numbers,
        units=p.units,
    )


def rank_in_answer(sentence: str, offset: int, *, is_question: bool, language: Language) -> int:
    """How firmly a time said at `offset` of `sentence` (in an answer) is meant."""
    cues = _cues(language)
    low = sentence.lower()
    before = low[:offset]
    if cues.settle.search(before[-20:]):
        return SETTLED
    if cues.typical.search(low):
        return TYPICAL
    if is_question or cues.conditional.search(before):
        return CONDITIONAL
    return PLAIN


def unit_of(mention: TimeMention, language: Language) -> float | None:
    """Hours of the unit a mention was said in ("vier bis sechs Wochen" -> 168)."""
    units = _cues(language).units
    words = mention.text.lower().split()
    for size in (2, 1):
        if len(words) >= size:
            unit = units.get(" ".join(words[-size:]))
            if unit is not None:
                return unit
    return None


def bare_number(sentence: str, language: Language) -> tuple[float, int] | None:
    """'Sagen wir fünf.', 'Eher sechs.', 'Call it ten.': a number without its unit
    (and where it is), in a short sentence of an answer about the lead time."""
    if len(sentence.split()) > 8:
        return None
    cues = _cues(language)
    match = cues.bare_number.search(sentence.lower())
    if match is None:
        return None
    word = match.group(1)
    value = float(word) if word.isdigit() else cues.numbers.get(word)
    return (value, match.start()) if value else None


def choose(candidates: list[LeadCandidate]) -> LeadCandidate | None:
    """The answer beats a cue said in passing; then the firmest; then the longest."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c.answered, c.rank, c.hours))

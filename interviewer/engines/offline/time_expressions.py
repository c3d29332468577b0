"""Spoken time expressions -> calendar hours, and what kind of time they are.

"about two weeks" -> 336 h, "zwei bis drei Wochen" -> 420 h (a range is its
midpoint), "ein halbes Jahr" -> 4380 h, "every Friday" -> 84 h (a case that
waits for a weekly run waits half a week on average), "overnight" -> 12 h.

Each mention is then read as one of:
- lead: the end-to-end time of the whole process ("all in all six months");
- wait: calendar time the case waits ("then it sits for two weeks");
- duration: hands-on time of a step ("takes me twenty minutes");
- ignore: a time that is not about the case ("I've been here for 12 years").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from interviewer.engines.offline.lexicon import load_lexicon
from interviewer.engines.offline.text import word_regex
from interviewer.models import Language

TimeKind = Literal["amount", "periodic", "fixed"]
TimeRole = Literal["lead", "wait", "duration", "ignore"]

# Hands-on work is rarely longer than a working day; a longer unqualified
# time ("the check takes two days") is elapsed time, i.e. mostly waiting.
_DURATION_LIMIT_HOURS = 8.0

# Times that describe the speaker's career, volumes or targets, not the case.
_IGNORE = {
    "en": [
        r"\bi(?:'ve| have) been\b",
        r"\bbeen (?:doing|working|here)\b",
        r"\bworking here\b",
        r"\byears ago\b",
        r"\blast (?:year|month|week)\b",
        r"\byears old\b",
        r"\bsla\b",
        r"\btarget\b",
        r"\bsupposed to\b",
        r"\bshould (?:only )?take\b",
        r"\bper (?:year|month|week|day)\b",
        r"\ba (?:year|month)\b.*\bcases\b",
        r"\b(?:older|younger|newer|more recent) than\b",
        r"\bvalid for\b",
        r"\bdeadline\b",
    ],
    "de": [
        r"\bseit\b",
        r"\bvor (?:\w+ )?(?:jahren|monaten)\b",
        r"\bletzte[sn]? (?:jahr|monat|woche)\b",
        r"\bjahre alt\b",
        r"\bsla\b",
        r"\bzielvorgabe\b",
        r"\bvorgabe\b",
        r"\bsoll(?:te)? eigentlich\b",
        r"\bpro (?:jahr|monat|woche|tag)\b",
        r"\bim (?:jahr|monat)\b.*\bfälle\b",
        r"\b(?:älter|jünger) als\b",
        r"\bgültig\b",
    ],
}

# Questions of the interviewer that ask for the end-to-end time.
_LEAD_QUESTION = {
    "en": r"how long[^?]*\b(?:whole|overall|in total|altogether|all in all|end to end|start to finish|until the (?:customer|client|citizen|patient)|from)\b|\b(?:overall|total|whole process|end to end|lead time|turnaround)\b[^?]*\bhow long\b",
    "de": r"wie lange[^?]*\b(?:insgesamt|gesamt|ganze|alles in allem|von anfang|bis (?:der|die) (?:kunde|kundin|bürger|patient)|vom|von der)\b|\b(?:insgesamt|durchlaufzeit|gesamtdauer)\b[^?]*\bwie lange\b",
}


@dataclass(frozen=True, slots=True)
class TimeMention:
    start: int
    end: int
    text: str
    hours: float  # for periodic mentions: the expected wait (half the period)
    kind: TimeKind


@dataclass(frozen=True)
class _Patterns:
    numbers: dict[str, float]
    units: dict[str, float]
    amount: re.Pattern[str]
    between: re.Pattern[str]
    every: re.Pattern[str]
    weekday: re.Pattern[str]
    periodic: re.Pattern[str]
    periodic_hours: dict[str, float]
    fixed: re.Pattern[str]
    fixed_hours: dict[str, float]
    lead_cues: re.Pattern[str]
    wait_cues: re.Pattern[str]
    duration_cues: re.Pattern[str]
    ignore: re.Pattern[str]
    lead_question: re.Pattern[str]
    weekday_period: float


def _alternation(words: list[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _number_words(data: dict[str, Any], language: Language) -> dict[str, float]:
    numbers = {k.lower(): float(v) for k, v in data["numbers"].items()}
    for ten_word, ten in data["tens"].items():
        for unit_word, unit in data["units_1_9"].items():
            if language == "de":
                numbers[f"{unit_word}und{ten_word}"] = ten + unit  # einundzwanzig
            else:
                numbers[f"{ten_word}-{unit_word}"] = ten + unit
                numbers[f"{ten_word} {unit_word}"] = ten + unit
    return numbers


@cache
def _patterns(language: Language) -> _Patterns:
    data = load_lexicon(language).time
    numbers = _number_words(data, language)
    units = {k.lower(): float(v) for k, v in data["units"].items()}
    num = rf"(?:\d+(?:[.,]\d+)?|{_alternation(list(numbers))})"
    unit = _alternation(list(units))
    join = _alternation(data["range_joiners"])
    half = _alternation(data["and_a_half"])
    approx = _alternation(data["approximators"])
    # only digits may touch their unit ("48h"); "a h" in "ah" is no time
    amount = re.compile(
        rf"(?<![\w-])(?:(?:{approx})\s+)?(?P<n1>{num})(?:\s*(?:{join})\s*(?P<n2>{num}))?(?:(?<=\d)\s*|\s+)"
        rf"(?:(?P<h1>{half})\s+)?(?P<unit>{unit})(?![\w-])(?:\s+(?P<h2>{half})(?!\w))?"
        rf"(?:\s+(?:or|to|oder|bis)\s+(?P<n3>{num})(?!\s*(?:{join}|\w)))?"
    )
    between = re.compile(
        rf"(?<!\w)(?:{_alternation(data['between'])})\s+(?P<n1>{num})\s+(?:{_alternation(data['between_joiners'])})"
        rf"\s+(?P<n2>{num})\s+(?P<unit>{unit})(?!\w)"
    )
    every = re.compile(
        rf"(?<!\w)(?:{_alternation(data['every_words'])})\s+(?:(?P<n>{num})\s+)?(?P<unit>{unit})(?!\w)"
    )
    days = data["weekdays"]
    plural_days = [d for d in days if d.endswith("s") and d[:-1] in days]
    weekday = re.compile(
        rf"(?<!\w)(?:(?:{_alternation(data['every_words'] + ['immer', 'on'])})\s+(?:{_alternation(days)})"
        rf"|{_alternation(plural_days)})(?!\w)"
    )
    periodic_hours = {k.lower(): float(v) for k, v in data["periodic"].items()}
    fixed_hours = {k.lower(): float(v) for k, v in data["fixed_waits"].items()}
    return _Patterns(
        numbers=numbers,
        units=units,
        amount=amount,
        between=between,
        every=every,
        weekday=weekday,
        periodic=word_regex(periodic_hours),
        periodic_hours=periodic_hours,
        fixed=word_regex(fixed_hours),
        fixed_hours=fixed_hours,
        lead_cues=word_regex(data["lead_cues"]),
        wait_cues=word_regex(data["wait_cues"]),
        duration_cues=word_regex(data["duration_cues"]),
        ignore=re.compile("|".join(_IGNORE[language])),
        lead_question=re.compile(_LEAD_QUESTION[language]),
        weekday_period=float(data["weekday_period"]),
    )


def _number(text: str, numbers: dict[str, float]) -> float:
    text = re.sub(r"\s+", " ", text.strip())
    if text in numbers:
        return numbers[text]
    return float(text.replace(",", "."))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def find_times(text: str, language: Language) -> list[TimeMention]:
    """All time expressions in `text`, in order, as calendar hours."""
    p = _patterns(language)
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: keep offsets exact
        low = "".join(ch.lower()[0] for ch in text)
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(start: int, end: int, hours: float, kind: TimeKind) -> None:
        if free(start, end):
            taken.append((start, end))
            found.append(TimeMention(start, end, text[start:end], round(hours, 4), kind))

    for match in p.periodic.finditer(low):
        add(match.start(), match.end(), p.periodic_hours[_squash(match.group())] / 2, "periodic")
    for match in p.every.finditer(low):
        count = _number(match.group("n"), p.numbers) if match.group("n") else 1.0
        add(match.start(), match.end(), count * p.units[_squash(match.group("unit"))] / 2, "periodic")
    for match in p.weekday.finditer(low):
        add(match.start(), match.end(), p.weekday_period / 2, "periodic")
    for match in p.fixed.finditer(low):
        add(match.start(), match.end(), p.fixed_hours[_squash(match.group())], "fixed")
    for match in p.between.finditer(low):
        mid = (_number(match.group("n1"), p.numbers) + _number(match.group("n2"), p.numbers)) / 2
        add(match.start(), match.end(), mid * p.units[_squash(match.group("unit"))], "amount")
    for match in p.amount.finditer(low):
        value = _number(match.group("n1"), p.numbers)
        if match.group("n2"):
            value = (value + _number(match.group("n2"), p.numbers)) / 2
        elif match.group("n3"):  # "a day or two", "eine Woche oder zwei"
            value = (value + _number(match.group("n3"), p.numbers)) / 2
        if match.group("h1") or match.group("h2"):
            value += 0.5
        add(match.start(), match.end(), value * p.units[_squash(match.group("unit"))], "amount")
    found.sort(key=lambda m: m.start)
    return found


_FROM_TO = {
    "en": re.compile(r"\bfrom\b.{3,80}\b(?:to|until|till)\b"),
    "de": re.compile(r"\bvo[nm]\b.{3,80}\bbis\b"),
}
_TOGETHER = {
    "en": re.compile(
        r"\b(?:all together|put together|add (?:it )?(?:all )?up|in total|overall|end to end|all in all)\b"
    ),
    "de": re.compile(
        r"\b(?:zusammen(?:nehmen|genommen|rechnen)|insgesamt|alles in allem|gesamt|unterm strich)\b"
    ),
}


def is_lead_question(text: str, language: Language) -> bool:
    """Does the interviewer ask for the end-to-end time? ("How long does it take
    overall?", "So from the call to the part arriving?", "Wenn Sie alles
    zusammennehmen, vom Eingang bis der Bauherr den Bescheid hat?")"""
    low = text.lower()
    p = _patterns(language)
    if p.lead_question.search(low):
        return True
    if "?" not in low:
        return False
    question = low[low.rfind(".", 0, low.rfind("?")) + 1 :]
    return bool(_FROM_TO[language].search(question) or _TOGETHER[language].search(question))


def lead_mentions(clause_low: str, mentions: list[TimeMention], language: Language) -> set[int]:
    """Indices of the mentions that a lead-time cue ("all in all", "insgesamt")
    points to: for each cue, the nearest mention in the clause."""
    p = _patterns(language)
    chosen: set[int] = set()
    if not mentions:
        return chosen
    for cue in p.lead_cues.finditer(clause_low):
        nearest = min(range(len(mentions)), key=lambda i: abs(mentions[i].start - cue.start()))
        chosen.add(nearest)
    return chosen


def classify(clause_low: str, mention: TimeMention, language: Language) -> TimeRole:
    """Wait, duration or ignore for a mention that is not the lead time."""
    p = _patterns(language)
    if p.ignore.search(clause_low):
        return "ignore"
    if mention.kind in ("periodic", "fixed"):
        return "wait"
    if p.duration_cues.search(clause_low):
        return "duration"
    if p.wait_cues.search(clause_low):
        return "wait"
    return "duration" if mention.hours <= _DURATION_LIMIT_HOURS else "wait"

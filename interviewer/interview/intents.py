"""What an answer does, besides describing the process (cue words in data/cues.yaml).

An answer can skip the question ("I'd rather not say", "weiß ich nicht"),
stop the interview ("let's stop here"), correct something said before
("no, that's wrong: ..."), confirm or decline ("yes", "nein"), or say that
the process ends here ("that's it"). Short answers are read as such cues;
in a long answer the same words are part of what the person tells
("I don't know exactly, maybe two weeks" answers the question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from interviewer.errors import ConfigurationError
from interviewer.models import Language

# Answers up to this many words can be a bare cue ("Das weiß ich nicht.").
SHORT_ANSWER_WORDS = 8
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Cues:
    skip: re.Pattern[str]
    stop: re.Pattern[str]
    correction: re.Pattern[str]
    confirm: re.Pattern[str]
    decline: re.Pattern[str]
    end_of_process: re.Pattern[str]
    removal: re.Pattern[str]
    substitution: tuple[re.Pattern[str], ...]
    articles: frozenset[str]
    vague: re.Pattern[str]
    vague_actors: frozenset[str]
    value_verbs: frozenset[str]


def _phrases(phrases: list[str], *, anchored: bool = False) -> re.Pattern[str]:
    ordered = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    start = r"^\W*" if anchored else r"(?<![\w'])"
    return re.compile(rf"{start}(?:{body})(?![\w'])")


@cache
def _data() -> dict[str, Any]:
    text = resources.files("interviewer.interview").joinpath("data/cues.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ConfigurationError("interviewer/interview/data/cues.yaml: expected a mapping of languages")
    return data


@cache
def cues(language: Language) -> Cues:
    data = _data().get(language)
    if not isinstance(data, dict):
        raise ConfigurationError(f"interviewer/interview/data/cues.yaml: no cues for language '{language}'")
    return Cues(
        skip=_phrases(data["skip"]),
        stop=_phrases(data["stop"]),
        correction=_phrases(data["correction"], anchored=True),
        confirm=_phrases(data["confirm"], anchored=True),
        decline=_phrases(data["decline"], anchored=True),
        end_of_process=_phrases(data["end_of_process"]),
        removal=_phrases(data["removal"]),
        substitution=tuple(re.compile(p, re.IGNORECASE) for p in data["substitution"]),
        articles=frozenset(data["articles"]),
        vague=_phrases(data["vague"]),
        vague_actors=frozenset(data["vague_actors"]),
        value_verbs=frozenset(data["value_verbs"]),
    )


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("`", "'").lower()).strip()


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Intent:
    skip: bool = False
    stop: bool = False
    correction: bool = False
    confirm: bool = False
    decline: bool = False
    end_of_process: bool = False
    content: str = ""  # the words that describe the process (a correction's cue removed)

    @property
    def has_content(self) -> bool:
        return word_count(self.content) > 3 and not self.skip


def read_intent(text: str, language: Language) -> Intent:
    """What the answer does; cues of both languages count (people switch)."""
    low = normalise(text)
    words = word_count(low)
    short = words <= SHORT_ANSWER_WORDS
    own = cues(language)
    other = cues("de" if language == "en" else "en")
    both = (own, other)

    correction = next((c.correction.match(low) for c in both if c.correction.match(low)), None)
    content = text.strip()
    if correction is not None:
        content = _strip_prefix(text, correction.end())
    stop = any(c.stop.search(low) for c in both)
    if stop:
        for c in both:
            content = _remove(content, c.stop)
    skip = short and not _DIGIT.search(low) and any(c.skip.search(low) for c in both)
    confirm = short and correction is None and any(c.confirm.match(low) for c in both)
    decline = short and not confirm and correction is None and any(c.decline.match(low) for c in both)
    end = words <= 2 * SHORT_ANSWER_WORDS and any(c.end_of_process.search(low) for c in both)
    return Intent(
        skip=skip,
        stop=stop,
        correction=correction is not None,
        confirm=confirm,
        decline=decline,
        end_of_process=end,
        content=content,
    )


def _strip_prefix(text: str, end_in_normalised: int) -> str:
    """The text after a correction cue ("no, that's wrong: the back office does it")."""
    # The normalised text only folds case and spaces, so count words to find the cut.
    prefix_words = word_count(normalise(text)[:end_in_normalised])
    matches = list(_WORD.finditer(text))
    if prefix_words == 0 or prefix_words > len(matches):
        return text.strip()
    rest = text[matches[prefix_words - 1].end() :]
    return rest.lstrip(" \t:;,.-–—!").strip()


def _remove(text: str, pattern: re.Pattern[str]) -> str:
    low = text.replace("’", "'")
    match = pattern.search(low.lower())
    if match is None:
        return text
    return (text[: match.start()] + text[match.end() :]).strip(" \t,;:.-–—") or ""


def is_substantive(text: str) -> bool:
    """More than a few words: worth reading for process content."""
    return word_count(text) > 3

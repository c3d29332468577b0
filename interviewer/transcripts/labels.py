"""Speaker labels: what counts as "Name:" or "Name (Role):", which labels mark
the interviewer, and timestamps such as "[00:01:02]" or "0:03".

The word lists live in data/speakers.yaml so that adding a label is a data
change, not a code change.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# "00:01:02", "01:02", "1:02:03.450", "00:00:01,000" (SRT uses a comma).
TIMESTAMP = r"\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
_TIMESTAMP_PARTS = re.compile(r"^(\d{1,2})(?::(\d{1,2}))(?::(\d{1,2}))?(?:[.,](\d{1,3}))?$")

# "[00:01:02] Name (Role): text", "00:01:02 - Name: text", "Name [00:01:02]: text"
SPEAKER_LINE = re.compile(
    rf"""^\s*
    (?:[\[(]?(?P<ts1>{TIMESTAMP})[\])]?\s*[-–|]?\s*)?
    (?P<label>[^\W\d_][^:\[\]()]{{0,48}}?)\s*
    (?:\((?!\s*{TIMESTAMP}\s*\))(?P<role>[^()]{{1,80}})\))?\s*
    (?:[\[(](?P<ts2>{TIMESTAMP})[\])])?
    \s*:(?:\s+|$)(?P<text>.*)$""",
    re.VERBOSE,
)

# Teams / Otter header lines: "Petra Schmidt   0:03" or "Speaker 1  1:02:03".
HEADER_LINE = re.compile(
    rf"^\s*(?P<label>[^\W\d_][^:\[\]()]{{0,48}}?)\s*(?:\((?P<role>[^()]{{1,80}})\))?(?:\s{{2,}}|\t|\s+)(?P<ts>{TIMESTAMP})\s*$"
)

_NAME_PARTICLES = frozenset(
    {"von", "van", "de", "der", "den", "zu", "la", "le", "di", "da", "del", "bin", "ten"}
)
_SENTENCE_MARKS = re.compile(r"[?!,;\"„“”«»]")


@dataclass(frozen=True)
class SpeakerWords:
    interviewer_labels: frozenset[str]
    non_speaker_words: frozenset[str]
    title_keys: frozenset[str]


@lru_cache(maxsize=1)
def speaker_words() -> SpeakerWords:
    import yaml

    raw: dict[str, Any] = yaml.safe_load(
        resources.files("interviewer.transcripts").joinpath("data/speakers.yaml").read_text("utf-8")
    )
    return SpeakerWords(
        interviewer_labels=frozenset(str(w).lower() for w in raw["interviewer_labels"]),
        non_speaker_words=frozenset(str(w).lower() for w in raw["non_speaker_words"]),
        title_keys=frozenset(str(w).lower() for w in raw["title_keys"]),
    )


def parse_timestamp(text: str) -> float | None:
    """Seconds from "h:mm:ss(.mmm)", "mm:ss" or "h:m:s.fff" (Teams); None if not a time."""
    match = _TIMESTAMP_PARTS.match(text.strip())
    if not match:
        return None
    first, second, third, fraction = match.groups()
    if third is None:  # mm:ss
        hours, minutes, seconds = 0, int(first), int(second)
    else:
        hours, minutes, seconds = int(first), int(second), int(third)
    if minutes >= 60 or seconds >= 60:
        return None
    millis = int(fraction.ljust(3, "0")) if fraction else 0
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def _normal(label: str) -> str:
    return " ".join(label.lower().rstrip(".").split())


def is_interviewer_label(label: str | None) -> bool:
    return bool(label) and _normal(label or "") in speaker_words().interviewer_labels


def split_role(label: str) -> tuple[str, str | None]:
    """'Petra (Auftragsmanagement)' -> ('Petra', 'Auftragsmanagement')."""
    match = re.match(r"^\s*(?P<name>[^()]+?)\s*\((?P<role>[^()]+)\)\s*$", label)
    if not match:
        return " ".join(label.split()), None
    return " ".join(match["name"].split()), " ".join(match["role"].split())


def looks_like_name(label: str) -> bool:
    """A label shaped like a person or a role: up to five words, capitalised,
    no sentence punctuation ("Dr. Müller", "Speaker 2", "Q", "Sachbearbeiterin")."""
    label = label.strip()
    if label.count(",") == 1:
        # "Becker, Thomas": how corporate directories (and so Teams) show names.
        last, first = label.split(",")
        return looks_like_name(last) and looks_like_name(first) and len(label.split()) <= 4
    if not label or len(label) > 48 or _SENTENCE_MARKS.search(label):
        return False
    words = label.split()
    if len(words) > 5:
        return False
    for index, word in enumerate(words):
        if word.lower() in _NAME_PARTICLES and index > 0:
            continue
        if word.isdigit() and index > 0:  # "Speaker 2"
            continue
        if not word[0].isupper():
            return False
    return True


def is_non_speaker(label: str) -> bool:
    words = {w.rstrip(".").lower() for w in label.split()}
    return bool(words & speaker_words().non_speaker_words)


@dataclass(frozen=True)
class Candidate:
    """A line that might start a turn, before we know whether it does."""

    label: str
    has_role: bool
    has_timestamp: bool


class LabelPolicy:
    """Decides which "Something:" prefixes are speakers.

    A prefix is a speaker when it carries a role or a timestamp, is a known
    interviewer label, or is name-shaped and not a note word ("Hinweis:",
    "Note:", "Also:"). A lower-case label ("kunde:") counts only when it
    starts several lines.
    """

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self._counts = Counter(_normal(c.label) for c in candidates)

    def accepts(self, candidate: Candidate) -> bool:
        label = candidate.label.strip()
        if not label:
            return False
        if is_interviewer_label(label):
            return True
        if candidate.has_role or candidate.has_timestamp:
            return looks_like_name(label)
        if is_non_speaker(label):
            return False
        if looks_like_name(label):
            return True
        # "kunde:" or "speaker a:" in lower case: trusted only when it recurs.
        return (
            self._counts[_normal(label)] >= 3
            and len(label.split()) <= 3
            and not _SENTENCE_MARKS.search(label)
        )

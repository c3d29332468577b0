"""Personal data stays on this machine: names, e-mail addresses and phone
numbers are replaced by stable placeholders ([PERSON_1], [EMAIL_1],
[PHONE_1]) before text goes to a remote endpoint, and put back only in the
local result.

Names come from three places: the speakers of the transcript (and each part
of a multi-word name), capitalised words after a salutation or title
("Frau Müller", "Dr. Patel"), and nothing else: it is a safeguard against
the obvious, not a named-entity recogniser. It errs on the side of hiding a
word too many; the mapping is exact, so restoring never changes a word.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterable
from importlib import resources
from urllib.parse import urlparse

import yaml

from interviewer.models import Transcript

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of digits with the separators people write in phone numbers.
_PHONE = re.compile(r"(?<![\w+])(?:\+|\(\+?)?\d[\d \t\-/().]{5,}\d(?![\w])")
_PLACEHOLDER = re.compile(r"\[(PERSON|EMAIL|PHONE)_(\d+)\]")
_NAME_WORD = r"[A-ZÄÖÜ][\w'’-]+"


@functools.cache
def _lexicon() -> dict[str, frozenset[str]]:
    text = resources.files("interviewer.engines.llm").joinpath("data/personal_data.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {key: frozenset(str(word).lower() for word in data[key]) for key in data}


@functools.cache
def _title_pattern() -> re.Pattern[str]:
    titles = "|".join(sorted((re.escape(t) for t in _lexicon()["titles"]), key=len, reverse=True))
    # One or more titles ("Frau Dr."), then one or two capitalised words.
    return re.compile(
        rf"(?<!\w)(?i:(?:{titles}))\.?(?:\s+(?i:(?:{titles}))\.?)*\s+({_NAME_WORD}(?:\s+{_NAME_WORD})?)"
    )


def _looks_like_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if digits < 7:
        return False
    stripped = candidate.strip()
    # Plain groups of digits are phones only when long; numbers such as
    # "2019 2021" or amounts "1.000.000" are not worth hiding.
    signal = stripped.startswith(("+", "0", "(")) or "-" in stripped or "/" in stripped
    return signal or (digits >= 9 and "." not in stripped)


def is_local_endpoint(base_url: str | None) -> bool:
    """True when the endpoint is on this machine (loopback or localhost)."""
    if not base_url:
        return False
    host = (urlparse(base_url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Pseudonymiser:
    """A two-way mapping for one transcript; apply() before sending, restore() after."""

    def __init__(self, names: Iterable[str] = (), *, enabled: bool = True) -> None:
        self.enabled = enabled
        self._to_placeholder: dict[str, str] = {}
        self._to_original: dict[str, str] = {}
        self._counters = {"PERSON": 0, "EMAIL": 0, "PHONE": 0}
        for name in names:
            self._placeholder("PERSON", name)
        self._names_pattern: re.Pattern[str] | None = None

    @classmethod
    def disabled(cls) -> Pseudonymiser:
        return cls(enabled=False)

    @classmethod
    def for_transcript(cls, transcript: Transcript) -> Pseudonymiser:
        """Collect the names once, in order of appearance, so placeholders are stable per transcript."""
        lexicon = _lexicon()
        names: list[str] = []
        for turn in transcript.turns:
            speaker = turn.speaker.strip()
            if speaker.lower() in lexicon["generic_speakers"] or any(ch.isdigit() for ch in speaker):
                continue
            if turn.role and speaker.lower() == turn.role.strip().lower():
                continue  # the label is the role itself
            names.extend(_with_parts(speaker))
        for turn in transcript.turns:
            for match in _title_pattern().finditer(turn.text):
                words = [w for w in match.group(1).split() if w.lower() not in lexicon["not_names"]]
                if words:
                    names.extend(_with_parts(" ".join(words)))
        return cls(names)

    def _placeholder(self, kind: str, original: str) -> str:
        existing = self._to_placeholder.get(original)
        if existing is not None:
            return existing
        self._counters[kind] += 1
        placeholder = f"[{kind}_{self._counters[kind]}]"
        self._to_placeholder[original] = placeholder
        self._to_original[placeholder] = original
        self._names_pattern = None
        return placeholder

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder -> original, for tests and for the local result only."""
        return dict(self._to_original)

    def _names(self) -> re.Pattern[str] | None:
        if self._names_pattern is None:
            names = [o for o, p in self._to_placeholder.items() if p.startswith("[PERSON_")]
            if not names:
                return None
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            self._names_pattern = re.compile(rf"(?<![\w@]){'(?:'}{alternatives}{')'}(?![\w@])")
        return self._names_pattern

    def apply(self, text: str) -> str:
        if not self.enabled or not text:
            return text
        text = _EMAIL.sub(lambda m: self._placeholder("EMAIL", m.group(0)), text)
        text = _PHONE.sub(
            lambda m: self._placeholder("PHONE", m.group(0)) if _looks_like_phone(m.group(0)) else m.group(0),
            text,
        )
        for match in _title_pattern().finditer(text):  # a name after a title that was not seen before
            for word in match.group(1).split():
                if word.lower() not in _lexicon()["not_names"] and word not in self._to_placeholder:
                    self._placeholder("PERSON", word)
        pattern = self._names()
        if pattern is not None:
            text = pattern.sub(lambda m: self._to_placeholder[m.group(0)], text)
        return text

    def restore(self, text: str) -> str:
        if not self.enabled or not text or "[" not in text:
            return text
        return _PLACEHOLDER.sub(lambda m: self._to_original.get(m.group(0), m.group(0)), text)

    def restore_optional(self, text: str | None) -> str | None:
        return None if text is None else self.restore(text)


def _with_parts(name: str) -> list[str]:
    parts = [p for p in re.split(r"\s+", name.strip()) if len(p) > 1 and p[0].isupper()]
    return [name.strip(), *parts] if len(parts) > 1 else [name.strip()]

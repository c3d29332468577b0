"""What people do when they talk, read from cue words.

- who the speaker is: the role from "Name (Role):", else a self-introduction
  ("I work in order management", "ich bin Sachbearbeiterin im Bauamt");
- sentence flags: questions back to the interviewer, asides ("by the way"),
  past habits ("we used to fax it"), wishes ("ideally the system would ..."),
  none of which are steps of today's process;
- confirmations: "yes, exactly" to "so then it goes to the field service?"
  makes the interviewer's words the evidence of a step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from interviewer.engines.offline.lexicon import load_lexicon
from interviewer.engines.offline.text import word_regex
from interviewer.models import Language, Turn

# Speaker labels that say nothing about the role.
_GENERIC_SPEAKERS = re.compile(
    r"^(?:interviewee|respondent|participant|speaker\s*\d*|sprecher(?:in)?\s*\d*|befragte[r]?|teilnehmer(?:in)?|"
    r"narrator|[a-z]|b|person\s*\d*|expert|experte|expertin)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SpeakerInfo:
    name: str
    unit: str | None
    role: str | None

    @property
    def label(self) -> str | None:
        """What "I" and "we" stand for: the unit, else the role, else the name."""
        if self.unit:
            return self.unit
        if self.role:
            return self.role
        if _GENERIC_SPEAKERS.match(self.name.strip()):
            return None
        return self.name


@dataclass(frozen=True)
class SentenceFlags:
    question: bool
    aside: bool
    past_habit: bool
    wish: bool

    @property
    def no_steps(self) -> bool:
        return self.question or self.aside or self.past_habit or self.wish


@dataclass(frozen=True)
class _Cues:
    asides: re.Pattern[str]
    past: re.Pattern[str]
    wishes: re.Pattern[str]
    confirm: re.Pattern[str]
    forgot: re.Pattern[str]
    trigger: re.Pattern[str]
    intro: tuple[re.Pattern[str], ...]


@cache
def _cues(language: Language) -> _Cues:
    data = load_lexicon(language).conversation
    confirmations = sorted(data.get("confirmations", []), key=len, reverse=True)
    confirm = re.compile(
        r"^\W*(?:" + "|".join(re.escape(c) for c in confirmations) + r")(?:\W|$)", re.IGNORECASE
    )
    return _Cues(
        asides=re.compile(r"^\W*(?:" + word_regex(data.get("asides", [])).pattern + ")"),
        past=word_regex(data.get("past_habits", [])),
        wishes=word_regex(data.get("wishes", [])),
        confirm=confirm,
        forgot=word_regex(data.get("forgot", [])),
        trigger=word_regex(data.get("trigger_cues", [])),
        intro=tuple(re.compile(p, re.IGNORECASE) for p in data.get("self_intro", [])),
    )


def sentence_flags(text: str, language: Language, *, is_question: bool) -> SentenceFlags:
    """Questions and asides hold for a whole sentence; past habits and wishes
    only for the clause they are said in (see `clause_is_hypothetical`)."""
    cues = _cues(language)
    low = text.lower()
    return SentenceFlags(
        question=is_question, aside=bool(cues.asides.search(low)), past_habit=False, wish=False
    )


def clause_is_hypothetical(text: str, language: Language) -> bool:
    """'we used to fax it', 'they should send a confirmation', 'idealerweise ...'."""
    cues = _cues(language)
    low = text.lower()
    return bool(cues.past.search(low) or cues.wishes.search(low))


def is_confirmation(text: str, language: Language) -> bool:
    """Does the turn open with "yes", "exactly", "ja, genau"?"""
    return bool(_cues(language).confirm.match(text.strip()))


def mentions_forgetting(text: str, language: Language) -> bool:
    """ "I forgot", "hab ich vergessen": the step belongs earlier."""
    return bool(_cues(language).forgot.search(text.lower()))


def is_trigger(text: str, language: Language) -> bool:
    return bool(_cues(language).trigger.search(text.lower()))


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(
        r"^(?:the|our|my|die|der|das|den|dem|unsere[mnr]?|meine[mnr]?)\s+", "", value.strip(), flags=re.I
    )
    value = value.strip(" .,;:")
    words = value.split()
    if not words or len(words) > 6:
        return None  # a long capture is a sentence, not a name
    return value


def self_introduction(text: str, language: Language) -> tuple[str | None, str | None]:
    """(unit, role) from "I work in order management as a clerk" and the like."""
    for pattern in _cues(language).intro:
        match = pattern.search(text)
        if match:
            groups = match.groupdict()
            unit, role = _clean(groups.get("unit")), _clean(groups.get("role"))
            if unit or role:
                return unit, role
    return None, None


def speakers(turns: list[Turn], language: Language) -> dict[str, SpeakerInfo]:
    """Who each interviewee is; the role label wins over what they say about themselves."""
    info: dict[str, SpeakerInfo] = {}
    for turn in turns:
        if turn.is_interviewer:
            continue
        known = info.get(turn.speaker)
        if turn.role and (known is None or known.unit is None):
            info[turn.speaker] = SpeakerInfo(turn.speaker, turn.role.strip(), None)
            continue
        if known is not None and (known.unit or known.role):
            continue
        unit, role = self_introduction(turn.text, language)
        info[turn.speaker] = SpeakerInfo(turn.speaker, unit, role)
    return info

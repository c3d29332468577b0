"""German or English, from how often each language's function words occur.

Function words ("und", "nicht", "the", "which") make up a large share of any
spoken text and hardly depend on the topic, so a few dozen of them tell the
two languages apart reliably even when the nouns are the same ("SAP",
"Ticket", "Workflow"). The word lists are data: data/function_words.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from interviewer.models import LANGUAGES, Language, Turn

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class _Lexicon:
    words: dict[Language, frozenset[str]]
    default: Language
    min_hits: int
    german_characters: str


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    import yaml

    raw: dict[str, Any] = yaml.safe_load(
        resources.files("interviewer.transcripts").joinpath("data/function_words.yaml").read_text("utf-8")
    )
    words = {lang: frozenset(str(w).lower() for w in raw["words"][lang]) for lang in LANGUAGES}
    return _Lexicon(
        words=words,
        default="de" if raw["default"] == "de" else "en",
        min_hits=int(raw["min_hits"]),
        german_characters=str(raw["german_characters"]),
    )


def language_scores(text: str) -> dict[Language, int]:
    """Hits of each language's function words in `text`."""
    lexicon = _lexicon()
    scores: dict[Language, int] = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD.findall(text.lower().replace("’", "'")):
        for lang in LANGUAGES:
            if word in lexicon.words[lang]:
                scores[lang] += 1
    return scores


def detect_language(turns: Sequence[Turn]) -> Language:
    """The language of an interview: the one whose function words occur more often."""
    text = " ".join(turn.text for turn in turns)
    return detect_text_language(text)


def detect_text_language(text: str) -> Language:
    lexicon = _lexicon()
    scores = language_scores(text)
    if sum(scores.values()) < lexicon.min_hits:
        # Too short to count on ("Ja." / "OK"): umlauts are the best hint left.
        if any(char in text.lower() for char in lexicon.german_characters):
            return "de"
        best = max(LANGUAGES, key=lambda lang: scores[lang])
        return best if scores[best] > 0 else lexicon.default
    if scores["de"] == scores["en"]:
        return lexicon.default
    return max(LANGUAGES, key=lambda lang: scores[lang])

"""Text normalisation shared by the embeddings, the signal matcher and the
findings: one folding, one tokeniser, one light stemmer for German and English.

Everything that compares words (lexicon terms, catalogue signals, interview
turns) goes through these functions, so that both sides of a comparison are
reduced the same way. The stemmer is deliberately crude and language-blind:
interview turns mix languages ("das geht ins Ticket-System, dann Approval"),
and a consistent reduction matters more here than a linguistically correct one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "’": "'", "‘": "'"})
_TOKEN = re.compile(r"[a-z0-9]+")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\s+[-–—]\s+")

# Suffix rules, tried longest first; a rule applies only if at least
# _MIN_STEM characters remain. Replacements keep German derivations
# (Rechnungen -> rechnung, genehmigt -> genehmig) stable.
_RULES: tuple[tuple[str, str], ...] = (
    ("ungen", "ung"),
    ("ations", ""),
    ("ation", ""),
    ("iert", "ier"),
    ("igt", "ig"),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ern", ""),
    ("en", ""),
    ("er", ""),
    ("es", ""),
    ("ed", ""),
    ("em", ""),
    ("et", ""),
    ("e", ""),
    ("s", ""),
    ("n", ""),
)
_MIN_STEM = 4


def fold(text: str) -> str:
    """Lower-case, German umlauts spelled out (ü -> ue), other accents dropped."""
    lowered = text.lower().translate(_FOLD)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """Folded word tokens; hyphens and apostrophes split words."""
    return _TOKEN.findall(fold(text))


# Words whose stem would collide with a different word (keiner -> kein).
_KEEP = frozenset(
    {
        "keiner",
        "niemand",
        "immer",
        "nummer",
        "oder",
        "aber",
        "ueber",
        "wieder",
        "weiter",
        "customer",
        "customers",
    }
    # Recurring days ("on Fridays", "freitags") must not become the one day.
    | {f"{day}days" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")}
    | {f"{day}s" for day in ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")}
)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light suffix stripping, two rounds, for already folded words."""
    if word in _KEEP:
        return word
    for _ in range(2):
        for suffix, replacement in _RULES:
            if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= _MIN_STEM:
                word = word[: len(word) - len(suffix)] + replacement
                break
        else:
            break
    return word


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def sentences(text: str) -> list[str]:
    """Split a turn into sentences (and dash-separated clauses), verbatim."""
    parts = [part.strip() for part in _SENTENCE_END.split(text)]
    return [part for part in parts if part]


def shorten(text: str, limit: int = 220) -> str:
    """Shorten a quote at a word boundary; the kept part stays verbatim."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"

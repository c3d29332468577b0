"""Bilingual text normalisation for comparing short verb phrases and role names.

Deliberately light: lowercase, fold umlauts and accents (ä -> a, so that the
plural "Aufträge" meets "Auftrag"), drop stop words, strip common English or
German suffixes, and map words of one synonym group to one key. No model and
no dictionary, so that the scorer gives the same answer on every machine.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from interviewer.models import Language

_WORD = re.compile(r"[a-z0-9]+")
# Compound parts shorter than this are too ambiguous to count ("bau", "amt").
_MIN_PART = 4
# A compound must add at least this many letters: "bestell" is not "stell" + 2.
_MIN_COMPOUND_EXTRA = 3
# German separable verb prefixes: speakers split them off ("stempelt ... ab"),
# and extractors may keep either part. Inseparable ones (be-, ver-) change the
# meaning ("bestellen" is not "stellen") and are not here.
_SEPARABLE_PREFIXES = frozenset(
    {
        "ab",
        "an",
        "auf",
        "aus",
        "ein",
        "mit",
        "nach",
        "vor",
        "zu",
        "zuruck",
        "weiter",
        "durch",
        "fest",
        "frei",
        "raus",
        "rein",
        "hoch",
        "runter",
    }
)


def fold(text: str) -> str:
    """Lowercase, ß -> ss, and remove diacritics (ä -> a, é -> e)."""
    text = text.lower().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _stem_en(word: str) -> str:
    for suffix, replacement in (("sses", "ss"), ("ies", "y"), ("ied", "y")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] + replacement
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # planned -> plan, shipping -> ship
            break
    else:
        adverb = word.endswith("ly") and len(word) > 5
        sibilant_plural = word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh"))
        if adverb or sibilant_plural:
            word = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
            word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # approve/approved/approves -> approv
    return word


_DE_SUFFIXES = (
    "ungen",
    "heiten",
    "keiten",
    "ung",
    "heit",
    "keit",
    "lich",
    "ern",
    "en",
    "er",
    "es",
    "em",
    "st",
    "e",
    "n",
    "s",
    "t",
)


def _stem_de(word: str) -> str:
    if word.startswith("ge") and word.endswith("t") and len(word) > 6:
        word = word[2:]  # participles: geprüft -> prüft, gesetzt -> setzt
    for suffix in _DE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def stem(word: str, language: Language) -> str:
    return _stem_de(word) if language == "de" else _stem_en(word)


@dataclass(frozen=True)
class Lexicon:
    stop_words: frozenset[str]
    light: frozenset[str]
    generic_actor: frozenset[str]
    synonyms: dict[str, str]  # stem -> group key
    irregular: dict[str, dict[str, str]]  # language -> folded form -> base form


@cache
def lexicon() -> Lexicon:
    import yaml

    raw = yaml.safe_load(
        resources.files("interviewer.evaluation").joinpath("lexicon.yaml").read_text("utf-8")
    )

    def stems(words: list[str]) -> set[str]:
        found: set[str] = set()
        for word in words:
            for part in _WORD.findall(fold(word)):
                found.update({stem(part, "en"), stem(part, "de")})
        return found

    stop = {fold(word) for words in raw["stop_words"].values() for word in words}
    irregular = {
        language: {fold(form): fold(base) for form, base in forms.items()}
        for language, forms in raw["irregular_forms"].items()
    }
    synonyms: dict[str, str] = {}
    for number, group in enumerate(raw["synonym_groups"]):
        for key in sorted(stems(group)):
            synonyms.setdefault(key, f"#{number}")
    return Lexicon(
        stop_words=frozenset(stop),
        light=frozenset(stems(raw["light_words"])),
        generic_actor=frozenset(stems(raw["generic_actor_words"])),
        synonyms=synonyms,
        irregular=irregular,
    )


def content_stems(text: str, language: Language) -> list[str]:
    """The stems of the content words of `text`, in order, stop words removed."""
    lex = lexicon()
    irregular = lex.irregular.get(language, {})
    words = [word for word in _WORD.findall(fold(text)) if len(word) > 1 and word not in lex.stop_words]
    return [stem(irregular.get(word, word), language) for word in words]


def canonical(word_stem: str) -> str:
    """The synonym group key of a stem, or the stem itself."""
    return lexicon().synonyms.get(word_stem, word_stem)


def same_word(left: str, right: str) -> bool:
    """Two stems mean the same: equal, one synonym group, or one is a compound part of the other.

    The compound rule lets German "Schadenmeldung" meet "Meldung" and
    "Stationsarzt" meet "Arzt"; both parts must be long enough that
    "bestellen" does not meet "stellen". A separable prefix is always
    allowed: "abstempeln" meets "stempeln", "anfordern" meets "fordern".
    """
    if left == right or canonical(left) == canonical(right):
        return True
    short, long = sorted((left, right), key=len)
    if len(short) < _MIN_PART:
        return False
    if long.endswith(short) and long[: -len(short)] in _SEPARABLE_PREFIXES:
        return True  # German separable verbs: "fordert ... an" is split from "anfordern"
    if len(long) - len(short) < _MIN_COMPOUND_EXTRA:
        return False
    return long.startswith(short) or long.endswith(short)

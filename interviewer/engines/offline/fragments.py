"""Verbless answer fragments read as steps.

People answer "and then?" tersely: "Ausdrucken.", "Dann Gebührenbescheid.",
"Mail an die Kammer.", "Erfassung im Fachverfahren.", "Then an email to the
supplier." Such a fragment has no finite verb, so the clause parser gives no
lemma. It still names a step when it holds an infinitive ("ausdrucken"), a
deverbal noun ("Erfassung" -> erfassen, the `nominalisations` of the verb
lexicon) or an action noun ("Mail" -> schicken, "...bescheid" -> erstellen,
lexicons/fragments.yaml). Precision first: only short fragments, only in
answer turns (the caller checks), and never a bare noun without such a word
("Ausweiskopie.", "Handwerk." stay no step).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from interviewer.engines.offline.lexicon import load_file
from interviewer.engines.offline.text import Token
from interviewer.models import Language


@dataclass(frozen=True, slots=True)
class FragmentReading:
    lemma: str
    object: list[Token]


@dataclass(frozen=True, slots=True)
class _FragmentLexicon:
    max_words: int
    openers: frozenset[str]
    drop: frozenset[str]
    action_nouns: dict[str, str]


@cache
def _lexicon(language: Language) -> _FragmentLexicon:
    data = load_file("fragments.yaml")
    part = data[language]
    return _FragmentLexicon(
        max_words=int(data.get("max_words", 6)),
        openers=frozenset(part.get("openers", [])),
        drop=frozenset(part.get("drop", [])),
        action_nouns={k.lower(): v for k, v in part.get("action_nouns", {}).items()},
    )


def _action_noun(word: str, nouns: dict[str, str], language: Language) -> str | None:
    """The verb an action noun means; German compounds by their last part ("Gebührenbescheid")."""
    if word in nouns:
        return nouns[word]
    if language == "de":
        for noun, verb in nouns.items():
            if len(word) > len(noun) + 2 and word.endswith(noun):
                return verb
    return None


def read_fragment(
    tokens: Sequence[Token],
    language: Language,
    infinitives: frozenset[str] | set[str],
    nominalisations: dict[str, str],
    noun_verbs: frozenset[str] | set[str],
) -> FragmentReading | None:
    """The step a verbless fragment names, or None when it names none."""
    lex = _lexicon(language)
    words = [tok for tok in tokens if tok.is_word]
    while words and words[0].low in lex.openers:
        words = words[1:]
    if not words or len(words) > lex.max_words:
        return None
    kept = [tok for tok in words if tok.low not in lex.drop]
    # a German infinitive last ("Ausdrucken.", "Unterlagen prüfen."); English base forms are
    # nouns as often as verbs ("sort of thing", "request"), and its parser already reads imperatives
    verb = words[-1]
    if language == "de" and verb.low in infinitives and verb.low not in noun_verbs:
        rest = [tok for tok in kept if tok is not verb]
        return FragmentReading(verb.low, rest)
    for tok in words:
        lemma = nominalisations.get(tok.low)
        if lemma is not None:  # "Erfassung im Fachverfahren": erfassen, im Fachverfahren
            rest = [t for t in kept if t is not tok]
            if language == "de":  # "die Prüfung der Unterlagen": the genitive is the object
                rest = [t for t in rest if t.low not in ("der", "des")]
            return FragmentReading(lemma, rest)
    for tok in words:
        lemma = _action_noun(tok.low, lex.action_nouns, language)
        if lemma is not None:  # "Mail an die Kammer": the noun stays, "Mail an Kammer schicken"
            return FragmentReading(lemma, kept)
    return None

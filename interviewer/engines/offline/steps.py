"""Clause -> step: what both languages' clause parsers share.

A parser finds the clause's main verb (its lemma), its subject, whether it is
passive, the agent ("by the back office", "vom Vertrieb") and the object; this
module turns that into a short verb phrase: "check the order for
completeness" in English (verb first), "Auftrag auf Vollständigkeit prüfen"
in German (verb last, articles dropped), the way process steps are written
in either language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from interviewer.engines.offline.lexicon import Lexicon, grammar
from interviewer.engines.offline.text import Token, join_tokens, match_phrase

SubjectKind = Literal["self", "generic", "other", "item", "relative", "np", "none"]

MAX_OBJECT_WORDS = 7

# English words that are capitalised only because a sentence began with them.
_LOWER_EN = grammar("steps.lower_en")

_TRAILING_JUNK = {"en": grammar("steps.trailing_junk.en"), "de": grammar("steps.trailing_junk.de")}


@dataclass
class ClauseParse:
    lemma: str | None = None
    verb_token: Token | None = None
    subject: list[Token] = field(default_factory=list)
    subject_kind: SubjectKind = "none"
    passive: bool = False
    agent: list[Token] = field(default_factory=list)
    object: list[Token] = field(default_factory=list)
    object_raw: list[Token] = field(default_factory=list)  # before articles and fillers were dropped
    body_start: int = -1  # offset of the first word after hedges and connectors
    markers: set[str] = field(default_factory=set)
    particle: str | None = None
    negated: bool = False
    past_habit: bool = False
    wish: bool = False  # "die Feuerwehr will's ausgedruckt": a demand, not a step of the subject

    @property
    def has_verb(self) -> bool:
        return self.lemma is not None


def strip_leading(tokens: Sequence[Token], lex: Lexicon) -> tuple[int, set[str]]:
    """Skip hedges and connectors at the start of a clause ("well, so then ...",
    "und dann"); return where the clause proper starts and the time markers seen."""
    markers: set[str] = set()
    words: dict[str, str] = lex.conversation["clause_markers"]
    marker_table = _marker_table(lex)
    i = 0
    starters = _starters(lex)
    while i < len(tokens):
        if tokens[i].low not in starters:
            break
        correction = match_phrase(tokens, i, lex.corrections)
        if correction and len(correction) == 1 and i + 1 < len(tokens) and tokens[i + 1].low in _VERB_USE:
            correction = None  # "and wait for the purchase order": the verb, not "wait, no"
        if correction:
            markers.add("correction")
            i += len(correction)
            continue
        insert = match_phrase(tokens, i, lex.insert_before)
        if insert:
            markers.add("first")
            i += len(insert)
            continue
        before_np = _before_noun_phrase(tokens, i, lex)
        if before_np is not None:
            end, nouns = before_np
            markers.add("before_np:" + " ".join(nouns))
            i = end
            continue
        marker = match_phrase(tokens, i, marker_table)
        hedge = match_phrase(tokens, i, lex.hedges)
        if marker and hedge and len(hedge) > len(marker):
            marker = None  # "als nächstes" is a connector, not "als" + "nächstes"
        if marker:
            kind = words[" ".join(marker)]
            # German "die"/"der" open a relative clause only right after the split
            if (
                kind == "relative"
                and lex.language == "de"
                and (i > 0 or not _next_is_lower(tokens, i + 1) or _next_is_verb(tokens, i + 1, lex))
            ):
                break  # "die Buchhaltung prüft" (article), "die rufen an" (demonstrative)
            markers.add(kind)
            i += len(marker)
            continue
        if hedge:
            i += len(hedge)
            continue
        break
    return i, markers


_VERB_USE = frozenset(["for", "until", "till", "on", "auf", "bis", "a", "an", "the", "two", "three"])
_SUBJECTS = grammar("steps.subjects")
_STARTERS: dict[str, frozenset[str]] = {}


def _starters(lex: Lexicon) -> frozenset[str]:
    """Every word that can open a hedge, marker or correction: most clause
    openings are none, and one set look-up settles that."""
    found = _STARTERS.get(lex.language)
    if found is None:
        words = set(lex.corrections) | set(lex.insert_before) | set(lex.hedges) | set(_marker_table(lex))
        found = frozenset(words | {"before", "vor"})
        _STARTERS[lex.language] = found
    return found


def _before_noun_phrase(tokens: Sequence[Token], i: int, lex: Lexicon) -> tuple[int, list[str]] | None:
    """'before the quotation we check ...', 'vor dem Angebot prüfen wir ...': a step
    placed before another one that was named by its noun. Returns the end of
    the phrase and its nouns."""
    word = tokens[i].low
    if word not in ("before", "vor") or i + 2 >= len(tokens) or tokens[i + 1].low not in lex.determiners:
        return None
    k = i + 2
    words: list[str] = []
    while k < len(tokens) and len(words) < 4:
        tok = tokens[k]
        if lex.language == "en" and tok.low in _SUBJECTS:
            break
        if lex.language == "de" and not tok.capitalised and words:
            break
        words.append(tok.low)
        k += 1
    if not words or k >= len(tokens):
        return None
    return k, words


def _next_is_verb(tokens: Sequence[Token], index: int, lex: Lexicon) -> bool:
    return index < len(tokens) and tokens[index].low in lex.verbs.table.forms


def _next_is_lower(tokens: Sequence[Token], index: int) -> bool:
    """'..., die dann prüft' (relative) versus 'die Buchhaltung prüft' (article)."""
    return index < len(tokens) and not tokens[index].capitalised


_MARKER_TABLES: dict[str, dict[str, list[tuple[str, ...]]]] = {}


def _marker_table(lex: Lexicon) -> dict[str, list[tuple[str, ...]]]:
    table = _MARKER_TABLES.get(lex.language)
    if table is None:
        table = {}
        for phrase in lex.conversation["clause_markers"]:
            words = tuple(phrase.split())
            table.setdefault(words[0], []).append(words)
        for entries in table.values():
            entries.sort(key=len, reverse=True)
        _MARKER_TABLES[lex.language] = table
    return table


def clean_object(
    tokens: Sequence[Token], lex: Lexicon, skip: set[int], *, drop_articles: bool
) -> list[Token]:
    """The object words worth keeping in an action: no fillers, adverbs,
    negations or time expressions (their token offsets are in `skip`)."""
    kept: list[Token] = []
    tokens = _without_amount_conditions([tok for tok in tokens if tok.start not in skip])
    for k, tok in enumerate(tokens):
        low = tok.low
        if low in lex.drop_from_action or low in lex.negations:
            continue
        if drop_articles and low in lex.determiners and _article(tokens, k):
            continue
        kept.append(tok)
    kept = kept[:MAX_OBJECT_WORDS]
    junk = _TRAILING_JUNK[lex.language]
    while kept and kept[-1].low in junk:
        kept.pop()
    return kept


_CONDITION_WORDS = grammar("steps.condition_words")
_AMOUNT_WORDS = grammar("steps.amount_words")


def _without_amount_conditions(tokens: list[Token]) -> list[Token]:
    """'ab fünftausend Euro das freigeben', 'above 5,000 approve it': the condition
    says when the step happens, it is no part of what is done."""
    kept: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if (
            tok.low in _CONDITION_WORDS
            and nxt is not None
            and (nxt.low[:1].isdigit() or nxt.low.endswith(("tausend", "thousand", "hundert", "hundred")))
        ):
            k += 2
            while k < len(tokens) and (tokens[k].low in _AMOUNT_WORDS or tokens[k].low[:1].isdigit()):
                k += 1
            continue
        kept.append(tok)
        k += 1
    return kept


def _article(tokens: Sequence[Token], k: int) -> bool:
    """A German determiner before its noun ("den Auftrag", "die neue Akte"),
    not a pronoun standing alone ("das" in "dann prüfen wir das")."""
    for nxt in tokens[k + 1 : k + 3]:
        if nxt.capitalised:
            return True
        if not nxt.low.endswith(("e", "en", "er", "es", "em")):
            return False
    return False


def build_action(lemma: str, particle: str | None, obj: Sequence[Token], language: str) -> str:
    """'check' + 'the order for completeness' -> 'check the order for completeness';
    'prüfen' + 'Auftrag auf Vollständigkeit' -> 'Auftrag auf Vollständigkeit prüfen'."""
    words = join_tokens(
        [tok if not (tok.capitalised and tok.low in _LOWER_EN) else _lowered(tok) for tok in obj]
    )
    if language == "de":
        return f"{words} {lemma}".strip()
    if particle and obj and obj[0].low in ("it", "them", "this", "that"):
        rest = join_tokens(obj[1:])
        return f"{lemma} {obj[0].low} {particle} {rest}".strip()  # "send it back", not "send back it"
    verb = f"{lemma} {particle}" if particle else lemma
    return f"{verb} {words}".strip()


def _lowered(tok: Token) -> Token:
    return Token(tok.low, tok.low, tok.start, tok.end)

"""Split a turn into sentences and sentences into clauses, keeping offsets.

A clause is the unit a step comes from: "we check the order, and then we send
it to planning" holds two. Splitting is done at connectors ("and then",
"dann", "before", "nachdem", ...); the connector stays at the start of the
new clause, where the parser reads it (a "before" clause happens later).
Weak splits (a bare "and", "or", "und") are undone when the piece after them
has no verb: "the order and the documents" stays one clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from interviewer.engines.offline.lexicon import grammar, load_lexicon
from interviewer.engines.offline.text import Token, tokenize
from interviewer.lru import memo_function
from interviewer.models import Language

_ABBREVIATIONS = grammar("sentences.abbreviations")
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_WEAK = grammar("sentences.weak")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    is_question: bool


@dataclass(slots=True)
class Clause:
    start: int  # offsets in the turn's text
    end: int
    text: str
    tokens: list[Token]
    index: int  # position within its sentence
    core: int = 0  # tokens of the verb-bearing part, before verbless pieces were appended


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a turn; abbreviations ("z. B.", "e.g.", "ca.") do not end one."""
    return list(_sentences(text))


# A live interview re-reads every turn after each answer; sentences are frozen.
@lru_cache(maxsize=20_000)
def _sentences(text: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        before = text[start : match.start()].rsplit(None, 1)
        last_word = before[-1].lower().strip("(\"'") if before else ""
        following = text[end:].lstrip()
        if match.group().startswith(".") and (
            last_word in _ABBREVIATIONS
            or (len(last_word) == 1 and last_word.isalpha() and following[:1].isalpha())
            or (last_word.isdigit() and following[:1].islower())
        ):
            continue
        _add(sentences, text, start, end)
        start = end
    _add(sentences, text, start, len(text))
    return tuple(sentences)


memo_function(_sentences.cache_clear)


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        body = text[start:end]
        sentences.append(Sentence(start, end, body, body.rstrip("\"'”’)] ").endswith("?")))


@cache
def _cue_words(language: Language) -> frozenset[str]:
    """Words of hedges and corrections ("also", "nee", "Moment", "no", "wait")."""
    conversation = load_lexicon(language).conversation
    phrases = [
        *conversation.get("hedges", []),
        *conversation.get("corrections", []),
        *conversation.get("insert_before", []),
    ]
    return frozenset(word for phrase in phrases for word in phrase.lower().replace(",", " ").split())


@cache
def _splitter(language: Language) -> re.Pattern[str]:
    splitters = load_lexicon(language).conversation.get("clause_splitters", [])
    # A bare comma splits weakly: kept only when both sides have a verb.
    extra = {", ", " or ", " who ", " which "} if language == "en" else {", ", " oder "}
    ordered = sorted({*splitters, *extra}, key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in ordered), re.IGNORECASE)


def split_clauses(
    sentence: Sentence, language: Language, has_verb: Callable[[list[Token]], bool]
) -> list[Clause]:
    """Clauses of a sentence; `has_verb` decides whether a weak split stands."""
    text = sentence.text
    # bracketed asides ("(laughs)", "[inaudible]") are masked, keeping offsets
    masked = _BRACKETS.sub(lambda m: " " * len(m.group()), text)
    pieces: list[tuple[int, int, bool]] = []  # start, end, started by a weak splitter
    cursor = 0
    weak = False
    for match in _splitter(language).finditer(masked):
        if match.start() <= cursor:
            continue
        pieces.append((cursor, match.start(), weak))
        sep = match.group()
        weak = sep.lower() in _WEAK
        # keep the connector words in the next clause, drop the punctuation
        cursor = match.start() + len(sep) - len(sep.lstrip(",;–- "))
    pieces.append((cursor, len(text), weak))

    clauses: list[Clause] = []
    prefix: tuple[int, list[Token]] | None = None  # a verbless opening ("Well,", "No wait,")
    cues = _cue_words(language)
    for start, end, is_weak in pieces:
        tokens = [tok for tok in tokenize(masked[start:end], sentence.start + start) if tok.is_word]
        if not tokens:
            continue
        if prefix is not None:
            start, tokens = prefix[0], prefix[1] + tokens
            prefix = None
        if has_verb(tokens):
            clauses.append(
                Clause(sentence.start + start, sentence.start + end, text[start:end], tokens, len(clauses))
            )
        elif all(tok.low in cues for tok in tokens):
            prefix = (start, tokens)  # "also, nee, Moment, zuerst ...": the cue opens what follows
        elif is_weak and clauses:
            previous = clauses[-1]
            previous.end = sentence.start + end
            previous.text = text[previous.start - sentence.start : end]
            previous.core = previous.core or len(previous.tokens)
            previous.tokens.extend(tokens)
        elif not clauses:
            prefix = (start, tokens)
        else:
            clauses.append(
                Clause(sentence.start + start, sentence.start + end, text[start:end], tokens, len(clauses))
            )
    if prefix is not None:
        start, tokens = prefix
        clauses.append(Clause(sentence.start + start, sentence.end, text[start:], tokens, len(clauses)))
    for clause in clauses:  # tidy quotes: no trailing separators
        stripped = clause.text.rstrip(" ,;:.!?–-")
        clause.end = clause.start + len(stripped)
        clause.text = stripped
    return clauses

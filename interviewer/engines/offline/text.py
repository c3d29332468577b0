"""Tokens with character offsets, and phrase matching on lower-cased words.

Every token keeps its offsets into the turn's text, so that evidence quotes
are cut from the original words, verbatim, whatever the parser dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Words (with inner hyphens, slashes and dots: "e-mail", "S/4HANA"), the
# English clitics as tokens of their own ("do" + "n't", "it" + "'s"), and
# single punctuation marks.
_TOKEN = re.compile(
    r"\w+(?=n['’]t\b)|n['’]t\b|['’](?:s|re|m|ll|ve|d)\b|\w+(?:[-/.&]\w+)*|[^\w\s]",
    re.UNICODE,
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    low: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] in "'’"

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        low = word.lower().replace("’", "'")
        tokens.append(Token(word, low, match.start() + offset, match.end() + offset))
    return tokens


def phrase_table(phrases: Iterable[str]) -> dict[str, list[tuple[str, ...]]]:
    """Index multi-word phrases by their first word for token-level matching;
    longest phrases first so that "no wait" wins over "no"."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(tok.low for tok in tokenize(phrase))
        if words:
            table.setdefault(words[0], []).append(words)
    for entries in table.values():
        entries.sort(key=len, reverse=True)
    return table


def match_phrase(
    tokens: Sequence[Token], index: int, table: dict[str, list[tuple[str, ...]]]
) -> tuple[str, ...] | None:
    """The longest phrase of `table` that starts at tokens[index], if any."""
    if index >= len(tokens):
        return None
    for words in table.get(tokens[index].low, ()):
        end = index + len(words)
        if end <= len(tokens) and all(tokens[index + k].low == words[k] for k in range(1, len(words))):
            return words
    return None


def find_phrases(tokens: Sequence[Token], table: dict[str, list[tuple[str, ...]]]) -> list[tuple[int, int]]:
    """All non-overlapping phrase matches as (start, end) token indices."""
    found = []
    index = 0
    while index < len(tokens):
        words = match_phrase(tokens, index, table)
        if words:
            found.append((index, index + len(words)))
            index += len(words)
        else:
            index += 1
    return found


def word_regex(phrases: Iterable[str], *, prefix: bool = False) -> re.Pattern[str]:
    """One regex matching any of the phrases as whole words (or word starts
    when `prefix`), longest first. Used on lower-cased text."""
    ordered = sorted({p.lower() for p in phrases if p}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) or "(?!x)x"
    tail = r"\w*" if prefix else r"(?!\w)"
    return re.compile(rf"(?<!\w)(?:{body}){tail}")


def join_tokens(tokens: Sequence[Token]) -> str:
    """Words joined by single spaces, punctuation dropped (for actions and names)."""
    words = [tok.text for tok in tokens if tok.is_word]
    text = " ".join(words)
    # re-attach clitics: "customer 's" -> "customer's"
    return re.sub(r" (['’](?:s|re|m|ll|ve|d)\b|n['’]t\b)", r"\1", text)

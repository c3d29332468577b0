"""People named by first name: "dann geht's an Michael zur Freigabe", "we send it to Sarah".

A capitalised first name (lexicons/first_names.yaml) right after a preposition
that hands work on is a person taking part in the process, a colleague in the
speaker's organisation unless said otherwise. Only after such a preposition:
"Michael" alone at the start of a German sentence may be anything, and the
speakers themselves are resolved from the transcript's labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from interviewer.engines.offline.actor_tables import ActorKind
from interviewer.engines.offline.lexicon import load_file
from interviewer.engines.offline.text import Token
from interviewer.models import Language


@cache
def _names() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    data = load_file("first_names.yaml")
    preps = {lang: frozenset(words) for lang, words in data.get("prepositions", {}).items()}
    return frozenset(data.get("names", [])), preps


def first_name_spans(
    tokens: Sequence[Token], taken: Sequence[tuple[int, int]], language: Language
) -> list[tuple[int, str, ActorKind]]:
    """(token index, name, kind) of first names after a handing-on preposition, outside `taken` spans."""
    names, preps = _names()
    after = preps.get(language, frozenset())
    found: list[tuple[int, str, ActorKind]] = []
    for i in range(1, len(tokens)):
        tok = tokens[i]
        if not tok.capitalised or tok.low not in names or tokens[i - 1].low not in after:
            continue
        if any(start <= i < end for start, end in taken):
            continue
        found.append((i, tok.text, "role"))
    return found

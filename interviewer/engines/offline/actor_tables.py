"""The actor lexicon (lexicons/actors.yaml) as look-up tables, built once per language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from interviewer.engines.offline.lexicon import load_lexicon, phrase_table
from interviewer.models import Language

ActorKind = Literal["self", "unit", "role", "external", "customer"]


@dataclass(frozen=True)
class ActorTables:
    lang: Language
    names: dict[str, list[tuple[str, ...]]]  # multi-word known names
    kinds: dict[str, ActorKind]  # known name (lower, space-joined) -> kind
    unit_heads: frozenset[str]
    role_heads: frozenset[str]
    external_heads: frozenset[str]
    unit_suffixes: tuple[str, ...]
    role_suffixes: tuple[str, ...]
    external_suffixes: tuple[str, ...]
    not_actors: frozenset[str]
    placeholders: frozenset[str]
    drop_adjectives: frozenset[str]
    possessive_self: frozenset[str]
    determiners: frozenset[str]


@cache
def tables(language: Language) -> ActorTables:
    data = load_lexicon(language).actors
    kinds: dict[str, ActorKind] = {}
    # later assignments win: customer over external over unit
    for word in data.get("units", []):
        kinds[word.lower()] = "unit"
    if language == "de":
        for word in data.get("role_suffixes", []):
            kinds.setdefault(word.lower(), "role")
    for word in data.get("external", []):
        kinds[word.lower()] = "external"
    for word in data.get("customer_words", []):
        kinds[word.lower()] = "customer"
    return ActorTables(
        lang=language,
        names=phrase_table(kinds),
        kinds=kinds,
        unit_heads=frozenset(data.get("unit_heads", [])),
        role_heads=frozenset(data.get("role_heads", [])),
        external_heads=frozenset(data.get("external_heads", [])),
        unit_suffixes=tuple(data.get("unit_suffixes", [])),
        role_suffixes=tuple(data.get("role_suffixes", [])),
        external_suffixes=tuple(data.get("external_suffixes", [])),
        not_actors=frozenset(data.get("not_actors", [])),
        placeholders=frozenset(data.get("person_placeholders", [])),
        drop_adjectives=frozenset(data.get("drop_adjectives", [])),
        possessive_self=frozenset(data.get("possessive_self", [])),
        determiners=frozenset(data.get("determiners", [])),
    )

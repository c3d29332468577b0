"""Loads the offline engine's lexicons (YAML data files next to this module)
once per language and keeps them, ready to use, for the life of the process.

Loading checks the files: a YAML "no" or "on" that silently turned into a
boolean would otherwise remove a correction cue or a particle without a trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from interviewer.engines.offline.text import phrase_table
from interviewer.engines.offline.verbforms import VerbTable, build_english, build_german, join_lemma
from interviewer.errors import CatalogueError
from interviewer.models import Language

_PACKAGE = "interviewer.engines.offline"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PhraseTable = dict[str, list[tuple[str, ...]]]


@cache
def load_file(name: str) -> dict[str, Any]:
    """One lexicon file, validated: every list item and key is a string."""
    path = resources.files(_PACKAGE).joinpath("lexicons", name)
    with resources.as_file(path) as real_path:
        data = yaml.load(real_path.read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(data, dict):
        raise CatalogueError(f"lexicon {name} is not a mapping", path=str(real_path))
    _check_strings(data, name, "")
    return data


def _check_strings(node: object, name: str, where: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                raise CatalogueError(
                    f"lexicon {name}: key {key!r} at {where or '/'} must be text", field=where
                )
            _check_strings(value, name, f"{where}/{key}")
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict):
                _check_strings(item, name, where)
            elif not isinstance(item, str):
                raise CatalogueError(
                    f"lexicon {name}: {item!r} in {where} must be quoted text (YAML reads it as {type(item).__name__})",
                    field=where,
                )


def grammar(key: str) -> frozenset[str]:
    """A closed word class from lexicons/grammar.yaml ("actors.function", "clause_en.adverbs")."""
    words = load_file("grammar.yaml").get(key)
    if words is None:
        raise CatalogueError(f"lexicon grammar.yaml has no list {key!r}", field=key)
    return frozenset(words)


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(item.lower() for item in items)


@dataclass(frozen=True)
class VerbLexicon:
    table: VerbTable
    non_step: frozenset[str]
    non_step_with_object: frozenset[str]
    noun_verbs: frozenset[str]
    auxiliaries: frozenset[str]  # lemmas
    modals: frozenset[str]  # forms (en) or lemmas (de)
    semi_modals: PhraseTable
    particles: frozenset[str]  # en: phrasal particles; de: separable prefixes
    nominalisations: dict[str, str]  # "approval" -> "approve", "Freigabe" -> "freigeben"
    non_step_phrasal: frozenset[str]  # "run behind", "catch up"
    transfer: frozenset[str]  # verbs after which the recipient holds the case


@dataclass(frozen=True)
class Lexicon:
    language: Language
    verbs: VerbLexicon
    actors: dict[str, Any]
    conversation: dict[str, Any]
    time: dict[str, Any]
    value: dict[str, Any]
    systems: dict[str, Any]
    hedges: PhraseTable
    corrections: PhraseTable
    insert_before: PhraseTable
    semi_modal_phrases: PhraseTable
    drop_from_action: frozenset[str]
    negations: frozenset[str]
    determiners: frozenset[str]


# "we approve it ourselves": the reflexive adds nothing to the action.
_REFLEXIVES: dict[str, list[str]] = {
    "en": ["ourselves", "myself", "themselves", "yourself", "yourselves", "himself", "herself", "itself"],
    "de": ["selbst", "selber"],
}


@cache
def load_lexicon(language: Language) -> Lexicon:
    verbs_data = load_file(f"verbs_{language}.yaml")
    conversation = load_file("conversation.yaml")[language]
    actors = load_file("actors.yaml")[language]
    if language == "en":
        table = build_english(verbs_data)
        modals = _words(verbs_data.get("modals", []))
        semi = verbs_data.get("semi_modals", [])
        particles = _words(verbs_data.get("particles", []))
    else:
        table = build_german(verbs_data)
        modals = _words(verbs_data.get("modals", []))
        semi = []
        particles = _words(verbs_data.get("separable_prefixes", []))
    verbs = VerbLexicon(
        table=table,
        non_step=frozenset(join_lemma(v) for v in verbs_data.get("non_step", [])),
        non_step_with_object=frozenset(join_lemma(v) for v in verbs_data.get("non_step_with_object", [])),
        noun_verbs=_words(verbs_data.get("noun_verbs", [])),
        auxiliaries=_words(verbs_data.get("auxiliaries", [])),
        modals=modals,
        semi_modals=phrase_table(semi),
        particles=particles,
        nominalisations={k.lower(): v for k, v in verbs_data.get("nominalisations", {}).items()},
        non_step_phrasal=_words(verbs_data.get("non_step_phrasal", [])),
        transfer=frozenset(verbs_data.get("transfer_verbs", [])),
    )
    return Lexicon(
        language=language,
        verbs=verbs,
        actors=actors,
        conversation=conversation,
        time=load_file("time.yaml")[language],
        value=load_file("value.yaml")[language],
        systems=load_file("systems.yaml"),
        hedges=phrase_table(conversation.get("hedges", [])),
        corrections=phrase_table(conversation.get("corrections", [])),
        insert_before=phrase_table(conversation.get("insert_before", [])),
        semi_modal_phrases=phrase_table(semi),
        drop_from_action=_words(
            conversation.get("drop_from_action", [])
            + [w for w in conversation.get("fillers", []) if " " not in w]
            + _REFLEXIVES[language]
        ),
        negations=_words(conversation.get("negations", [])),
        determiners=_words(actors.get("determiners", [])),
    )

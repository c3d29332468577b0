"""The bilingual concept lexicon: maps German and English words and phrases
to language-independent concepts (APPROVAL, INVOICE, WAIT, ...).

This is what lets the offline embedding see that "who signs off on bills"
and "Rechnungsfreigabe durch die Leitung" talk about the same thing. The
concepts are data (concepts/*.yaml); this module loads them, matches
single words, multiword phrases (with small gaps, for German separable verbs:
"gibt die Rechnung frei") and the parts of German compounds
("Rechnungsfreigabe" -> Rechnung + Freigabe).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from interviewer.errors import CatalogueError
from interviewer.knowledge.text import stem, words
from interviewer.lru import LRUCache

CONCEPTS_DIR = Path(__file__).parent / "concepts"
STOPWORDS_FILE = Path(__file__).parent / "data" / "stopwords.yaml"
_CONCEPT_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
# German linking elements between compound parts: Rechnung-s-freigabe.
_LINKS = ("s", "es", "n", "en", "e", "")
_MIN_PART = 3
_MIN_COMPOUND = 7
# Words allowed between two words of a phrase ("sign it off"); a German
# separable particle may close the verb bracket further away ("schicken den
# Antrag an den Kunden zurück"), but never beyond the end of the sentence.
_MAX_GAP = 3
_MAX_PARTICLE_GAP = 7
_PARTICLES = frozenset(
    {
        "zurueck",
        "frei",
        "ab",
        "an",
        "ein",
        "nach",
        "weiter",
        "aus",
        "auf",
        "mit",
        "vor",
        "zusammen",
        "rueber",
        "durch",
    }
)
_CLAUSE_END = re.compile(r"[.!?;:]+(?:\s|$)")
_RELATED_WEIGHT = 0.4
# Texts analysed once per process are remembered (the finder and the
# embedding analyse the same sentences); bounded so a long run stays small.
_ANALYSIS_CACHE = 20_000


@dataclass(frozen=True)
class Concept:
    id: str
    weight: float
    related: tuple[str, ...]


@dataclass
class TextAnalysis:
    """What the lexicon recognised in one text."""

    tokens: list[str]
    stems: list[str]
    concepts: Counter[str] = field(default_factory=Counter)
    # Stems of content words, including the parts of split compounds.
    content: list[str] = field(default_factory=list)


@dataclass
class Lexicon:
    concepts: dict[str, Concept]
    single: dict[str, tuple[str, ...]]
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]
    parts: frozenset[str]
    stopwords: frozenset[str]
    fingerprint: str
    _compound_cache: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _analysis_cache: LRUCache[str, TextAnalysis] = field(
        default_factory=lambda: LRUCache(_ANALYSIS_CACHE), repr=False
    )

    def analyse(self, text: str) -> TextAnalysis:
        """What the lexicon recognises in a text. The result is shared: do not change it."""
        cached = self._analysis_cache.get(text)
        if cached is None:
            cached = self._analyse(text)
            self._analysis_cache.put(text, cached)
        return cached

    def _analyse(self, text: str) -> TextAnalysis:
        tokens: list[str] = []
        ends: list[int] = []  # index of each sentence's last token
        for part in _CLAUSE_END.split(text):
            tokens.extend(words(part))
            if not ends or ends[-1] != len(tokens) - 1:
                ends.append(len(tokens) - 1)
        stemmed = [stem(token) for token in tokens]
        sentence_end = _sentence_ends(ends, len(tokens))
        found: Counter[str] = Counter()
        # Overlapping matches of one concept ("schon immer", "schon immer so
        # gemacht") count once: remember where each concept's last match ended.
        matched_until: dict[str, int] = {}

        def count(concept: str, start: int, end: int) -> None:
            if matched_until.get(concept, -1) < start:
                found[concept] += 1
            matched_until[concept] = max(end, matched_until.get(concept, -1))

        content: list[str] = []
        present = set(stemmed)
        for index, token in enumerate(tokens):
            token_stem = stemmed[index]
            for concept in self.single.get(token_stem, ()):
                count(concept, index, index)
            for phrase, concept in self.phrases.get(token_stem, ()):
                # Most phrases fail on a word the text does not contain at all:
                # a set lookup is far cheaper than the positional match.
                if not present.issuperset(phrase):
                    continue
                end = _match_phrase(stemmed, index, phrase, sentence_end[index])
                if end is not None:
                    count(concept, index, end)
            if token in self.stopwords or len(token) < 2:
                continue
            content.append(token_stem)
            if token_stem not in self.single and len(token) >= _MIN_COMPOUND:
                for part in self.compound_parts(token):
                    content.append(part)
                    for concept in self.single.get(part, ()):
                        count(concept, index, index)
        return TextAnalysis(tokens=tokens, stems=stemmed, concepts=found, content=content)

    def concept_weights(self, analysis: TextAnalysis) -> dict[str, float]:
        """Concept -> weight, with related concepts at a fraction of the weight."""
        weights: dict[str, float] = {}
        for concept_id, count in analysis.concepts.items():
            concept = self.concepts[concept_id]
            value = concept.weight * (1.0 + 0.5 * (count - 1) ** 0.5)
            weights[concept_id] = weights.get(concept_id, 0.0) + value
            for related in concept.related:
                weights[related] = weights.get(related, 0.0) + _RELATED_WEIGHT * value
        return weights

    def compound_parts(self, token: str) -> tuple[str, ...]:
        """Stems of the known parts of a compound, or () when it does not split."""
        cached = self._compound_cache.get(token)
        if cached is None:
            split = self._split(token, 0)
            cached = tuple(stem(part) for part in split) if split and len(split) > 1 else ()
            self._compound_cache[token] = cached
        return cached

    def _split(self, token: str, depth: int) -> list[str] | None:
        if self._known(token):
            return [token]
        if depth >= 3:
            return None
        for cut in range(len(token) - _MIN_PART, _MIN_PART - 1, -1):
            head = token[:cut]
            if not self._known(head):
                continue
            rest = token[cut:]
            for link in _LINKS:
                if link and not rest.startswith(link):
                    continue
                tail = rest[len(link) :]
                if len(tail) < _MIN_PART:
                    continue
                split = self._split(tail, depth + 1)
                if split:
                    return [head, *split]
        return None

    def _known(self, part: str) -> bool:
        return len(part) >= _MIN_PART and (part in self.parts or stem(part) in self.parts)


def _sentence_ends(ends: list[int], count: int) -> list[int]:
    """For each token, the index of the last token of its sentence."""
    result: list[int] = []
    start = 0
    for end in ends:
        result.extend([end] * (end - start + 1))
        start = end + 1
    result.extend([count - 1] * (count - len(result)))
    return result[:count]


def _match_phrase(stemmed: list[str], start: int, phrase: tuple[str, ...], last: int) -> int | None:
    """Index of the phrase's last word when it matches at `start`, else None."""
    position = start
    for number, wanted in enumerate(phrase[1:], start=2):
        gap = _MAX_PARTICLE_GAP if number == len(phrase) and wanted in _PARTICLES else _MAX_GAP
        limit = min(last + 1, position + 2 + gap)
        for candidate in range(position + 1, limit):
            if stemmed[candidate] == wanted:
                position = candidate
                break
        else:
            return None
    return position


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CatalogueError(f"not valid YAML: {error}", path=str(path)) from error


def _terms(path: Path, concept_id: str, body: dict[str, Any]) -> list[str]:
    terms: list[str] = []
    for language in ("en", "de"):
        values = body.get(language, [])
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            raise CatalogueError(
                "must be a list of strings", path=str(path), field=f"{concept_id}.{language}"
            )
        terms.extend(values)
    if not terms:
        raise CatalogueError("a concept needs at least one term", path=str(path), field=concept_id)
    return terms


def load_lexicon(directory: Path = CONCEPTS_DIR, stopwords_file: Path = STOPWORDS_FILE) -> Lexicon:
    raw: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _read_yaml(path) or {}
        if not isinstance(data, dict):
            raise CatalogueError("must map concept ids to their terms", path=str(path))
        for concept_id, body in data.items():
            if not isinstance(concept_id, str) or not _CONCEPT_ID.match(concept_id):
                raise CatalogueError(
                    "concept ids are UPPER_SNAKE_CASE", path=str(path), field=str(concept_id)
                )
            if concept_id in raw:
                raise CatalogueError("concept defined twice", path=str(path), field=concept_id)
            if not isinstance(body, dict):
                raise CatalogueError("must be a mapping with en/de lists", path=str(path), field=concept_id)
            body = dict(body, _path=str(path))
            body["_terms"] = _terms(path, concept_id, body)
            raw[concept_id] = body
    stop_data = _read_yaml(stopwords_file) or {}
    stopwords = frozenset(word for language in ("en", "de") for word in stop_data.get(language, []))
    return _build(raw, stopwords)


def _build(raw: dict[str, dict[str, Any]], stopwords: frozenset[str]) -> Lexicon:
    concepts: dict[str, Concept] = {}
    single: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    parts: set[str] = set()
    for concept_id, body in raw.items():
        related = tuple(body.get("related", []))
        for other in related:
            if other not in raw:
                raise CatalogueError(f"unknown related concept {other}", path=body["_path"], field=concept_id)
        concepts[concept_id] = Concept(concept_id, float(body.get("weight", 1.0)), related)
        for term in body["_terms"]:
            tokens = words(term)
            if not tokens:
                continue
            term_stems = tuple(stem(token) for token in tokens)
            if len(tokens) == 1:
                if term.isupper() and tokens[0] in stopwords:
                    continue  # an acronym that reads as a function word: IT, AM
                single.setdefault(term_stems[0], set()).add(concept_id)
                if len(tokens[0]) >= _MIN_PART and tokens[0] not in stopwords:
                    parts.update((tokens[0], term_stems[0]))
            else:
                entry = (term_stems, concept_id)
                bucket = phrases.setdefault(term_stems[0], [])
                if entry not in bucket:
                    bucket.append(entry)
    canonical = {key: {k: v for k, v in body.items() if not k.startswith("_")} for key, body in raw.items()}
    digest = hashlib.sha256(
        json.dumps([canonical, sorted(stopwords)], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:16]
    return Lexicon(
        concepts=concepts,
        single={key: tuple(sorted(value)) for key, value in single.items()},
        phrases=phrases,
        parts=frozenset(parts),
        stopwords=stopwords,
        fingerprint=digest,
    )


@lru_cache(maxsize=4)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    return load_lexicon()

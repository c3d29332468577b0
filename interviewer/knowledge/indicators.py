"""Indicator rules (data/indicators.yaml): concepts that, said together in one
sentence, reveal an anti-pattern category. Language-independent, because
they are written in lexicon concepts, not words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from interviewer.errors import CatalogueError
from interviewer.knowledge.lexicon import Lexicon, default_lexicon
from interviewer.models import CATEGORIES

INDICATORS_FILE = Path(__file__).parent / "data" / "indicators.yaml"
_STRENGTHS_CACHE_SIZE = 50_000


@dataclass(frozen=True)
class Rule:
    category: str
    concepts: frozenset[str]
    weight: float


class Indicators:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        # Concepts that reveal a category on their own (rules of one concept).
        self.single_concepts = frozenset(next(iter(r.concepts)) for r in self.rules if len(r.concepts) == 1)
        # Each rule is filed under one of its concepts: only rules whose
        # filing concept occurs in a sentence need the full subset test.
        self._by_concept: dict[str, list[Rule]] = {}
        for rule in self.rules:
            self._by_concept.setdefault(min(rule.concepts), []).append(rule)
        # strengths() per concept set: the same sentences and windows come
        # back in every analysis of a growing interview. Bounded by clearing.
        self._strengths: dict[frozenset[str], dict[str, tuple[float, Rule]]] = {}

    def concepts_of(self, category: str) -> frozenset[str]:
        """Every concept the rules of a category look for."""
        return frozenset(c for rule in self.rules if rule.category == category for c in rule.concepts)

    def strengths(self, concepts: Iterable[str]) -> dict[str, tuple[float, Rule]]:
        """Category -> (strength, strongest rule) for the concepts of one sentence."""
        key = frozenset(concepts)
        known = self._strengths.get(key)
        if known is None:
            if len(self._strengths) >= _STRENGTHS_CACHE_SIZE:
                self._strengths.clear()
            known = self._strengths[key] = self._strengths_of(set(key))
        return dict(known)

    def _strengths_of(self, present: set[str]) -> dict[str, tuple[float, Rule]]:
        best: dict[str, tuple[float, Rule]] = {}
        for concept in present:
            for rule in self._by_concept.get(concept, ()):
                if rule.weight > best.get(rule.category, (0.0, rule))[0] and rule.concepts <= present:
                    best[rule.category] = (rule.weight, rule)
        return best


def load_indicators(path: Path = INDICATORS_FILE, lexicon: Lexicon | None = None) -> Indicators:
    lexicon = lexicon or default_lexicon()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise CatalogueError(f"not valid YAML: {error}", path=str(path)) from error
    rules: list[Rule] = []
    for category, items in data.items():
        if category not in CATEGORIES:
            raise CatalogueError("unknown category", path=str(path), field=str(category))
        for number, item in enumerate(items or []):
            where = f"{category}[{number}]"
            concepts = item.get("all") if isinstance(item, dict) else None
            if not concepts or not isinstance(concepts, list):
                raise CatalogueError("a rule needs a non-empty list 'all'", path=str(path), field=where)
            unknown = [c for c in concepts if c not in lexicon.concepts]
            if unknown:
                raise CatalogueError(f"unknown concepts {unknown}", path=str(path), field=f"{where}.all")
            weight = item.get("weight")
            if not isinstance(weight, int | float) or not 0 < weight <= 1:
                raise CatalogueError(
                    "weight must be a number in (0, 1]", path=str(path), field=f"{where}.weight"
                )
            rules.append(Rule(category, frozenset(concepts), float(weight)))
    return Indicators(rules)


@lru_cache(maxsize=1)
def default_indicators() -> Indicators:
    return load_indicators()

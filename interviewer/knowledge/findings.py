"""Findings: which anti-patterns apply to an interviewed process, where, and why.

For each category the finder gathers evidence of three kinds and combines it:

1. indicator rules: concepts said together in a sentence (data/indicators.yaml);
2. retrieval: every sentence of the interviewee, every step and handoff is
   embedded and matched against the catalogue in ONE chroma query; a sentence
   whose nearest entries belong to a category supports that category in
   proportion to its similarity;
3. process facts (facts.py): loops, waits before sign-offs, waits at handoffs.

A category's score is the noisy-or of its strongest non-overlapping pieces of
evidence; categories above THRESHOLD become findings, each pointing to the
catalogue entry nearest to its evidence. Every finding quotes the interview.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from interviewer.knowledge.evidence import (
    Quote,
    Sentence,
    Unit,
    build_units,
    format_quote,
    interviewee_sentences,
    non_overlapping,
)
from interviewer.knowledge.facts import Fact, FactFinder
from interviewer.knowledge.indicators import Indicators, default_indicators
from interviewer.knowledge.lexicon import Lexicon, default_lexicon
from interviewer.models import CATEGORIES, Category, Finding, Language, Process, Transcript

if TYPE_CHECKING:
    from interviewer.knowledge.catalogue_model import AntiPattern
    from interviewer.knowledge.memory import Memory
    from interviewer.knowledge.store import EntryMatch, VectorStore

TEXTS_FILE = Path(__file__).parent / "data" / "findings.yaml"

# Calibrated on eval/cases (see the module's tests and the report in the PR):
THRESHOLD = 0.6
# Retrieval support: similarity mapped linearly from RETRIEVAL_FLOOR (nothing)
# to RETRIEVAL_CEILING (RETRIEVAL_MAX), counted only for the top entries.
RETRIEVAL_FLOOR = 0.6
RETRIEVAL_CEILING = 0.95
RETRIEVAL_MAX = 0.6
RETRIEVAL_TOP = 2
# How many pieces of evidence a category's score and its text are built from,
# and how much the second and third piece count: three weak hints are not
# as good as one clear statement.
EVIDENCE_PIECES = 3
PIECE_WEIGHTS = (1.0, 0.6, 0.3)
# A sentence usually describes one problem: categories other than its
# strongest one get this share of their strength.
SECONDARY_SHARE = 0.75
QUOTES_SHOWN = 2
# Documents ranked per retrieval text: the finder needs the nearest few
# entries of each sentence, not a full ranking (and chroma's time grows with it).
RETRIEVAL_DEPTH = 16
# Process facts support what the interviewee says; alone they make a finding
# only when they are strong (a loop back in the process). Otherwise a finding
# needs a statement of at least this strength.
MIN_STATEMENT = 0.3
STRONG_FACT = 0.6
# Concepts that say nothing about a problem on their own: a sentence made
# only of these ("About three weeks.") gets no support from retrieval.
_PLAIN_CONCEPTS = frozenset(
    {
        "TIME_UNIT",
        "TIME_LONG",
        "DELAY",
        "WAIT",
        "FAST",
        "CUSTOMER",
        "COLLEAGUE",
        "DEPARTMENT",
        "DATA",
        "SYSTEM",
        "START",
        "FINISH",
        "SEND",
        "RECEIVE",
        "REQUEST",
        "DOCUMENT",
        "ASK",
        "PHONE",
        "EMAIL",
        "KNOWLEDGE",
        "CHECK",
    }
)


@dataclass
class _Candidate:
    category: Category
    pieces: list[tuple[float, Unit]]
    facts: list[Fact]

    @property
    def grounded(self) -> bool:
        """Said in the interview, or a structural fact strong enough on its own."""
        said = max((strength for strength, _ in self.pieces), default=0.0)
        return said >= MIN_STATEMENT or any(f.strength >= STRONG_FACT for f in self.facts)

    @property
    def score(self) -> float:
        remaining = 1.0
        strengths = [s for s, _ in self.pieces] + [f.strength for f in self.facts]
        for weight, strength in zip(PIECE_WEIGHTS, sorted(strengths, reverse=True), strict=False):
            remaining *= 1.0 - weight * strength
        return 1.0 - remaining


class Finder:
    """Implements the FindingsFinder protocol of interviewer.engines.base."""

    def __init__(
        self,
        store: VectorStore,
        *,
        memory: Memory | None = None,
        lexicon: Lexicon | None = None,
        indicators: Indicators | None = None,
        threshold: float = THRESHOLD,
    ) -> None:
        self.store = store
        self.memory = memory
        self.lexicon = lexicon or default_lexicon()
        self.indicators = indicators or default_indicators()
        self.facts = FactFinder(self.lexicon)
        self.threshold = threshold

    def find(self, process: Process, transcript: Transcript, language: Language) -> list[Finding]:
        candidates, matches = self.candidates(process, transcript)
        chosen = [c for c in candidates if c.score >= self.threshold and c.grounded and _quotes(c)]
        chosen.sort(key=lambda c: c.score, reverse=True)
        entries = self._entries_for(chosen, matches)
        findings: list[Finding] = []
        for candidate in chosen:
            entry = entries.get(candidate.category)
            if entry is None:  # the catalogue has no entry of this category
                continue
            quotes = _quotes(candidate)
            findings.append(
                Finding(
                    id=f"f{len(findings) + 1}",
                    category=candidate.category,
                    anti_pattern_id=entry.id,
                    title=getattr(entry.title, language),
                    step_ids=_step_ids(candidate, process),
                    score=round(min(1.0, candidate.score), 3),
                    evidence=self._evidence_text(candidate, quotes, language),
                    evidence_turns=sorted({q.turn for q in quotes}),
                )
            )
        if self.memory is not None and findings:
            findings = self.memory.with_similar_cases(findings, transcript.case_id)
        return findings

    # -- evidence -----------------------------------------------------------------

    def candidates(
        self, process: Process, transcript: Transcript
    ) -> tuple[list[_Candidate], dict[object, list[EntryMatch]]]:
        """Every category with its evidence, and the entries retrieved per sentence."""
        sentence_list = interviewee_sentences(transcript, self.lexicon)
        units = build_units(transcript, self.lexicon, sentence_list)
        telling = [s for s in sentence_list if self._says_something(s.concepts)]
        facts = self.facts.facts(process)
        retrieved, by_step = self._retrieve(telling, process, facts)
        # Rules and retrieval are two views of the same sentences: each view
        # picks its own non-overlapping pieces, then both compete for the top.
        per_category: dict[str, list[tuple[float, Unit]]] = {c: [] for c in CATEGORIES}
        by_retrieval: dict[str, list[tuple[float, Unit]]] = {c: [] for c in CATEGORIES}
        for unit in units:
            strengths = self.indicators.strengths(unit.concepts)
            top = max((strength for strength, _ in strengths.values()), default=0.0)
            for category, (strength, _rule) in strengths.items():
                share = 1.0 if strength >= top else SECONDARY_SHARE
                per_category[category].append((strength * unit.factor * share, unit))
        for sentence, nearest in zip(telling, retrieved, strict=True):
            unit = Unit(
                (Quote(sentence.turn, sentence.text),),
                sentence.concepts,
                1.0,
                frozenset({(sentence.turn, sentence.index)}),
            )
            for category, strength in _retrieval_support(nearest).items():
                by_retrieval[category].append((strength, unit))
        facts_by_category: dict[str, list[Fact]] = {}
        for fact in facts:
            facts_by_category.setdefault(fact.category, []).append(fact)
        matches: dict[object, list[EntryMatch]] = dict(
            zip(((s.turn, s.index) for s in telling), retrieved, strict=True)
        )
        matches.update(by_step)
        candidates = [
            _Candidate(
                category,
                sorted(
                    non_overlapping(per_category[category], EVIDENCE_PIECES)
                    + non_overlapping(by_retrieval[category], EVIDENCE_PIECES),
                    key=lambda piece: piece[0],
                    reverse=True,
                )[:EVIDENCE_PIECES],
                _distinct_facts(facts_by_category.get(category, [])),
            )
            for category in CATEGORIES
        ]
        return candidates, matches

    def _says_something(self, concepts: frozenset[str]) -> bool:
        """Whether a sentence names anything that can reveal a problem."""
        if concepts & self.indicators.single_concepts:
            return True
        telling = [c for c in concepts - _PLAIN_CONCEPTS if self.lexicon.concepts[c].weight >= 1.0]
        return len(telling) >= 2

    def _retrieve(
        self, sentence_list: Sequence[Sentence], process: Process, facts: Sequence[Fact]
    ) -> tuple[list[list[EntryMatch]], dict[object, list[EntryMatch]]]:
        """Nearest entries of the telling sentences and of the steps and
        handoffs that process facts point at, in ONE chroma query (a sentence
        said twice is asked once)."""
        unique = list(dict.fromkeys(s.text for s in sentence_list))
        texts = list(unique)
        keys: list[str] = []
        steps = {step.id: step for step in process.steps}
        for step_id in dict.fromkeys(step_id for fact in facts for step_id in fact.step_ids):
            step = steps[step_id]
            keys.append(step_id)
            texts.append(" ".join(filter(None, [step.action, step.actor, step.system])))
        for fact in facts:
            if len(fact.step_ids) >= 2:
                start, end = steps[fact.step_ids[0]], steps[fact.step_ids[1]]
                keys.append(">".join(fact.step_ids[:2]))
                texts.append(f"{start.action} ({start.actor}) → {end.action} ({end.actor})")
        if not texts:
            return [], {}
        results = self.store.search_many(texts, k=5, depth=RETRIEVAL_DEPTH)
        per_text = dict(zip(unique, results, strict=False))
        by_step: dict[object, list[EntryMatch]] = dict(zip(keys, results[len(unique) :], strict=True))
        return [per_text[s.text] for s in sentence_list], by_step

    # -- output -------------------------------------------------------------------

    def _entries_for(
        self, chosen: list[_Candidate], matches: dict[object, list[EntryMatch]]
    ) -> dict[str, AntiPattern]:
        """For each category, the catalogue entry nearest to its evidence: the
        sentences quoted, and the steps and handoffs of its facts. Categories
        whose evidence retrieved no entry of their own are looked up in one
        more query, restricted to those categories."""
        best: dict[str, dict[str, float]] = {}
        for candidate in chosen:
            scores = best.setdefault(candidate.category, {})
            weighted = [(key, s) for s, unit in candidate.pieces for key in unit.keys]
            for fact in candidate.facts:
                weighted += [(step_id, fact.strength) for step_id in fact.step_ids]
                weighted.append((">".join(fact.step_ids[:2]), fact.strength))
            for key, strength in weighted:
                for match in matches.get(key, []):
                    if match.category == candidate.category:
                        scores[match.entry_id] = scores.get(match.entry_id, 0.0) + match.similarity * strength
        missing = [c for c in chosen if not best[c.category]]
        if missing:
            texts = [
                " ".join(unit.text for _, unit in c.pieces) or " ".join(f.values[0][1] for f in c.facts)
                for c in missing
            ]
            categories = [c.category for c in missing]
            results = self.store.search_many(texts, k=5, category=categories, depth=RETRIEVAL_DEPTH)
            for candidate, found in zip(missing, results, strict=True):
                for match in found:
                    if match.category == candidate.category:
                        best[candidate.category][match.entry_id] = match.similarity
                        break
        chosen_entries: dict[str, AntiPattern] = {}
        for category, scores in best.items():
            entry = self.store.entry(max(scores, key=lambda key: scores[key])) if scores else None
            entry = entry or next((e for e in self.store.entries.values() if e.category == category), None)
            if entry is not None:
                chosen_entries[category] = entry
        return chosen_entries

    def _evidence_text(self, candidate: _Candidate, quotes: list[Quote], language: Language) -> str:
        texts = _texts()
        labels = texts["labels"][language]
        parts = [texts["why"][candidate.category][language]]
        parts.append("; ".join(format_quote(q, labels) for q in quotes))
        for fact in candidate.facts[:1]:
            values = dict(fact.values)
            values["hours"] = _duration(values["hours"], labels)
            parts.append(texts["facts"][fact.kind][language].format(**values))
        return " ".join(part for part in parts if part)


def _retrieval_support(matches: Sequence[EntryMatch]) -> dict[str, float]:
    support: dict[str, float] = {}
    for match in matches[:RETRIEVAL_TOP]:
        share = (match.similarity - RETRIEVAL_FLOOR) / (RETRIEVAL_CEILING - RETRIEVAL_FLOOR)
        strength = RETRIEVAL_MAX * max(0.0, min(1.0, share))
        if strength > support.get(match.category, 0.0):
            support[match.category] = strength
    return support


def _distinct_facts(facts: list[Fact]) -> list[Fact]:
    """Facts of one category that concern different steps, strongest first."""
    seen: set[tuple[str, ...]] = set()
    kept: list[Fact] = []
    for fact in sorted(facts, key=lambda f: f.strength, reverse=True):
        if fact.step_ids not in seen:
            seen.add(fact.step_ids)
            kept.append(fact)
    return kept


def _quotes(candidate: _Candidate) -> list[Quote]:
    """The quotes a finding shows: its strongest units first, then the facts'."""
    quotes: list[Quote] = []
    for _, unit in candidate.pieces:
        quotes.extend(q for q in unit.quotes if q not in quotes)
    for fact in candidate.facts:
        quotes.extend(q for q in fact.quotes if q not in quotes)
    interviewee = [q for q in quotes if not q.question]
    shown = interviewee[:QUOTES_SHOWN]
    # Keep a question only together with the answer it frames.
    return [q for q in quotes if q in shown or (q.question and any(a.turn == q.turn + 1 for a in shown))]


def _step_ids(candidate: _Candidate, process: Process) -> list[str]:
    ids = [step_id for fact in candidate.facts for step_id in fact.step_ids]
    quoted = [(q.turn, q.text) for _, unit in candidate.pieces[:QUOTES_SHOWN] for q in unit.quotes]
    for step in process.steps:
        for evidence in step.evidence:
            if any(
                evidence.turn == turn and (evidence.quote in text or text in evidence.quote)
                for turn, text in quoted
            ):
                ids.append(step.id)
    return list(dict.fromkeys(ids))


def _duration(hours: str, labels: dict[str, str]) -> str:
    if not hours:
        return ""
    value = float(hours)
    if value >= 48:
        return labels["days"].format(days=f"{value / 24:.3g}")
    return labels["hours"].format(hours=f"{value:g}")


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))
    return data

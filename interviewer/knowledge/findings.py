"""Findings: which anti-patterns apply to an interviewed process, where, and why.

For each category the finder gathers evidence of three kinds and combines it:

1. indicator rules: concepts said together in a sentence (data/indicators.yaml);
2. retrieval: the interviewee's sentences that name anything telling, and the
   steps and handoffs the process facts point at, are embedded and matched
   against the catalogue in ONE chroma query; a sentence whose nearest entry
   belongs to a category supports it in proportion to the similarity;
3. process facts (facts.py): loops, waits before sign-offs, waits at handoffs.

A category's score is the noisy-or of its strongest non-overlapping pieces of
evidence; categories above THRESHOLD become findings, each pointing to the
catalogue entry nearest to its evidence. Every finding quotes the interview.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from interviewer.knowledge.candidate import (
    EVIDENCE_PIECES,
    Candidate,
    distinct_facts,
    evidence_text,
    quotes_of,
    step_ids_of,
)
from interviewer.knowledge.evidence import (
    Quote,
    Sentence,
    Unit,
    build_units,
    interviewee_sentences,
    non_overlapping,
)
from interviewer.knowledge.facts import Fact, FactFinder
from interviewer.knowledge.indicators import Indicators, default_indicators
from interviewer.knowledge.lexicon import Lexicon, default_lexicon
from interviewer.models import CATEGORIES, Finding, Language, Process, Transcript

if TYPE_CHECKING:
    from interviewer.knowledge.catalogue_model import AntiPattern
    from interviewer.knowledge.memory import Memory
    from interviewer.knowledge.store import EntryMatch, VectorStore

# Set on eval/cases/*.yaml (category recall and precision in both languages):
THRESHOLD = 0.6
# Retrieval support: similarity mapped linearly from RETRIEVAL_FLOOR (nothing)
# to RETRIEVAL_CEILING (RETRIEVAL_MAX), counted only for the top entries.
RETRIEVAL_FLOOR = 0.6
RETRIEVAL_CEILING = 0.95
RETRIEVAL_MAX = 0.6
RETRIEVAL_TOP = 2
RUNNER_UP_SHARE = 0.95
# A sentence usually describes one problem: categories other than its
# strongest one get this share of their strength.
SECONDARY_SHARE = 0.75
# Documents ranked per retrieval text: the finder needs the nearest few
# entries of each sentence, not a full ranking (and chroma's time grows with it).
RETRIEVAL_DEPTH = 16
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
        chosen = [c for c in candidates if c.score >= self.threshold and c.grounded and quotes_of(c)]
        chosen.sort(key=lambda c: c.score, reverse=True)
        entries = self._entries_for(chosen, matches)
        findings: list[Finding] = []
        for candidate in chosen:
            entry = entries.get(candidate.category)
            if entry is None:  # the catalogue has no entry of this category
                continue
            quotes = quotes_of(candidate, self._telling_for(candidate.category))
            findings.append(
                Finding(
                    id=f"f{len(findings) + 1}",
                    category=candidate.category,
                    anti_pattern_id=entry.id,
                    title=getattr(entry.title, language),
                    step_ids=step_ids_of(candidate, process),
                    score=round(min(1.0, candidate.score), 3),
                    evidence=evidence_text(candidate, quotes, language),
                    evidence_turns=sorted({q.turn for q in quotes}),
                )
            )
        if self.memory is not None and findings:
            findings = self.memory.with_similar_cases(findings, transcript.case_id)
        return findings

    # -- evidence -----------------------------------------------------------------

    def candidates(
        self, process: Process, transcript: Transcript
    ) -> tuple[list[Candidate], dict[object, list[EntryMatch]]]:
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
            Candidate(
                category,
                sorted(
                    non_overlapping(per_category[category], EVIDENCE_PIECES)
                    + non_overlapping(by_retrieval[category], EVIDENCE_PIECES),
                    key=lambda piece: piece[0],
                    reverse=True,
                )[:EVIDENCE_PIECES],
                distinct_facts(facts_by_category.get(category, [])),
            )
            for category in CATEGORIES
        ]
        return candidates, matches

    def _telling_for(self, category: str) -> Callable[[Quote], bool]:
        """Whether a quote names a concept of this category's indicator rules."""
        wanted = self.indicators.concepts_of(category)

        def telling(quote: Quote) -> bool:
            return bool(wanted.intersection(self.lexicon.analyse(quote.text).concepts))

        return telling

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
        for first, second in dict.fromkeys(tuple(f.step_ids[:2]) for f in facts if len(f.step_ids) >= 2):
            start, end = steps[first], steps[second]
            keys.append(f"{first}>{second}")
            texts.append(f"{start.action} ({start.actor}) → {end.action} ({end.actor})")
        if not texts:
            return [], {}
        results = self.store.search_many(texts, k=5, depth=RETRIEVAL_DEPTH)
        per_text = dict(zip(unique, results, strict=False))
        by_step: dict[object, list[EntryMatch]] = dict(zip(keys, results[len(unique) :], strict=True))
        return [per_text[s.text] for s in sentence_list], by_step

    # -- output -------------------------------------------------------------------

    def _entries_for(
        self, chosen: list[Candidate], matches: dict[object, list[EntryMatch]]
    ) -> dict[str, AntiPattern]:
        """For each category, the catalogue entry nearest to its evidence: the
        sentences quoted, and the steps and handoffs of its facts. Categories
        whose evidence retrieved no entry of their own are looked up in one
        more query, restricted to those categories."""
        best: dict[str, dict[str, float]] = {}
        for candidate in chosen:
            scores = best.setdefault(candidate.category, {})
            weighted: list[tuple[object, float]] = [
                (key, s) for s, unit in candidate.pieces for key in unit.keys
            ]
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


def _retrieval_support(matches: Sequence[EntryMatch]) -> dict[str, float]:
    """Support of a sentence for the categories of its nearest entries; a
    runner-up counts only when it is nearly as close as the best."""
    support: dict[str, float] = {}
    top = matches[0].similarity if matches else 0.0
    for match in matches[:RETRIEVAL_TOP]:
        if match.similarity < RUNNER_UP_SHARE * top:
            break
        share = (match.similarity - RETRIEVAL_FLOOR) / (RETRIEVAL_CEILING - RETRIEVAL_FLOOR)
        strength = RETRIEVAL_MAX * max(0.0, min(1.0, share))
        if strength > support.get(match.category, 0.0):
            support[match.category] = strength
    return support

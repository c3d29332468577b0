"""A category's candidate finding: its evidence, its score, and how it is
written up (quotes, steps, the evidence text in the interview's language).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from interviewer.knowledge.evidence import Quote, Unit, format_quote
from interviewer.knowledge.facts import Fact
from interviewer.models import Category, Language, Process

TEXTS_FILE = Path(__file__).parent / "data" / "findings.yaml"

# How many pieces of evidence a category's score and its text are built from,
# and how much the second and third piece count: three weak hints are not
# as good as one clear statement.
EVIDENCE_PIECES = 3
PIECE_WEIGHTS = (1.0, 0.6, 0.3)
QUOTES_SHOWN = 2
# Process facts support what the interviewee says; alone they make a finding
# only when they are strong (a loop back in the process). Otherwise a finding
# needs a statement of at least this strength.
MIN_STATEMENT = 0.3
STRONG_FACT = 0.6


@dataclass
class Candidate:
    """One category with the evidence gathered for it."""

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


def distinct_facts(facts: list[Fact]) -> list[Fact]:
    """Facts of one category that concern different steps, strongest first."""
    seen: set[tuple[str, ...]] = set()
    kept: list[Fact] = []
    for fact in sorted(facts, key=lambda f: f.strength, reverse=True):
        if fact.step_ids not in seen:
            seen.add(fact.step_ids)
            kept.append(fact)
    return kept


def evidence_text(candidate: Candidate, quotes: list[Quote], language: Language) -> str:
    """Why the finding applies, in the interview's language, with its quotes."""
    texts = _texts()
    labels = texts["labels"][language]
    parts = [texts["why"][candidate.category][language]]
    parts.append("; ".join(format_quote(q, labels) for q in quotes))
    for fact in candidate.facts[:1]:
        values = dict(fact.values)
        values["hours"] = _duration(values["hours"], labels)
        parts.append(texts["facts"][fact.kind][language].format(**values))
    return " ".join(part for part in parts if part)


def quotes_of(candidate: Candidate, telling: Callable[[Quote], bool] | None = None) -> list[Quote]:
    """The quotes a finding shows: its strongest units first, then the facts'.
    Of a unit of several sentences, only those that `telling` accepts (the
    ones that name what the category is about), when there are any."""
    quotes: list[Quote] = []
    for _, unit in candidate.pieces:
        kept = [q for q in unit.quotes if q.question or telling is None or telling(q)]
        if not any(not q.question for q in kept):
            kept = list(unit.quotes)
        quotes.extend(q for q in kept if q not in quotes)
    for fact in candidate.facts:
        quotes.extend(q for q in fact.quotes if q not in quotes)
    interviewee = [q for q in quotes if not q.question]
    shown = interviewee[:QUOTES_SHOWN]
    # Keep a question only together with the answer it frames.
    return [q for q in quotes if q in shown or (q.question and any(a.turn == q.turn + 1 for a in shown))]


def step_ids_of(candidate: Candidate, process: Process) -> list[str]:
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

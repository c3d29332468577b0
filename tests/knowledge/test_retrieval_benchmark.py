"""Issue 3's retrieval figures as CI floors: the offline concept embedding
against plain word hashing, measured in the same run, on the labelled queries
(eval/retrieval/queries.yaml, 147) and on a second, held-out set written
without sight of the concept lexicon (queries-holdout.yaml, 65).

Measured 2026-11-26: queries.yaml recall@3 0.97 vs 0.44 (hashing);
held-out 0.75 vs 0.37. The lexicon was extended after reading the misses on
queries.yaml, so its figure is optimistic; the held-out one is the honest
figure. Floors sit a little below the measurements.
"""

from __future__ import annotations

from functools import cache

import pytest

from interviewer.evaluation.retrieval import BenchmarkResult, load_queries, run_benchmark
from interviewer.knowledge.catalogue import load_catalogue
from tests.conftest import REPO

QUERIES = REPO / "eval" / "retrieval"


@cache
def benchmark(name: str) -> BenchmarkResult:
    return run_benchmark(load_queries(QUERIES / name), load_catalogue())


@pytest.mark.parametrize(
    ("name", "floor"),
    [("queries.yaml", 0.93), ("queries-holdout.yaml", 0.70)],
)
def test_offline_embedding_recall_at_3(name: str, floor: float) -> None:
    scores = benchmark(name).scores
    concepts = scores["interviewer-concepts"]
    hashing = scores["interviewer-hashing"]
    assert concepts["all"].recall_at_3 >= floor
    assert concepts["all"].recall_at_3 - hashing["all"].recall_at_3 >= 0.25
    # Cross-lingual queries are where hashing words cannot help at all.
    assert concepts["cross-lingual"].recall_at_3 >= 0.7

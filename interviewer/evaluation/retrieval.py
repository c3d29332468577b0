"""Retrieval benchmark: labelled staff-language queries against the catalogue.

Each query (eval/retrieval/queries.yaml: id, lang, query, categories,
cross_lingual) names the categories that should come back. A query hits when
one of its categories is among the categories of the top-3 retrieved entries
(recall@3); MRR uses the rank of the first entry of a right category. A
cross-lingual query searches only the documents of the other language, so a
German query must find English text and the other way round.

The offline concept embedding and plain word hashing run side by side on the
same catalogue, each in its own temporary Chroma store.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from interviewer.errors import InputError
from interviewer.models import CATEGORIES, LANGUAGES

if TYPE_CHECKING:
    from interviewer.knowledge.catalogue_model import AntiPattern
    from interviewer.knowledge.embedding import EmbeddingBase

DEFAULT_QUERIES = Path("eval") / "retrieval" / "queries.yaml"
GROUPS = ("en", "de", "cross-lingual", "all")
TOP = 3
RANKED = 10


@dataclass(frozen=True)
class Query:
    id: str
    lang: str
    query: str
    categories: tuple[str, ...]
    cross_lingual: bool


@dataclass
class Scores:
    hits: int = 0
    reciprocal_ranks: float = 0.0
    count: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall_at_3(self) -> float:
        return self.hits / self.count if self.count else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.count if self.count else 0.0


@dataclass
class BenchmarkResult:
    queries: int
    entries: int
    # embedding name -> group -> scores
    scores: dict[str, dict[str, Scores]]


def load_queries(path: Path) -> list[Query]:
    """Read and check the labelled queries; errors name the file and the item."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{path}: cannot read the queries: {error}") from error
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML: {error}") from error
    items = data.get("queries", data) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError(f"{path}: expected a list of queries")
    queries: list[Query] = []
    for number, item in enumerate(items, start=1):
        where = f"{path}: query {number}"
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected a mapping with id, lang, query, categories")
        categories = item.get("categories")
        if not isinstance(categories, list) or not categories:
            raise InputError(f"{where}: field 'categories' must be a non-empty list")
        unknown = [c for c in categories if c not in CATEGORIES]
        if unknown:
            raise InputError(f"{where}: field 'categories': unknown {unknown}")
        if item.get("lang") not in LANGUAGES:
            raise InputError(f"{where}: field 'lang' must be 'en' or 'de'")
        if not isinstance(item.get("query"), str) or not item["query"].strip():
            raise InputError(f"{where}: field 'query' must be a non-empty string")
        queries.append(
            Query(
                id=str(item.get("id", number)),
                lang=item["lang"],
                query=item["query"],
                categories=tuple(categories),
                cross_lingual=bool(item.get("cross_lingual", False)),
            )
        )
    return queries


def evaluate(store: Any, queries: Sequence[Query]) -> dict[str, Scores]:
    """Scores per group for one store (a knowledge.store.VectorStore)."""
    scores = {group: Scores() for group in GROUPS}
    for cross in (False, True):
        for lang in LANGUAGES:
            selected = [q for q in queries if q.cross_lingual == cross and q.lang == lang]
            if not selected:
                continue
            # Cross-lingual queries may only find documents of the other language.
            only = ("de" if lang == "en" else "en") if cross else None
            results = store.search_many([q.query for q in selected], k=RANKED, language=only)
            for query, matches in zip(selected, results, strict=True):
                categories = [m.category for m in matches]
                rank = next((i for i, c in enumerate(categories, 1) if c in query.categories), None)
                for group in ("cross-lingual" if cross else lang, "all"):
                    target = scores[group]
                    target.count += 1
                    if rank is not None and rank <= TOP:
                        target.hits += 1
                    else:
                        target.misses.append(query.id)
                    target.reciprocal_ranks += 1.0 / rank if rank else 0.0
    return scores


def run_benchmark(
    queries: Sequence[Query],
    entries: Sequence[AntiPattern],
    embeddings: Sequence[EmbeddingBase] | None = None,
) -> BenchmarkResult:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from interviewer.knowledge.embedding import ConceptEmbedding, HashingEmbedding
    from interviewer.knowledge.store import VectorStore

    chosen = list(embeddings) if embeddings is not None else [ConceptEmbedding(), HashingEmbedding()]
    scores: dict[str, dict[str, Scores]] = {}
    with tempfile.TemporaryDirectory(prefix="interviewer-bench-") as directory:
        client = chromadb.PersistentClient(
            path=directory, settings=ChromaSettings(anonymized_telemetry=False)
        )
        for embedding in chosen:
            store = VectorStore(client, embedding, entries, prune=False)
            store.ensure_index()
            scores[embedding.name()] = evaluate(store, queries)
    return BenchmarkResult(queries=len(queries), entries=len(entries), scores=scores)


def format_table(result: BenchmarkResult) -> str:
    names = list(result.scores)
    header = f"{'group':<14} {'n':>4}" + "".join(f"  {name + ' R@3':>24} {'MRR':>6}" for name in names)
    lines = [
        f"Retrieval benchmark: {result.queries} queries, {result.entries} catalogue entries",
        header,
        "-" * len(header),
    ]
    for group in GROUPS:
        first = result.scores[names[0]][group] if names else Scores()
        if not first.count:
            continue
        row = f"{group:<14} {first.count:>4}"
        for name in names:
            scores = result.scores[name][group]
            row += f"  {scores.recall_at_3:>24.3f} {scores.mrr:>6.3f}"
        lines.append(row)
    return "\n".join(lines)


def as_dict(result: BenchmarkResult) -> dict[str, Any]:
    return {
        "queries": result.queries,
        "entries": result.entries,
        "scores": {
            name: {
                group: {
                    "n": s.count,
                    "recall_at_3": round(s.recall_at_3, 4),
                    "mrr": round(s.mrr, 4),
                    "misses": s.misses,
                }
                for group, s in groups.items()
                if s.count
            }
            for name, groups in result.scores.items()
        },
    }

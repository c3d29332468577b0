"""Organisational memory: the findings of every analysed interview, kept in a
second collection ("findings-memory"), so that a new analysis can say "a
similar problem was found in <case>" across interviews.

A problem counts as similar when it has the same category and either the
same catalogue entry or a close description. Re-analysing a case replaces its
entries. When the embedding changes, the stored findings are re-embedded from
their documents: nothing remembered is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from interviewer.knowledge.sources import chroma_client, embedding_from_settings, embedding_key

if TYPE_CHECKING:
    from interviewer.knowledge.embedding import EmbeddingBase
    from interviewer.models import AnalysisResult, Finding
    from interviewer.settings import Settings

COLLECTION = "findings-memory"
SIMILAR_MIN = 0.45
MAX_SIMILAR_CASES = 5
_CANDIDATES = 25


def memory_document(finding: Finding) -> str:
    """What is embedded for a finding: what went wrong and where it showed."""
    return f"{finding.title}. {finding.evidence}"


def _metadata(result: AnalysisResult, finding: Finding) -> dict[str, str]:
    return {
        "case_id": result.case_id,
        "category": finding.category,
        "anti_pattern_id": finding.anti_pattern_id,
        "finding_id": finding.id,
        "language": result.language,
        "created_at": result.created_at.isoformat(),
    }


def _comparable(metadata: Any) -> dict[str, Any]:
    """Metadata without the time stamp: what makes a stored finding different."""
    return {key: value for key, value in dict(metadata or {}).items() if key != "created_at"}


class Memory:
    def __init__(self, client: Any, embedding: EmbeddingBase) -> None:
        self.client = client
        self.embedding = embedding
        self._key = embedding_key(embedding)
        self._collection: Any = None

    @classmethod
    def from_settings(cls, settings: Settings, *, embedding: EmbeddingBase | None = None) -> Memory:
        return cls(chroma_client(settings), embedding or embedding_from_settings(settings))

    def collection(self) -> Any:
        if self._collection is None:
            self._collection = self._open()
        return self._collection

    def _open(self) -> Any:
        try:
            collection = self.client.get_or_create_collection(
                COLLECTION,
                embedding_function=self.embedding,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedding": self._key},
            )
        except ValueError:  # chroma refuses a different embedding function
            return self._reembed(self.client.get_collection(COLLECTION))
        if (collection.metadata or {}).get("embedding") != self._key:
            return self._reembed(collection)
        return collection

    def _reembed(self, old: Any) -> Any:
        stored = old.get(include=["documents", "metadatas"])
        self.client.delete_collection(COLLECTION)
        fresh = self.client.create_collection(
            COLLECTION,
            embedding_function=self.embedding,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding": self._key},
        )
        if stored["ids"]:
            fresh.add(
                ids=stored["ids"],
                documents=stored["documents"],
                metadatas=stored["metadatas"],
                embeddings=self.embedding.embed(stored["documents"]),
            )
        return fresh

    # -- writing ------------------------------------------------------------------

    def remember(self, result: AnalysisResult) -> None:
        """Keep the findings of this analysis, replacing earlier ones of the case."""
        self.remember_many([result])

    def remember_many(self, results: Sequence[AnalysisResult]) -> None:
        """Keep the findings of many analyses in one write (a batch).

        Only what changed is written: chroma's writes cost far more than its
        reads, and re-analysing a case often finds the same problems again.
        """
        if not results:
            return
        collection = self.collection()
        latest = {result.case_id: result for result in results}  # the last analysis of a case wins
        stored = collection.get(
            where={"case_id": {"$in": sorted(latest)}}, include=["documents", "metadatas"]
        )
        before = {
            doc_id: (document, _comparable(meta))
            for doc_id, document, meta in zip(
                stored["ids"], stored["documents"], stored["metadatas"], strict=True
            )
        }
        fresh: dict[str, tuple[str, dict[str, str]]] = {}
        for result in latest.values():
            for finding in result.findings:
                fresh[f"{result.case_id}|{finding.id}"] = (
                    memory_document(finding),
                    _metadata(result, finding),
                )
        gone = [doc_id for doc_id in before if doc_id not in fresh]
        if gone:
            collection.delete(ids=gone)
        changed = [
            doc_id
            for doc_id, (document, meta) in fresh.items()
            if before.get(doc_id) != (document, _comparable(meta))
        ]
        if changed:
            documents = [fresh[doc_id][0] for doc_id in changed]
            collection.upsert(
                ids=changed,
                documents=documents,
                embeddings=self.embedding.embed(documents),
                metadatas=[fresh[doc_id][1] for doc_id in changed],
            )

    def forget(self, case_id: str) -> None:
        self.collection().delete(where={"case_id": case_id})

    def cases(self) -> list[str]:
        metadatas = self.collection().get(include=["metadatas"])["metadatas"] or []
        return sorted({str(meta["case_id"]) for meta in metadatas})

    # -- reading ------------------------------------------------------------------

    def similar_cases(self, findings: Sequence[Finding], case_id: str) -> list[list[str]]:
        """For each finding, earlier cases with a similar problem, most similar first."""
        collection = self.collection()
        answers: list[list[str]] = [[] for _ in findings]
        if not findings:
            return answers
        stored = collection.count()  # one call: each costs about a millisecond
        if stored == 0:
            return answers
        categories = sorted({f.category for f in findings})
        result = collection.query(
            query_embeddings=self.embedding.embed([memory_document(f) for f in findings]),
            n_results=min(_CANDIDATES * len(categories), stored),
            where={"$and": [{"category": {"$in": categories}}, {"case_id": {"$ne": case_id}}]},
            include=["metadatas", "distances"],
        )
        for index, (metas, distances) in enumerate(
            zip(result["metadatas"], result["distances"], strict=True)
        ):
            finding = findings[index]
            cases: list[str] = []
            for meta, distance in zip(metas, distances, strict=True):
                if meta["category"] != finding.category or meta["case_id"] in cases:
                    continue
                if meta["anti_pattern_id"] == finding.anti_pattern_id or 1.0 - float(distance) >= SIMILAR_MIN:
                    cases.append(str(meta["case_id"]))
            answers[index] = cases[:MAX_SIMILAR_CASES]
        return answers

    def with_similar_cases(self, findings: list[Finding], case_id: str) -> list[Finding]:
        similar = self.similar_cases(findings, case_id)
        return [
            f.model_copy(update={"similar_cases": cases}) for f, cases in zip(findings, similar, strict=True)
        ]

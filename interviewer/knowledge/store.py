"""The vector store seam over chroma: the anti-pattern index.

One collection per catalogue and embedding: its name carries a short hash of
both ("anti-patterns-3f9c0a1b2c4d"), so a changed catalogue or embedding
simply means another collection, built on first use; stale ones are deleted.
Building is idempotent (upsert with stable ids) and marked complete only at
the end, so two worker processes starting at once cannot leave half an index.

Each entry is indexed as several documents per language, because staff talk
in short situations, not in catalogue prose: the title with the description,
each signal phrase on its own (after the title, which anchors a short phrase
to its topic), and the title with all signals. An entry's similarity to a
query is its best document, with a bonus when several of its documents agree.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from interviewer.knowledge.sources import chroma_client, embedding_from_settings, embedding_key, load_entries
from interviewer.lru import LRUCache

if TYPE_CHECKING:
    from interviewer.knowledge.catalogue_model import AntiPattern
    from interviewer.knowledge.embedding import EmbeddingBase
    from interviewer.settings import Settings

PREFIX = "anti-patterns-"
# Bump when the documents built per entry change: it changes the index key.
DOCUMENT_LAYOUT = 2
# How much a second and third matching document of the same entry add.
_AGREEMENT_BONUS = (0.0, 0.15, 0.1)
# Query results kept per (text, options): a live interview re-analyses the
# whole transcript after every answer and a batch meets the same stock
# phrases again, while chroma costs ~0.17 ms per text. The index behind a
# store never changes its content (its name is a hash of catalogue and
# embedding), so a remembered answer stays right; the bound caps memory.
_RESULT_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class EntryMatch:
    """An entry retrieved for one query text."""

    entry_id: str
    category: str
    similarity: float  # 0..1
    matched_text: str  # the document that matched best
    language: str


def entry_documents(entry: AntiPattern) -> list[tuple[str, str, dict[str, str | int]]]:
    """(id, text, metadata) of every document indexed for an entry."""
    documents: list[tuple[str, str, dict[str, str | int]]] = []
    settings = ",".join(entry.settings)
    for language in ("en", "de"):
        title = getattr(entry.title, language)
        signals = getattr(entry.signals, language)
        base: dict[str, str | int] = {
            "entry_id": entry.id,
            "category": entry.category,
            "language": language,
            "settings": settings,
        }
        description = f"{title}. {getattr(entry.description, language)}"
        documents.append((f"{entry.id}|{language}|entry", description, base | {"kind": "entry"}))
        documents.append(
            (f"{entry.id}|{language}|signals", f"{title}. " + ". ".join(signals), base | {"kind": "signals"})
        )
        for number, signal in enumerate(signals):
            documents.append(
                (f"{entry.id}|{language}|s{number}", f"{title}. {signal}", base | {"kind": "signal"})
            )
    return documents


def index_key(fingerprint: str, embedding: EmbeddingBase) -> str:
    blob = f"{fingerprint}|{embedding_key(embedding)}|{DOCUMENT_LAYOUT}"
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


class VectorStore:
    """The anti-pattern index in one chroma collection."""

    def __init__(
        self, client: Any, embedding: EmbeddingBase, entries: Sequence[AntiPattern], *, prune: bool = True
    ) -> None:
        """`prune`: delete other anti-pattern collections (stale indexes) when building."""
        from interviewer.knowledge.catalogue import catalogue_fingerprint

        self.client = client
        self.prune = prune
        self.embedding = embedding
        self.entries = {entry.id: entry for entry in entries}
        self.fingerprint = catalogue_fingerprint(entries)
        self.key = index_key(self.fingerprint, embedding)
        self.name = PREFIX + self.key
        self._collection: Any = None
        self._results: LRUCache[tuple[str, Hashable], list[EntryMatch]] = LRUCache(_RESULT_CACHE_SIZE)
        self._query_lock = threading.Lock()
        self.documents = sum(4 + len(e.signals.en) + len(e.signals.de) for e in entries)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        entries: Sequence[AntiPattern] | None = None,
        embedding: EmbeddingBase | None = None,
    ) -> VectorStore:
        return cls(
            chroma_client(settings),
            embedding or embedding_from_settings(settings),
            load_entries(settings) if entries is None else entries,
        )

    # -- building ---------------------------------------------------------------

    def collection(self) -> Any:
        """The collection, built first when it does not exist or is incomplete."""
        if self._collection is None:
            self.ensure_index()
        return self._collection

    def ensure_index(self, *, force: bool = False) -> bool:
        """Build the index unless a complete one exists; True when it was built."""
        existing = {c.name if hasattr(c, "name") else str(c) for c in self.client.list_collections()}
        for name in existing:
            if self.prune and name.startswith(PREFIX) and name != self.name:
                self._delete(name)
        if force and self.name in existing:
            self._delete(self.name)
        collection = self.client.get_or_create_collection(
            self.name,
            embedding_function=self.embedding,
            configuration={"hnsw": {"space": "cosine"}},
            metadata=self._metadata(complete=False),
        )
        self._collection = collection
        if not force and (collection.metadata or {}).get("complete") is True:
            return False
        self._build(collection)
        return True

    def _delete(self, name: str) -> None:
        try:
            self.client.delete_collection(name)
        except Exception:  # another process deleted it first: the goal is reached
            return

    def _metadata(self, *, complete: bool) -> dict[str, str | int | bool]:
        return {
            "catalogue": self.fingerprint[:16],
            "embedding": embedding_key(self.embedding),
            "entries": len(self.entries),
            "complete": complete,
        }

    def _build(self, collection: Any) -> None:
        self._results.clear()
        documents = [doc for entry in self.entries.values() for doc in entry_documents(entry)]
        if documents:
            vectors = self.embedding.embed([text for _, text, _ in documents])
            batch = max(1, int(self.client.get_max_batch_size()))
            for start in range(0, len(documents), batch):
                chunk = documents[start : start + batch]
                collection.upsert(
                    ids=[doc_id for doc_id, _, _ in chunk],
                    documents=[text for _, text, _ in chunk],
                    metadatas=[meta for _, _, meta in chunk],
                    embeddings=vectors[start : start + batch],
                )
        collection.modify(metadata=self._metadata(complete=True))

    # -- querying ---------------------------------------------------------------

    def entry(self, entry_id: str) -> AntiPattern | None:
        return self.entries.get(entry_id)

    def search(
        self, text: str, *, k: int = 5, category: str | None = None, language: str | None = None
    ) -> list[EntryMatch]:
        """Top-k entries for one text, with the text of the best document."""
        return self.search_many([text], k=k, category=category, language=language, with_text=True)[0]

    def search_many(
        self,
        texts: Sequence[str],
        *,
        k: int = 5,
        category: str | Sequence[str] | None = None,
        language: str | None = None,
        depth: int | None = None,
        with_text: bool = False,
    ) -> list[list[EntryMatch]]:
        """Top-k entries for each text, in one chroma query. `depth`: how many
        documents to rank (default: enough for k entries of many documents);
        `with_text`: fetch the matched documents' text (costs time).

        Only texts not asked before with the same options are sent to chroma
        (each text's answer does not depend on the others in the query)."""
        if not texts:
            return []
        categories = category if category is None or isinstance(category, str) else tuple(category)
        options = (k, categories, language, depth, with_text)
        known: dict[str, list[EntryMatch]] = {}
        missing: list[str] = []
        for text in dict.fromkeys(texts):
            cached = self._results.get((text, options))
            if cached is None:
                missing.append(text)
            else:
                known[text] = cached
        if missing:
            found = self.query_vectors(
                self.embedding.embed(missing),
                k=k,
                category=category,
                language=language,
                depth=depth,
                with_text=with_text,
            )
            for text, matches in zip(missing, found, strict=True):
                self._results.put((text, options), matches)
                known[text] = matches
        return [list(known[text]) for text in texts]

    def query_vectors(
        self,
        vectors: np.ndarray,
        *,
        k: int = 5,
        category: str | Sequence[str] | None = None,
        language: str | None = None,
        depth: int | None = None,
        with_text: bool = False,
    ) -> list[list[EntryMatch]]:
        from chromadb.errors import NotFoundError

        # Enough documents to rank k entries when each entry has several documents.
        wanted = min(max(self.documents, 1), depth or max(k * 12, 40))
        # Entry, language and category are read off the document ids: fetching
        # metadata would double chroma's time per query.
        query = {
            "query_embeddings": vectors,
            "n_results": wanted,
            "where": _where(category=category, language=language),
            "include": ["distances", "documents"] if with_text else ["distances"],
        }
        # One chroma query at a time per store: while two threads queried at
        # once (the REST API's pool, an LLM batch's threads), analyses got
        # other neighbours than the same queries made one after the other.
        with self._query_lock:
            try:
                result = self.collection().query(**query)
            except NotFoundError:
                # Another process replaced the index (a newer catalogue): rebuild
                # ours without deleting theirs.
                self._collection, self.prune = None, False
                result = self.collection().query(**query)
        documents = result.get("documents") or [None] * len(result["ids"])
        return [
            self._aggregate(ids, distances, docs, k)
            for ids, distances, docs in zip(result["ids"], result["distances"], documents, strict=True)
        ]

    def _aggregate(
        self, ids: list[str], distances: list[float], docs: list[str] | None, k: int
    ) -> list[EntryMatch]:
        """Document hits -> entry matches: best document plus agreement bonus."""
        per_entry: dict[str, list[tuple[float, str, str]]] = {}
        for number, (doc_id, distance) in enumerate(zip(ids, distances, strict=True)):
            entry_id, language, _ = doc_id.split("|", 2)
            similarity = max(0.0, min(1.0, 1.0 - float(distance)))
            text = docs[number] if docs else ""
            per_entry.setdefault(entry_id, []).append((similarity, text or "", language))
        matches: list[EntryMatch] = []
        for entry_id, hits in per_entry.items():
            entry = self.entries.get(entry_id)
            if entry is None:  # a document of an entry this store does not know
                continue
            hits.sort(key=lambda hit: hit[0], reverse=True)
            best, text, language = hits[0]
            score = best + sum(bonus * hit[0] for bonus, hit in zip(_AGREEMENT_BONUS, hits, strict=False))
            matches.append(EntryMatch(entry_id, entry.category, min(1.0, score), text, language))
        matches.sort(key=lambda match: match.similarity, reverse=True)
        return matches[:k]


def _where(*, category: str | Sequence[str] | None, language: str | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if isinstance(category, str):
        clauses.append({"category": category})
    elif category:
        clauses.append({"category": {"$in": list(category)}})
    if language:
        clauses.append({"language": language})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}

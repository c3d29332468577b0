"""The anti-pattern index in chroma: persistence, keys, rebuilds, queries."""

from __future__ import annotations

from pathlib import Path

from interviewer.knowledge.catalogue_model import AntiPattern
from interviewer.knowledge.embedding import ConceptEmbedding, HashingEmbedding
from interviewer.knowledge.store import PREFIX, VectorStore, entry_documents
from interviewer.settings import Settings
from tests.knowledge.conftest import chroma_at


def anti_pattern_collections(client: object) -> list[str]:
    return sorted(c.name for c in client.list_collections() if c.name.startswith(PREFIX))  # type: ignore[attr-defined]


def test_index_persists_on_disk_and_is_reused(tmp_path: Path, mini_entries: list[AntiPattern]) -> None:
    store = VectorStore(chroma_at(tmp_path), ConceptEmbedding(), mini_entries)
    assert store.ensure_index() is True
    count = store.collection().count()
    assert count == sum(len(entry_documents(e)) for e in mini_entries)

    # A new process would open the same directory: same key, no rebuild.
    again = VectorStore(chroma_at(tmp_path), ConceptEmbedding(), mini_entries)
    assert again.name == store.name
    assert again.ensure_index() is False
    assert again.collection().count() == count
    assert (
        again.search("die Rechnung wartet auf die Unterschrift", k=1)[0].entry_id == "mini-approval-invoices"
    )


def test_changed_catalogue_rebuilds_and_drops_the_stale_index(
    tmp_path: Path, mini_entries: list[AntiPattern]
) -> None:
    client = chroma_at(tmp_path)
    old = VectorStore(client, ConceptEmbedding(), mini_entries)
    old.ensure_index()
    old_count = old.collection().count()

    changed = [e.model_copy(deep=True) for e in mini_entries]
    changed[0].signals.en.append("the boss has not signed it yet")
    new = VectorStore(client, ConceptEmbedding(), changed)
    assert new.key != old.key
    assert new.ensure_index() is True
    assert anti_pattern_collections(client) == [new.name]
    assert new.collection().count() == old_count + 1
    # A process still holding the old store rebuilds its index instead of failing.
    assert old.search("the boss signs the invoice", k=1)[0].entry_id == "mini-approval-invoices"


def test_changed_embedding_gets_its_own_index(tmp_path: Path, mini_entries: list[AntiPattern]) -> None:
    client = chroma_at(tmp_path)
    concept = VectorStore(client, ConceptEmbedding(), mini_entries)
    hashing = VectorStore(client, HashingEmbedding(), mini_entries)
    assert concept.key != hashing.key
    concept.ensure_index()
    hashing.ensure_index()
    assert anti_pattern_collections(client) == [hashing.name]


def test_an_interrupted_build_is_completed(tmp_path: Path, mini_entries: list[AntiPattern]) -> None:
    client = chroma_at(tmp_path)
    store = VectorStore(client, ConceptEmbedding(), mini_entries)
    store.ensure_index()
    # Simulate a process that died half-way: flag incomplete, documents missing.
    collection = store.collection()
    collection.delete(ids=collection.get(limit=3)["ids"])
    collection.modify(metadata=store._metadata(complete=False))
    again = VectorStore(client, ConceptEmbedding(), mini_entries)
    assert again.ensure_index() is True
    assert again.collection().count() == store.documents


def test_queries_filter_and_rank_entries(tmp_path: Path, mini_entries: list[AntiPattern]) -> None:
    store = VectorStore(chroma_at(tmp_path), ConceptEmbedding(), mini_entries)
    results = store.search_many(
        ["we collect the orders and send them on Fridays", "half the claims come back incomplete"], k=4
    )
    assert [r[0].entry_id for r in results] == ["mini-batching-weekly-run", "mini-rework-missing-documents"]
    # Entries, not documents: each entry at most once, best first.
    ids = [m.entry_id for m in results[0]]
    assert len(ids) == len(set(ids))
    assert [m.similarity for m in results[0]] == sorted((m.similarity for m in results[0]), reverse=True)

    only_rework = store.search("the invoice waits for approval", category="rework-loop")
    assert {m.category for m in only_rework} == {"rework-loop"}
    german_only = store.search("invoice approval", language="de", k=2)
    assert {m.language for m in german_only} == {"de"}


def test_metadata_are_scalars(mini_entries: list[AntiPattern]) -> None:
    for _, text, metadata in entry_documents(mini_entries[0]):
        assert text
        assert all(isinstance(value, str | int | float | bool) for value in metadata.values())


def test_from_settings_uses_the_data_directory(settings: Settings, mini_entries: list[AntiPattern]) -> None:
    store = VectorStore.from_settings(settings, entries=mini_entries)
    store.ensure_index()
    assert settings.chroma_path.is_dir()
    assert any(settings.chroma_path.iterdir())

"""Fixtures of the knowledge tests: a small fixture catalogue for store,
memory and CLI tests, and one shared store over the shipped catalogue for
the retrieval tests (built once per test module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.knowledge.catalogue import load_catalogue, load_catalogue_file
from interviewer.knowledge.catalogue_model import AntiPattern
from interviewer.knowledge.embedding import ConceptEmbedding
from interviewer.knowledge.store import VectorStore
from interviewer.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
MINI_CATALOGUE = FIXTURES / "mini-catalogue.yaml"


@pytest.fixture
def mini_entries() -> list[AntiPattern]:
    return load_catalogue_file(MINI_CATALOGUE)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def chroma_at(path: Path) -> object:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


@pytest.fixture(scope="module")
def catalogue_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VectorStore]:
    """The shipped catalogue indexed with the offline embedding."""
    store = VectorStore(chroma_at(tmp_path_factory.mktemp("chroma")), ConceptEmbedding(), load_catalogue())
    store.ensure_index()
    yield store

"""Embeddings from an OpenAI-compatible endpoint: the real openai client
against a loopback server that checks each request against the OpenAI API
description."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from chromadb.utils.embedding_functions import config_to_embedding_function

from interviewer.errors import EngineError
from interviewer.knowledge.catalogue_model import AntiPattern
from interviewer.knowledge.embedding import ConceptEmbedding
from interviewer.knowledge.embedding_openai import OpenAIEmbedding
from interviewer.knowledge.sources import embedding_from_settings, embedding_key
from interviewer.knowledge.store import VectorStore
from interviewer.settings import Settings
from tests.support.openai_server import OpenAITestServer, error
from tests.support.openapi_validation import load_validator


@pytest.fixture
def server() -> Iterator[OpenAITestServer]:
    with OpenAITestServer(validator=load_validator(), embedding_dimensions=16) as running:
        yield running
    assert not running.invalid_requests, "\n".join(running.invalid_requests)


def test_embeds_through_the_endpoint(server: OpenAITestServer) -> None:
    embedding = OpenAIEmbedding(base_url=server.base_url, model="text-embedding-test")
    vectors = embedding.embed(["Freigabe der Rechnung", "", "we type it into SAP again"])
    assert vectors.shape == (3, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    bodies = [r.body for r in server.requests if r.path.endswith("/embeddings")]
    assert bodies and bodies[0]["model"] == "text-embedding-test"
    assert len(bodies[0]["input"]) == 3 and bodies[0]["input"][1] == " "  # no empty strings sent


def test_settings_choose_the_endpoint_and_key_the_index(
    server: OpenAITestServer, settings: Settings, mini_entries: list[AntiPattern]
) -> None:
    remote = settings.model_copy(
        update={"embedding_base_url": server.base_url, "embedding_model": "text-embedding-test"}
    )
    embedding = embedding_from_settings(remote)
    assert isinstance(embedding, OpenAIEmbedding)
    assert isinstance(embedding_from_settings(settings), ConceptEmbedding)
    assert embedding_key(embedding) != embedding_key(ConceptEmbedding())
    assert "api_key" not in embedding.get_config()  # chroma stores the config: never the key

    store = VectorStore.from_settings(remote, entries=mini_entries)
    assert store.ensure_index() is True
    assert store.collection().count() == store.documents
    assert len(store.search("anything", k=2)) == 2

    rebuilt = config_to_embedding_function(
        {"name": embedding.name(), "config": embedding.get_config(), "type": "known"}
    )
    assert isinstance(rebuilt, OpenAIEmbedding) and rebuilt.base_url == server.base_url


def test_endpoint_failure_is_a_clear_engine_error(server: OpenAITestServer) -> None:
    server.overrides["/embeddings"] = error(500, "model not loaded")
    embedding = OpenAIEmbedding(base_url=server.base_url, model="text-embedding-test", max_retries=0)
    with pytest.raises(EngineError, match=r"embedding endpoint .* failed"):
        embedding.embed(["hello"])

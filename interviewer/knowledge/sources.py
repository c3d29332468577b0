"""Where the catalogue comes from, where the store lives, and how the
embedding is chosen: everything that turns Settings into knowledge parts.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from interviewer.errors import ConfigurationError

if TYPE_CHECKING:
    from interviewer.knowledge.catalogue_model import AntiPattern
    from interviewer.knowledge.embedding import EmbeddingBase
    from interviewer.settings import Settings

_CLIENTS: dict[str, Any] = {}


def user_catalogue_dir(settings: Settings) -> Path:
    """Catalogue files the user added with `interviewer patterns add`."""
    return settings.data_dir / "catalogue"


def user_catalogue_files(settings: Settings) -> list[Path]:
    directory = user_catalogue_dir(settings)
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def load_entries(settings: Settings) -> list[AntiPattern]:
    """The shipped catalogue plus the user's own files."""
    from interviewer.knowledge.catalogue import load_catalogue

    return load_catalogue(extra=user_catalogue_files(settings))


def embedding_from_settings(settings: Settings) -> EmbeddingBase:
    """The OpenAI-compatible endpoint when configured, else the offline embedding."""
    if settings.embedding_base_url:
        from interviewer.knowledge.embedding_openai import OpenAIEmbedding

        return OpenAIEmbedding(
            base_url=settings.embedding_base_url,
            model=settings.embedding_model,
            api_key=settings.embedding_api_key.get_secret_value(),
            timeout_seconds=settings.llm_timeout_seconds,
            max_retries=settings.llm_max_retries,
        )
    from interviewer.knowledge.embedding import ConceptEmbedding

    return ConceptEmbedding()


def embedding_key(embedding: EmbeddingBase) -> str:
    """Short hash of an embedding's name and configuration."""
    blob = json.dumps({"name": embedding.name(), "config": embedding.get_config()}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def chroma_client(settings: Settings) -> Any:
    """One chroma client per store location and process: persistent on disk in
    the data directory, or a `chroma run` server when chroma_url is set."""
    key = settings.chroma_url or str(settings.chroma_path)
    client = _CLIENTS.get(key)
    if client is None:
        client = _make_client(settings)
        _CLIENTS[key] = client
    return client


def _make_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    # Nothing phones home: no telemetry from the client either way.
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigurationError(
                f"chroma_url must look like http://host:port, got {settings.chroma_url!r}"
            )
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        try:
            return chromadb.HttpClient(host=url.hostname, port=port, ssl=ssl, settings=chroma_settings)
        except Exception as error:  # chroma raises plain exceptions when the server is down
            raise ConfigurationError(
                f"cannot reach the Chroma server at {settings.chroma_url}: {error}"
            ) from error
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)

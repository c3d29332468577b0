"""The knowledge base: anti-pattern catalogue, embeddings, the vector store,
findings and the organisational memory.

`build_finder(settings)` is what the rest of the tool calls. It is cheap to
call once per worker process: the parts are cached per configuration, and the
index is built (or found) on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.knowledge.findings import Finder
    from interviewer.knowledge.memory import Memory
    from interviewer.settings import Settings

_CACHE: dict[tuple[object, ...], tuple[Finder, Memory | None]] = {}


def _cache_key(settings: Settings) -> tuple[object, ...]:
    from interviewer.knowledge.sources import user_catalogue_files

    user_files = tuple((str(p), p.stat().st_mtime_ns) for p in user_catalogue_files(settings))
    return (
        str(settings.data_dir),
        settings.chroma_url,
        settings.embedding_base_url,
        settings.embedding_model,
        user_files,
    )


def build_finder(settings: Settings) -> tuple[Finder, Memory | None]:
    """The findings finder and the organisational memory for these settings."""
    key = _cache_key(settings)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    from interviewer.knowledge.findings import Finder
    from interviewer.knowledge.memory import Memory
    from interviewer.knowledge.sources import embedding_from_settings
    from interviewer.knowledge.store import VectorStore

    embedding = embedding_from_settings(settings)
    memory = Memory.from_settings(settings, embedding=embedding)
    store = VectorStore.from_settings(settings, embedding=embedding)
    built = (Finder(store, memory=memory), memory)
    _CACHE[key] = built
    return built


__all__ = ["build_finder"]

"""Embeddings from any OpenAI-compatible /v1/embeddings endpoint (OpenAI,
Azure OpenAI, Ollama, vLLM, LM Studio), used instead of the offline
embedding when Settings.embedding_base_url is set.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np
from chromadb.utils.embedding_functions import register_embedding_function

from interviewer.errors import EngineError
from interviewer.knowledge.embedding import EmbeddingBase, normalise_rows

API_KEY_ENV_VAR = "INTERVIEWER_EMBEDDING_API_KEY"
_BATCH = 128


@register_embedding_function
class OpenAIEmbedding(EmbeddingBase):
    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str = "not-needed",
        timeout_seconds: float = 60.0,
        max_retries: int = 2,
    ) -> None:
        from openai import OpenAI

        self.base_url = base_url
        self.model = model
        # The openai client insists on a key, even for a local server.
        self._client = OpenAI(
            base_url=base_url,
            api_key=api_key or "not-needed",
            timeout=timeout_seconds,
            max_retries=max_retries,
        )

    @staticmethod
    def name() -> str:
        return "interviewer-openai"

    def get_config(self) -> dict[str, Any]:
        # Never the key itself: chroma stores this config with the collection.
        return {"base_url": self.base_url, "model": self.model, "api_key_env_var": API_KEY_ENV_VAR}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbedding:
        # Only chroma calls this (to rebuild a collection's function); like
        # chroma's own OpenAI function it takes the key from the named variable.
        key = os.environ.get(str(config.get("api_key_env_var", API_KEY_ENV_VAR)), "not-needed")
        return OpenAIEmbedding(base_url=str(config["base_url"]), model=str(config["model"]), api_key=key)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import openai

        rows: list[list[float]] = []
        for start in range(0, len(texts), _BATCH):
            # Some servers reject empty strings; a space embeds as "nothing".
            batch = [text if text.strip() else " " for text in texts[start : start + _BATCH]]
            try:
                response = self._client.embeddings.create(model=self.model, input=batch)
            except openai.OpenAIError as error:
                raise EngineError(f"embedding endpoint {self.base_url} failed: {error}") from error
            data = sorted(response.data, key=lambda item: item.index)
            if len(data) != len(batch):
                raise EngineError(
                    f"embedding endpoint {self.base_url} returned {len(data)} vectors for {len(batch)} texts"
                )
            rows.extend(list(item.embedding) for item in data)
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return normalise_rows(np.asarray(rows, dtype=np.float32))

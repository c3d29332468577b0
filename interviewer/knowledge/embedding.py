"""Offline embeddings, registered with chroma as named embedding functions.

`ConceptEmbedding` (the default) understands the domain without downloaded
weights: a text becomes three blocks of features, each L2-normalised and then
weighted:

- concepts from the bilingual lexicon (language-independent: "who signs off
  on bills" and "Rechnungsfreigabe" share APPROVAL and INVOICE), weighted
  highest, so that German finds English and synonyms find each other;
- hashed word stems (including the parts of split German compounds), for the
  words the lexicon lacks;
- hashed character n-grams of those stems, for spelling variants.

`HashingEmbedding` is plain word hashing: the baseline the retrieval
benchmark compares with, because it only matches shared words.

Both are deterministic: crc32, never Python's salted hash().
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from interviewer.knowledge.lexicon import Lexicon, default_lexicon
from interviewer.knowledge.text import words
from interviewer.lru import LRUCache

DEFAULT_WORD_DIMS = 384
DEFAULT_CHAR_DIMS = 256
# Block weights after each block is L2-normalised: concepts dominate, words
# decide between entries with the same concepts, n-grams catch spelling.
DEFAULT_WEIGHTS = (1.0, 0.55, 0.3)
_VERSION = 1
# Embedded texts kept per embedding (the catalogue's documents and the
# sentences of recent interviews).
_ROW_CACHE_SIZE = 50_000


def _bucket(feature: str, dims: int) -> tuple[int, float]:
    digest = zlib.crc32(feature.encode("utf-8"))
    return digest % dims, (1.0 if (digest >> 31) & 1 else -1.0)


@lru_cache(maxsize=100_000)
def _char_features(word_stem: str, dims: int) -> tuple[tuple[int, float], ...]:
    padded = f"<{word_stem}>"
    grams = [padded[i : i + n] for n in (3, 4) for i in range(len(padded) - n + 1)]
    if not grams:
        return ()
    share = 1.0 / math.sqrt(len(grams))
    return tuple((index, sign * share) for index, sign in (_bucket(gram, dims) for gram in grams))


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class EmbeddingBase(EmbeddingFunction[Documents]):
    """What our embeddings share: cosine space, a fast matrix path."""

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embed(list(input)))


@register_embedding_function
class ConceptEmbedding(EmbeddingBase):
    """Lexicon concepts + hashed stems + hashed character n-grams."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        word_dims: int = DEFAULT_WORD_DIMS,
        char_dims: int = DEFAULT_CHAR_DIMS,
        weights: Iterable[float] = DEFAULT_WEIGHTS,
    ) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.word_dims = word_dims
        self.char_dims = char_dims
        self.weights = tuple(float(w) for w in weights)
        self.concept_index = {cid: i for i, cid in enumerate(sorted(self.lexicon.concepts))}
        # Round up so that adding a concept rarely changes the dimension.
        self.concept_dims = max(32, -(-len(self.concept_index) // 32) * 32)
        self.dims = self.concept_dims + word_dims + char_dims
        # Rows already computed, by text: each row depends on its text alone,
        # and re-analysing an interview (every answer of a live interview)
        # embeds the same sentences and findings again.
        self._rows: LRUCache[str, np.ndarray] = LRUCache(_ROW_CACHE_SIZE)

    @staticmethod
    def name() -> str:
        return "interviewer-concepts"

    def get_config(self) -> dict[str, Any]:
        return {
            "version": _VERSION,
            "lexicon": self.lexicon.fingerprint,
            "word_dims": self.word_dims,
            "char_dims": self.char_dims,
            "weights": list(self.weights),
        }

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ConceptEmbedding:
        # The lexicon is the shipped one; a different fingerprint in `config`
        # means the index is stale, which the store notices by its key.
        return ConceptEmbedding(
            word_dims=int(config.get("word_dims", DEFAULT_WORD_DIMS)),
            char_dims=int(config.get("char_dims", DEFAULT_CHAR_DIMS)),
            weights=config.get("weights", DEFAULT_WEIGHTS),
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        known: dict[str, np.ndarray] = {}
        missing: list[str] = []
        for text in dict.fromkeys(texts):
            cached = self._rows.get(text)
            if cached is None:
                missing.append(text)
            else:
                known[text] = cached
        if missing:
            for text, row in zip(missing, self._embed(missing), strict=True):
                self._rows.put(text, row)
                known[text] = row
        rows = [known[text] for text in texts]
        if not rows:
            return np.zeros((0, self.dims), dtype=np.float32)
        return np.stack(rows)

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        concepts = np.zeros((len(texts), self.concept_dims), dtype=np.float32)
        word_block = np.zeros((len(texts), self.word_dims), dtype=np.float32)
        char_block = np.zeros((len(texts), self.char_dims), dtype=np.float32)
        for row, text in enumerate(texts):
            analysis = self.lexicon.analyse(text)
            for concept_id, weight in self.lexicon.concept_weights(analysis).items():
                concepts[row, self.concept_index[concept_id] % self.concept_dims] += weight
            for word_stem in analysis.content:
                index, sign = _bucket(word_stem, self.word_dims)
                word_block[row, index] += sign
                for char_index, value in _char_features(word_stem, self.char_dims):
                    char_block[row, char_index] += value
        concept_w, word_w, char_w = self.weights
        matrix = np.hstack(
            [
                concept_w * normalise_rows(concepts),
                word_w * normalise_rows(np.sign(word_block) * np.log1p(np.abs(word_block))),
                char_w * normalise_rows(char_block),
            ]
        )
        return normalise_rows(matrix).astype(np.float32)


@register_embedding_function
class HashingEmbedding(EmbeddingBase):
    """Plain word hashing: folded words (function words left out), no
    stemming, no concepts. Only texts that share words come close."""

    def __init__(self, *, dims: int = 1024, lexicon: Lexicon | None = None) -> None:
        self.dims = dims
        self._stopwords = (lexicon or default_lexicon()).stopwords

    @staticmethod
    def name() -> str:
        return "interviewer-hashing"

    def get_config(self) -> dict[str, Any]:
        return {"version": _VERSION, "dims": self.dims}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashingEmbedding:
        return HashingEmbedding(dims=int(config.get("dims", 1024)))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                if word not in self._stopwords:
                    index, sign = _bucket(word, self.dims)
                    matrix[row, index] += sign
        return normalise_rows(matrix).astype(np.float32)

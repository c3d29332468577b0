"""A bounded, thread-safe least-recently-used map.

Why a lock: the REST API answers from a thread pool and an LLM batch runs its
analyses in threads, all sharing one engine and one vector store; an
OrderedDict moved and evicted from two threads at once can lose a key between
the check and the read.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


# Every memo of per-text work (sentence readings, embeddings, retrieval
# results), so that a benchmark can measure an interview the process has never
# seen without rebuilding the engines: forget_texts() empties them all.
_MEMOS: weakref.WeakSet[LRUCache[Any, Any]] = weakref.WeakSet()
_MEMO_FUNCTIONS: list[Callable[[], None]] = []


def memo_function(cache_clear: Callable[[], None]) -> None:
    """Register the cache_clear of a functools.lru_cache that memoises per text."""
    _MEMO_FUNCTIONS.append(cache_clear)


def forget_texts() -> None:
    """Empty every per-text memo (word-level caches stay: they are vocabulary)."""
    for memo in list(_MEMOS):
        memo.clear()
    for cache_clear in _MEMO_FUNCTIONS:
        cache_clear()


class LRUCache(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        _MEMOS.add(self)

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)

"""Requests per token per minute: a sliding window per token, in memory.

Each API worker process counts on its own, so with N workers a token can
make up to N times the limit; the limit protects the server from a runaway
client, it is not a billing meter. Keys are token prefixes (never secrets).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0
# Forget idle tokens now and then, so the table does not grow without end.
_SWEEP_EVERY = 1000


class RateLimiter:
    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def check(self, key: str) -> float | None:
        """Count one request for `key`; None when allowed, else the seconds
        after which the next request will be allowed."""
        if self.per_minute <= 0:
            return None
        now = self._clock()
        with self._lock:
            self._calls += 1
            if self._calls % _SWEEP_EVERY == 0:
                self._sweep(now)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - WINDOW_SECONDS:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return max(0.0, hits[0] + WINDOW_SECONDS - now)
            hits.append(now)
            return None

    def _sweep(self, now: float) -> None:
        idle = [key for key, hits in self._hits.items() if not hits or hits[-1] <= now - WINDOW_SECONDS]
        for key in idle:
            del self._hits[key]


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))

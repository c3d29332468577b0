"""What the API's routes share, built once per process at start-up (lifespan)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import Request

if TYPE_CHECKING:
    from interviewer.api.conversation import Conversation
    from interviewer.api.jobs_worker import JobWorker
    from interviewer.api.ratelimit import RateLimiter
    from interviewer.services import Services
    from interviewer.settings import Settings
    from interviewer.storage import Repository


@dataclass
class ApiContext:
    settings: Settings
    repository: Repository
    conversation: Conversation
    limiter: RateLimiter
    services: Services
    jobs: JobWorker | None = None
    _store: Any = None
    _store_lock: threading.Lock = field(default_factory=threading.Lock)

    def vector_store(self) -> Any:
        """The anti-pattern index (interviewer.knowledge.store.VectorStore),
        opened on first use: the finder's own when it has one."""
        with self._store_lock:
            if self._store is None:
                store = getattr(self.services.finder, "store", None)
                if store is None:
                    from interviewer.knowledge.store import VectorStore

                    store = VectorStore.from_settings(self.settings)
                self._store = store
            return self._store


def get_context(request: Request) -> ApiContext:
    context: ApiContext = request.app.state.context
    return context

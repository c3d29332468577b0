"""The engine's own event loop, in a daemon thread.

All HTTP traffic of one engine runs on one loop: the async HTTP client and
the concurrency semaphore belong to it, so any number of caller threads
(a batch) and callers on other loops (an async web app) share one limit.
Synchronous callers block on a future; async callers await it.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class BackgroundLoop:
    def __init__(self, name: str = "llm-engine") -> None:
        self._name = name
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            # After a fork the thread is gone: start a fresh loop in this process.
            if self._loop is None or self._pid != os.getpid() or not self._loop.is_running():
                self._loop = asyncio.new_event_loop()
                ready = threading.Event()
                loop = self._loop

                def serve() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                self._thread = threading.Thread(target=serve, name=self._name, daemon=True)
                self._thread.start()
                ready.wait()
                self._pid = os.getpid()
            return self._loop

    @property
    def started_in_this_process(self) -> bool:
        return self._loop is not None and self._pid == os.getpid()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run on the engine loop and wait (from any thread but the loop's own)."""
        loop = self.loop()
        if threading.current_thread() is self._thread:
            coroutine.close()
            raise RuntimeError("a synchronous engine method was called from inside the engine's loop")
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result()

    async def run_async(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Await on the engine loop, from any event loop."""
        loop = self.loop()
        if asyncio.get_running_loop() is loop:
            return await coroutine
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, loop))

    def close(self, final: Coroutine[Any, Any, None] | None = None) -> None:
        """Run `final` (closing clients), then stop the loop and its thread."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None or self._pid != os.getpid():
            if final is not None:
                final.close()
            return
        if final is not None:
            asyncio.run_coroutine_threadsafe(final, loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()

"""Bounded concurrency: many callers share one limit, and a batch keeps every slot busy."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from interviewer.engines.llm import LLMEngine
from interviewer.models import EngineInfo
from tests.llm.samples import ENGLISH, GERMAN
from tests.support.openai_server import OpenAITestServer
from tests.support.scripted_model import echo_any


def test_threads_share_one_limit_and_fill_it(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    server.latency = 0.1
    server.chat_handler = echo_any()
    engine = make_engine(llm_concurrency=3)
    with ThreadPoolExecutor(max_workers=10) as pool:
        processes = list(pool.map(lambda _: engine.extract(ENGLISH, "en", EngineInfo(name="llm")), range(12)))

    assert all(len(p.steps) == 3 for p in processes)
    assert len(server.chat_requests) == 12
    assert server.max_in_flight == 3


def test_async_callers_on_their_own_loop_share_the_limit(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    server.latency = 0.05
    server.chat_handler = echo_any()
    engine = make_engine(llm_concurrency=2)

    async def many() -> list[int]:
        records = [EngineInfo(name="llm") for _ in range(8)]
        transcripts = [ENGLISH, GERMAN] * 4
        processes = await asyncio.gather(
            *(engine.aextract(t, t.language or "en", r) for t, r in zip(transcripts, records, strict=True))
        )
        return [len(p.steps) for p in processes]

    assert asyncio.run(many()) == [3, 2] * 4
    assert server.max_in_flight == 2


def test_the_sync_api_works_inside_a_running_event_loop(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    server.chat_handler = echo_any()
    engine = make_engine()

    async def inside() -> int:
        # A sync caller inside someone else's loop (a web handler): the engine's own loop serves it.
        return len(engine.extract(ENGLISH, "en", EngineInfo(name="llm")).steps)

    assert asyncio.run(inside()) == 3

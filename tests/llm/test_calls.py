"""The call runner on its own, with a scripted ChatClient: retry timing, the shared pause, Retry-After."""

from __future__ import annotations

import asyncio
import time
from email.utils import formatdate

import pytest
from pydantic import BaseModel

from interviewer.engines.llm.calls import CallRunner, RetryPolicy
from interviewer.engines.llm.client import ChatMessage, ChatReply, TransientError
from interviewer.engines.llm.langchain_client import parse_retry_after
from interviewer.models import EngineInfo
from interviewer.prompts import render
from tests.llm.conftest import RecordingSleep


class Answer(BaseModel):
    ok: bool


class ScriptedClient:
    """Raises or answers in order; records when each request was made."""

    model = "scripted"
    method = "json_schema"

    def __init__(self, *script: object) -> None:
        self.script = list(script)
        self.sent: list[float] = []

    async def complete(self, messages: list[ChatMessage], schema: type[BaseModel]) -> ChatReply:
        self.sent.append(time.monotonic())
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        return ChatReply(parsed=Answer(ok=True), prompt_tokens=10, completion_tokens=2)

    async def aclose(self) -> None:
        return None


def _call(runner: CallRunner, record: EngineInfo) -> object:
    system = render("extract", "system", "en", {"output_format": "x"})
    user = render("repair", "user", "en", {"problems": "-", "previous_answer": "-"})
    return runner.structured(
        purpose="test", system=system, user=user, schema=Answer, language="en", record=record
    )


def test_a_rate_limit_pauses_every_call_not_only_the_one_that_got_it() -> None:
    client = ScriptedClient(TransientError("HTTP 429", retry_after=0.3), "ok", "ok")
    runner = CallRunner(client, concurrency=2, policy=RetryPolicy(max_retries=2))  # real sleeping
    record = EngineInfo(name="llm")

    async def both() -> None:
        first = asyncio.ensure_future(_call(runner, record))  # type: ignore[arg-type]
        await asyncio.sleep(0.05)  # the 429 has arrived before the second call starts
        await asyncio.gather(first, _call(runner, record))  # type: ignore[arg-type]

    asyncio.run(both())
    first_try, *later = client.sent
    assert all(moment - first_try >= 0.28 for moment in later)  # nobody sent during the pause
    assert sorted(c.attempts for c in record.llm_calls) == [1, 2]


def test_tokens_are_summed_over_attempts_that_got_an_answer() -> None:
    record = EngineInfo(name="llm")
    runner = CallRunner(ScriptedClient("ok"), concurrency=1, policy=RetryPolicy(), sleep=RecordingSleep())
    asyncio.run(_call(runner, record))  # type: ignore[arg-type]
    (call,) = record.llm_calls
    assert (call.prompt_tokens, call.completion_tokens, call.model, call.outcome) == (10, 2, "scripted", "ok")


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": "2.5"}, 2.5),
        ({"retry-after": formatdate(1_000_030, usegmt=True)}, 30.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_in_its_three_spellings(headers: dict[str, str], seconds: float | None) -> None:
    assert parse_retry_after(headers, now=1_000_000) == seconds


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=4.0, retry_after_cap=60.0)
    for retry, (low, high) in enumerate(
        [(0.25, 0.5), (0.5, 1.0), (1.0, 2.0), (2.0, 4.0), (2.0, 4.0)], start=1
    ):
        assert low <= policy.delay(retry, None) <= high
    assert policy.delay(1, 3600.0) == 60.0

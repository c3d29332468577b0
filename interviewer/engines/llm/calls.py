"""One structured LLM call, done carefully: bounded concurrency, retries with
backoff that honours Retry-After, one repair round, and a record of it all.

A call ends in one of three ways, always recorded as an LLMCall:
  ok        the first answer was valid;
  repaired  the second answer, after the validation problems were sent back;
  fallback  no usable answer: the caller uses the offline engine instead.
Transport failures (429, 5xx, timeouts) are retried here; a refusal goes
straight to fallback (asking again rarely helps); anything else gets one
repair round.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel

from interviewer.engines.llm.client import (
    ChatClient,
    ChatMessage,
    ChatReply,
    PermanentError,
    TransientError,
    TransportError,
)
from interviewer.engines.llm.rendering import defuse
from interviewer.models import EngineInfo, LLMCall
from interviewer.prompts import RenderedPrompt, combined_hash, render

T = TypeVar("T", bound=BaseModel)
Check = Callable[[T], list[str]]
Sleep = Callable[[float], Awaitable[None]]

_PREVIOUS_ANSWER_CHARS = 3000


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3  # transport retries per request, after the first attempt
    backoff_base: float = 0.5  # seconds; doubled each retry, with jitter
    backoff_cap: float = 20.0
    retry_after_cap: float = 60.0  # never wait longer than this, whatever the server asks

    def delay(self, retry: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.retry_after_cap)
        exponential = min(self.backoff_cap, self.backoff_base * 2 ** (retry - 1))
        return exponential * (0.5 + random.random() / 2)  # jitter spreads a herd of retries


@dataclass
class CallTiming:
    """Where the time of one call went (for bench/, not for results)."""

    purpose: str
    total: float = 0.0
    waiting: float = 0.0  # for a concurrency slot, a Retry-After pause or backoff
    in_client: float = 0.0  # inside ChatClient.complete (langchain, SDK and HTTP)
    http: float = 0.0  # request sent to response read

    @property
    def overhead(self) -> float:
        """The engine's own work around the HTTP call: rendering, validation, grounding."""
        return max(0.0, self.total - self.waiting - self.in_client)


@dataclass
class CallResult(Generic[T]):
    value: T | None
    call: LLMCall
    problems: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return self.call.error or "; ".join(self.problems) or "no usable answer"


class CallRunner:
    """Shared by every call of one engine: the concurrency limit and the rate-limit pause are global."""

    def __init__(
        self,
        client: ChatClient,
        *,
        concurrency: int,
        policy: RetryPolicy,
        sleep: Sleep | None = None,
    ) -> None:
        self.client = client
        self.policy = policy
        self._sleep: Sleep = sleep or asyncio.sleep
        self._slots = asyncio.Semaphore(max(1, concurrency))
        self._paused_until = 0.0  # monotonic time before which nobody sends (after a 429)

    async def _send(
        self, messages: list[ChatMessage], schema: type[BaseModel], timing: CallTiming
    ) -> tuple[ChatReply, int]:
        """One request with transport retries; returns the reply and the attempts it took."""
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            async with self._slots:
                pause = self._paused_until - time.monotonic()
                if pause > 0:
                    # Hold the slot while paused: the endpoint asked everyone to wait.
                    await self._sleep(pause)
                sent = time.perf_counter()
                timing.waiting += sent - started
                try:
                    reply = await self.client.complete(messages, schema)
                    timing.in_client += time.perf_counter() - sent
                    timing.http += reply.http_seconds
                    return reply, attempt
                except TransientError as error:
                    timing.in_client += time.perf_counter() - sent
                    if attempt > self.policy.max_retries:
                        error.attempts = attempt
                        raise
                    retry_after = error.retry_after
                    delay = self.policy.delay(attempt, retry_after)
                    if retry_after is not None:
                        # Everyone waits, not only this call: the limit is the endpoint's.
                        self._paused_until = max(self._paused_until, time.monotonic() + delay)
                except PermanentError as error:
                    timing.in_client += time.perf_counter() - sent
                    error.attempts = attempt
                    raise
            if retry_after is None:
                waited = time.perf_counter()
                await self._sleep(delay)
                timing.waiting += time.perf_counter() - waited

    async def structured(
        self,
        *,
        purpose: str,
        system: RenderedPrompt,
        user: RenderedPrompt,
        embedded: Sequence[RenderedPrompt] = (),
        schema: type[T],
        language: str,
        record: EngineInfo,
        check: Check[T] | None = None,
        timing: CallTiming | None = None,
    ) -> CallResult[T]:
        """Ask, validate, repair once; the LLMCall is appended to `record` whatever happens."""
        timing = timing or CallTiming(purpose)
        started = time.perf_counter()
        templates = [system, *embedded, user]
        for prompt in templates:
            record.prompt_hashes[prompt.name] = prompt.template_sha256
        call = LLMCall(
            purpose=purpose, model=self.client.model, prompt_hash=combined_hash(templates), attempts=0
        )
        messages = [
            ChatMessage(role="system", content=system.text),
            ChatMessage(role="user", content=user.text),
        ]
        problems: list[str] = []
        outcome: Literal["ok", "repaired", "fallback"] = "fallback"
        value: T | None = None
        try:
            for round_number in (1, 2):
                reply, attempts = await self._send(messages, schema, timing)
                call.attempts += attempts
                _add_tokens(call, reply)
                if reply.refusal:
                    call.error = f"the model refused: {reply.refusal}"
                    break
                problems = list(reply.problems)
                if reply.parsed is not None and not problems and check is not None:
                    problems = check(reply.parsed)  # type: ignore[arg-type]
                if reply.parsed is not None and not problems:
                    value = reply.parsed  # type: ignore[assignment]
                    outcome = "ok" if round_number == 1 else "repaired"
                    break
                if round_number == 1:
                    repair = _repair_prompt(language, problems, reply)
                    record.prompt_hashes[repair.name] = repair.template_sha256
                    messages = [*messages[:2], ChatMessage(role="user", content=repair.text)]
            else:
                call.error = "still invalid after the repair round: " + "; ".join(problems[:5])
        except TransportError as error:
            call.attempts += error.attempts
            call.error = str(error)
        call.outcome = outcome
        call.seconds = round(time.perf_counter() - started, 4)
        record.llm_calls.append(call)
        return CallResult(value=value, call=call, problems=problems)


def _add_tokens(call: LLMCall, reply: ChatReply) -> None:
    # Tokens as the server reports them (no tokenizer), summed over attempts that got an answer.
    if reply.prompt_tokens is not None:
        call.prompt_tokens = (call.prompt_tokens or 0) + reply.prompt_tokens
    if reply.completion_tokens is not None:
        call.completion_tokens = (call.completion_tokens or 0) + reply.completion_tokens


def _repair_prompt(language: str, problems: list[str], reply: ChatReply) -> RenderedPrompt:
    if reply.raw_text:
        previous = reply.raw_text[:_PREVIOUS_ANSWER_CHARS]
        if len(reply.raw_text) > _PREVIOUS_ANSWER_CHARS:
            previous += " ..."
    else:
        previous = "-"
    previous = defuse(previous)  # the model's own words must not close the block either
    listed = "\n".join(f"- {problem}" for problem in problems) or "- the answer could not be used"
    return render("repair", "user", language, {"problems": listed, "previous_answer": previous})

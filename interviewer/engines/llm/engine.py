"""The LLM engine: extraction and proposal wording through any OpenAI-compatible endpoint.

It implements the engine seam (interviewer.engines.base) and never fails a
whole analysis for one bad call: each call that gives no usable answer
falls back to the offline engine for that part (one window, or the
proposals' wording), and the record says so.
"""

from __future__ import annotations

import asyncio
import os
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from interviewer.engines.llm import config
from interviewer.engines.llm.assembly import Window, assemble_process
from interviewer.engines.llm.calls import CallRunner, CallTiming, Sleep
from interviewer.engines.llm.client import ChatClient
from interviewer.engines.llm.config import EngineOptions
from interviewer.engines.llm.extraction import (
    GroundedWindow,
    Grounder,
    check_turns,
    extraction_prompts,
)
from interviewer.engines.llm.loop import BackgroundLoop
from interviewer.engines.llm.proposal_writing import apply_texts, check_texts, proposal_prompts
from interviewer.engines.llm.pseudonymise import Pseudonymiser
from interviewer.engines.llm.schemas import ExtractedProcess, ProposalTexts
from interviewer.engines.llm.windows import split_windows
from interviewer.errors import LLMError
from interviewer.models import EngineInfo, Finding, Language, Process, Proposal, Transcript, Turn

if TYPE_CHECKING:
    from typing import Any

    from pydantic import BaseModel

    from interviewer.engines.base import Engine
    from interviewer.engines.llm.calls import CallResult
    from interviewer.prompts import RenderedPrompt
    from interviewer.settings import Settings

# Computes the proposals (steps, handoffs, savings, ids); the LLM only words them.
ProposalSource = Callable[[Process, list[Finding], Transcript, Language], list[Proposal]]


def offline_proposals(
    process: Process, findings: list[Finding], transcript: Transcript, language: Language
) -> list[Proposal]:
    from interviewer.analysis.proposals import propose

    return propose(process, findings, transcript, language)


class LLMEngine:
    name = "llm"

    def __init__(
        self,
        client_factory: Callable[[], ChatClient],
        *,
        options: EngineOptions,
        fallback: Engine | None = None,
        sleep: Sleep | None = None,
        proposal_source: ProposalSource = offline_proposals,
    ) -> None:
        self.options = options
        self.fallback = fallback
        self.proposal_source = proposal_source
        self._client_factory = client_factory
        self._sleep = sleep
        self._loop = BackgroundLoop()
        self._runner_pid: int | None = None
        self._runner_instance: CallRunner | None = None
        self.model: str | None = None  # known once the client is built (from_settings sets it at once)
        # Where the time of recent calls went, for bench/ and diagnostics; bounded for long-running servers.
        self.timings: deque[CallTiming] = deque(maxlen=10_000)

    # -- construction ----------------------------------------------------------
    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        fallback: Engine | None = None,
        *,
        client_factory: Callable[[], ChatClient] | None = None,
        sleep: Sleep | None = None,
        proposal_source: ProposalSource = offline_proposals,
    ) -> LLMEngine:
        """The engine the Settings describe; `fallback` is usually OfflineEngine()."""
        build_client = client_factory or config.client_factory(settings)
        engine = cls(
            build_client,
            options=config.options_from_settings(settings),
            fallback=fallback,
            sleep=sleep,
            proposal_source=proposal_source,
        )
        engine.model = settings.llm_model
        return engine

    def _runner(self) -> CallRunner:
        # Built lazily on the engine loop's process; rebuilt after a fork
        # (the parent's connections and semaphore belong to its loop).
        if self._runner_instance is None or self._runner_pid != os.getpid():
            client = self._client_factory()
            self.model = client.model
            self._runner_instance = CallRunner(
                client, concurrency=self.options.concurrency, policy=self.options.policy, sleep=self._sleep
            )
            self._runner_pid = os.getpid()
        return self._runner_instance

    def close(self) -> None:
        runner = self._runner_instance if self._runner_pid == os.getpid() else None
        self._runner_instance = None
        self._loop.close(runner.client.aclose() if runner is not None else None)

    def __enter__(self) -> LLMEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one structured call for other callers (the live interview's turn) --------
    def structured_call(
        self,
        *,
        purpose: str,
        system: RenderedPrompt,
        user: RenderedPrompt,
        embedded: Sequence[RenderedPrompt] = (),
        schema: type[BaseModel],
        language: Language,
        record: EngineInfo,
        check: Callable[[Any], list[str]] | None = None,
    ) -> CallResult[Any]:
        """One validated call with this engine's client, retries and repair round,
        on the engine's loop; recorded in `record` like every other call."""

        async def call() -> CallResult[Any]:
            runner = self._runner()
            record.model = runner.client.model
            timing = CallTiming(purpose)
            started = asyncio.get_running_loop().time()
            result = await runner.structured(
                purpose=purpose,
                system=system,
                user=user,
                embedded=embedded,
                schema=schema,
                language=language,
                record=record,
                check=check,
                timing=timing,
            )
            timing.total = asyncio.get_running_loop().time() - started
            self.timings.append(timing)
            return result

        return self._loop.run(call())

    # -- the engine seam ---------------------------------------------------------
    # HTTP calls and grounding run on the engine's loop; offline work (the
    # fallback engine, the proposals' computation) runs in the caller's
    # thread, so that it never stalls the requests of other callers.
    def extract(self, transcript: Transcript, language: Language, record: EngineInfo) -> Process:
        windows = self._loop.run(self._extract_windows(transcript, language, record))
        return assemble_process(transcript, language, record, windows, self.fallback)

    def propose(
        self,
        process: Process,
        findings: list[Finding],
        transcript: Transcript,
        language: Language,
        record: EngineInfo,
    ) -> list[Proposal]:
        # Every number, step and id comes from code; the model only words them.
        skeletons = self.proposal_source(process, findings, transcript, language)
        if not skeletons:
            return []
        return self._loop.run(
            self._word_proposals(skeletons, process, findings, transcript, language, record)
        )

    # -- the same, for async callers (any event loop) ----------------------------
    async def aextract(self, transcript: Transcript, language: Language, record: EngineInfo) -> Process:
        windows = await self._loop.run_async(self._extract_windows(transcript, language, record))
        if any(outcome is None for _, outcome, _ in windows):
            return await asyncio.to_thread(
                assemble_process, transcript, language, record, windows, self.fallback
            )
        return assemble_process(transcript, language, record, windows, self.fallback)

    async def apropose(
        self,
        process: Process,
        findings: list[Finding],
        transcript: Transcript,
        language: Language,
        record: EngineInfo,
    ) -> list[Proposal]:
        skeletons = await asyncio.to_thread(self.proposal_source, process, findings, transcript, language)
        if not skeletons:
            return []
        return await self._loop.run_async(
            self._word_proposals(skeletons, process, findings, transcript, language, record)
        )

    # -- implementation ----------------------------------------------------------
    def pseudonymiser(self, transcript: Transcript) -> Pseudonymiser:
        if self.options.pseudonymise:
            return Pseudonymiser.for_transcript(transcript)
        return Pseudonymiser.disabled()

    async def _extract_windows(
        self, transcript: Transcript, language: Language, record: EngineInfo
    ) -> list[Window]:
        """One call per window, concurrently (on the engine loop); None where a window failed."""
        runner = self._runner()
        record.model = runner.client.model
        if not transcript.turns:
            return []
        pseudo = self.pseudonymiser(transcript)
        windows = split_windows(transcript.turns, self.options.window_turns, self.options.window_overlap)
        outcomes = await asyncio.gather(
            *(self._extract_window(runner, transcript, w, i, len(windows), language, pseudo, record)
              for i, w in enumerate(windows))
        )  # fmt: skip
        return [
            (window, outcome, reason) for window, (outcome, reason) in zip(windows, outcomes, strict=True)
        ]

    async def _extract_window(
        self,
        runner: CallRunner,
        transcript: Transcript,
        window: Sequence[Turn],
        index: int,
        count: int,
        language: Language,
        pseudo: Pseudonymiser,
        record: EngineInfo,
    ) -> tuple[GroundedWindow | None, str]:
        timing = CallTiming("extract")
        started = asyncio.get_running_loop().time()
        prompts = extraction_prompts(
            transcript,
            window,
            index=index,
            count=count,
            language=language,
            method=self.options.method,
            pseudo=pseudo,
        )
        result = await runner.structured(
            purpose="extract",
            system=prompts.system,
            user=prompts.user,
            embedded=prompts.embedded,
            schema=ExtractedProcess,
            language=language,
            record=record,
            check=check_turns(window),
            timing=timing,
        )
        outcome = None
        if result.value is None:
            where = (
                f" (window {index + 1} of {count}, turns {window[0].number}-{window[-1].number})"
                if count > 1
                else ""
            )
            record.fallbacks.append(f"extract{where}: {result.reason}; used the offline engine")
        else:
            grounder = Grounder(
                window,
                pseudo,
                language,
                tolerance=self.options.grounding_tolerance,
                policy=self.options.ungrounded,
            )
            outcome = grounder.window(result.value)
        timing.total = asyncio.get_running_loop().time() - started
        self.timings.append(timing)
        return outcome, result.reason

    async def _word_proposals(
        self,
        skeletons: list[Proposal],
        process: Process,
        findings: list[Finding],
        transcript: Transcript,
        language: Language,
        record: EngineInfo,
    ) -> list[Proposal]:
        runner = self._runner()
        record.model = runner.client.model
        timing = CallTiming("proposals")
        started = asyncio.get_running_loop().time()
        pseudo = self.pseudonymiser(transcript)
        prompts, allowed = proposal_prompts(
            process, findings, skeletons, language=language, method=self.options.method, pseudo=pseudo
        )
        result = await runner.structured(
            purpose="proposals",
            system=prompts.system,
            user=prompts.user,
            embedded=prompts.embedded,
            schema=ProposalTexts,
            language=language,
            record=record,
            check=check_texts(skeletons, allowed),
            timing=timing,
        )
        if result.value is None:
            if self.fallback is None:
                raise LLMError(f"proposal wording failed: {result.reason}")
            record.fallbacks.append(f"proposals: {result.reason}; kept the offline wording")
            proposals = list(skeletons)
        else:
            proposals = apply_texts(skeletons, result.value, pseudo)
        timing.total = asyncio.get_running_loop().time() - started
        self.timings.append(timing)
        return proposals

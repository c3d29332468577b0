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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewer.engines.llm.calls import CallRunner, CallTiming, RetryPolicy, Sleep
from interviewer.engines.llm.client import ChatClient
from interviewer.engines.llm.extraction import (
    GroundedWindow,
    Grounder,
    UngroundedPolicy,
    check_turns,
    extraction_prompts,
)
from interviewer.engines.llm.loop import BackgroundLoop
from interviewer.engines.llm.proposal_writing import apply_texts, check_texts, proposal_prompts
from interviewer.engines.llm.pseudonymise import Pseudonymiser, is_local_endpoint
from interviewer.engines.llm.schemas import ExtractedProcess, ProposalTexts
from interviewer.engines.llm.windows import derive_handoffs, merge_windows, split_windows
from interviewer.errors import LLMError
from interviewer.models import EngineInfo, Finding, Language, Process, Proposal, Step, Transcript, Turn

if TYPE_CHECKING:
    from interviewer.engines.base import Engine
    from interviewer.settings import Settings

_DEFAULT_NAMES = {"en": "process", "de": "Prozess"}

# Computes the proposals (steps, handoffs, savings, ids); the LLM only words them.
ProposalSource = Callable[[Process, list[Finding], Transcript, Language], list[Proposal]]


def offline_proposals(
    process: Process, findings: list[Finding], transcript: Transcript, language: Language
) -> list[Proposal]:
    from interviewer.analysis.proposals import propose

    return propose(process, findings, transcript, language)


@dataclass(frozen=True)
class EngineOptions:
    method: str = "json_schema"
    window_turns: int = 40
    window_overlap: int = 6
    concurrency: int = 8
    pseudonymise: bool = True
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    grounding_tolerance: float = 0.1
    ungrounded: UngroundedPolicy = "flag"


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
        if not settings.llm_base_url and client_factory is None:
            from interviewer.errors import ConfigurationError

            raise ConfigurationError(
                "engine 'llm' needs an endpoint: set INTERVIEWER_LLM_BASE_URL (for example "
                "https://api.openai.com/v1 or http://localhost:11434/v1)"
            )
        pseudonymise = settings.llm_pseudonymise
        if pseudonymise is None:
            pseudonymise = not is_local_endpoint(settings.llm_base_url)
        options = EngineOptions(
            method=settings.llm_structured_output,
            window_turns=settings.llm_window_turns,
            window_overlap=settings.llm_window_overlap,
            concurrency=settings.llm_concurrency,
            pseudonymise=pseudonymise,
            policy=RetryPolicy(max_retries=settings.llm_max_retries),
        )

        def build_client() -> ChatClient:
            from interviewer.engines.llm.langchain_client import LangChainChatClient

            return LangChainChatClient(
                base_url=settings.llm_base_url,
                api_key=settings.llm_api_key.get_secret_value(),
                model=settings.llm_model,
                method=settings.llm_structured_output,
                timeout=settings.llm_timeout_seconds,
                temperature=settings.llm_temperature,
                max_connections=settings.llm_concurrency,
            )

        engine = cls(
            client_factory or build_client,
            options=options,
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

    # -- the engine seam (synchronous) ---------------------------------------
    def extract(self, transcript: Transcript, language: Language, record: EngineInfo) -> Process:
        return self._loop.run(self._extract(transcript, language, record))

    def propose(
        self,
        process: Process,
        findings: list[Finding],
        transcript: Transcript,
        language: Language,
        record: EngineInfo,
    ) -> list[Proposal]:
        return self._loop.run(self._propose(process, findings, transcript, language, record))

    # -- the same, for async callers (any event loop) ------------------------
    async def aextract(self, transcript: Transcript, language: Language, record: EngineInfo) -> Process:
        return await self._loop.run_async(self._extract(transcript, language, record))

    async def apropose(
        self,
        process: Process,
        findings: list[Finding],
        transcript: Transcript,
        language: Language,
        record: EngineInfo,
    ) -> list[Proposal]:
        return await self._loop.run_async(self._propose(process, findings, transcript, language, record))

    # -- implementation (runs on the engine loop) ------------------------------
    def pseudonymiser(self, transcript: Transcript) -> Pseudonymiser:
        return (
            Pseudonymiser.for_transcript(transcript)
            if self.options.pseudonymise
            else Pseudonymiser.disabled()
        )

    async def _extract(self, transcript: Transcript, language: Language, record: EngineInfo) -> Process:
        runner = self._runner()
        record.model = runner.client.model
        if not transcript.turns:
            return Process(name=transcript.title or _DEFAULT_NAMES[language])
        pseudo = self.pseudonymiser(transcript)
        windows = split_windows(transcript.turns, self.options.window_turns, self.options.window_overlap)
        outcomes = await asyncio.gather(
            *(self._extract_window(runner, transcript, w, i, len(windows), language, pseudo, record)
              for i, w in enumerate(windows))
        )  # fmt: skip
        failed = [i for i, (outcome, _) in enumerate(outcomes) if outcome is None]
        if failed and self.fallback is None:
            reason = outcomes[failed[0]][1]
            raise LLMError(f"extraction failed and no fallback engine is configured: {reason}")
        if failed and len(failed) == len(windows):
            # Nothing usable from the model: the offline engine on the whole interview reads better
            # than the same engine run window by window.
            assert self.fallback is not None
            return self.fallback.extract(transcript, language, record)
        parts: list[list[Step]] = []
        grounded = [outcome for outcome, _ in outcomes if outcome is not None]
        for index, (outcome, _) in enumerate(outcomes):
            if outcome is None:
                assert self.fallback is not None
                part = transcript.model_copy(update={"turns": windows[index]})
                parts.append(self.fallback.extract(part, language, record).steps)
            else:
                parts.append(outcome.steps)
        steps = merge_windows(parts)
        first = grounded[0]
        lead = next((g for g in grounded if g.stated_lead_time_hours is not None), None)
        return Process(
            name=transcript.title or first.name or _DEFAULT_NAMES[language],
            trigger=next((g.trigger for g in grounded if g.trigger), None),
            customer=next((g.customer for g in grounded if g.customer), None),
            steps=steps,
            handoffs=derive_handoffs(steps),
            stated_lead_time_hours=lead.stated_lead_time_hours if lead else None,
            stated_lead_time_evidence=lead.stated_lead_time_evidence if lead else None,
        )

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

    async def _propose(
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

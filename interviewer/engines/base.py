"""The engine seam: every step that needs judgement sits behind these
interfaces, with an offline implementation (rules and lexicons, the default)
and an LLM implementation. Callers pass an EngineInfo record that the engine
fills with what it did (LLM calls, prompt hashes, fallbacks), so that one
engine instance can serve many analyses at once.
"""

from __future__ import annotations

from typing import Protocol

from interviewer.models import EngineInfo, Finding, Language, Process, Proposal, Transcript


class Extractor(Protocol):
    name: str

    def extract(self, transcript: Transcript, language: Language, record: EngineInfo) -> Process:
        """Turn an interview into the process it describes, steps in order.

        Metrics are left to the caller (computed by code, never by an engine).
        """
        ...


class ProposalWriter(Protocol):
    name: str

    def propose(
        self,
        process: Process,
        findings: list[Finding],
        transcript: Transcript,
        language: Language,
        record: EngineInfo,
    ) -> list[Proposal]:
        """Proposals that collapse handoffs and remove waiting, for these findings."""
        ...


class FindingsFinder(Protocol):
    def find(self, process: Process, transcript: Transcript, language: Language) -> list[Finding]:
        """Anti-patterns recognised in the process, each with evidence from the interview."""
        ...


class Engine(Extractor, ProposalWriter, Protocol):
    """What the pipeline needs from an engine."""

"""The offline engine: rules and lexicons for German and English.

No network, no model weights: it runs on a fresh machine and is the fallback
of the LLM engine. Extraction lives in `extractor`; the lexicons are YAML
files under `lexicons/`, loaded once per process.
"""

from __future__ import annotations

from functools import cache

from interviewer.engines.offline.extractor import OfflineExtractor
from interviewer.models import EngineInfo, Finding, Language, Process, Proposal, Transcript

__all__ = ["OfflineEngine"]


@cache
def _extractor(language: Language) -> OfflineExtractor:
    return OfflineExtractor(language)


class OfflineEngine:
    """Engine protocol implementation without any model (interviewer.engines.base.Engine)."""

    name = "offline"

    def extract(self, transcript: Transcript, language: Language, record: EngineInfo) -> Process:
        """The process the interview describes: steps in order, handoffs and the
        stated lead time. Metrics are computed by the caller."""
        return _extractor(language).extract(transcript)

    def propose(
        self,
        process: Process,
        findings: list[Finding],
        transcript: Transcript,
        language: Language,
        record: EngineInfo,
    ) -> list[Proposal]:
        from interviewer.analysis.proposals import propose

        return propose(process, findings, transcript, language)

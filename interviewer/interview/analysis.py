"""The analysis at the end of an interview: the same pipeline as for a transcript.

pipeline.analyse runs on the interview's transcript (corrections applied,
opening and read-back left out), but extraction is not done again: the
process the interview established, which the person heard read back and
corrected, is the one analysed. Only an interview that ended before any
step was understood is extracted afresh.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from interviewer.interview.state import InterviewState, extraction_transcript
from interviewer.models import AnalysisResult, EngineInfo, Finding, Language, Process, Proposal, Transcript

if TYPE_CHECKING:
    from interviewer.engines.base import Engine
    from interviewer.services import Services


class EstablishedProcess:
    """An engine whose extraction is the process the interview established;
    proposals come from the real engine."""

    def __init__(self, process: Process, engine: Engine) -> None:
        self.process = process
        self.engine = engine
        self.name = engine.name

    def extract(self, transcript: Transcript, language: Language, record: EngineInfo) -> Process:
        return self.process

    def propose(
        self,
        process: Process,
        findings: list[Finding],
        transcript: Transcript,
        language: Language,
        record: EngineInfo,
    ) -> list[Proposal]:
        return self.engine.propose(process, findings, transcript, language, record)


def analyse_interview(state: InterviewState, services: Services) -> AnalysisResult:
    from interviewer.pipeline import analyse

    transcript = extraction_transcript(state)
    if state.process.steps:
        established = EstablishedProcess(
            state.process.model_copy(update={"name": state.process_name}), services.engine
        )
        services = dataclasses.replace(services, engine=established)
    result = analyse(transcript, case_id=state.id, language=state.language, services=services)
    # The interview's own LLM calls (one per turn) belong to its record too.
    engine = result.engine.model_copy(
        update={
            "llm_calls": [*state.record.llm_calls, *result.engine.llm_calls],
            "fallbacks": [*state.record.fallbacks, *result.engine.fallbacks],
            "prompt_hashes": {**state.record.prompt_hashes, **result.engine.prompt_hashes},
            "model": result.engine.model or state.record.model,
        }
    )
    return result.model_copy(update={"engine": engine})

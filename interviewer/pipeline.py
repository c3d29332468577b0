"""The one use case: analyse(transcript) -> AnalysisResult.

The CLI, the REST API and the live interview all call this; they stay thin.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.models import AnalysisResult, EngineInfo, Language, Transcript, Turn

if TYPE_CHECKING:
    from interviewer.services import Services
    from interviewer.settings import Settings

TranscriptSource = Path | str | Transcript | Sequence[Turn]


def to_transcript(
    source: TranscriptSource, *, case_id: str | None = None, language: Language | None = None
) -> Transcript:
    """Accept a path, raw transcript text, a Transcript or a list of turns."""
    from interviewer import transcripts

    if isinstance(source, Transcript):
        transcript = source
    elif isinstance(source, Path):
        transcript = transcripts.read_file(source)
    elif isinstance(source, str):
        transcript = transcripts.read_text(source, case_id=case_id or "transcript")
    else:
        transcript = Transcript(case_id=case_id or "transcript", turns=list(source))
    updates: dict[str, object] = {}
    if case_id:
        updates["case_id"] = case_id
    if language:
        updates["language"] = language
    elif transcript.language is None:
        updates["language"] = transcripts.detect_language(transcript.turns)
    return transcript.model_copy(update=updates) if updates else transcript


def analyse(
    source: TranscriptSource,
    *,
    case_id: str | None = None,
    language: Language | None = None,
    settings: Settings | None = None,
    services: Services | None = None,
) -> AnalysisResult:
    """Analyse one interview and return its result.

    `source` is a transcript file (Path), the text of a transcript (str), a
    Transcript, or a list of Turns. `language` overrides detection. Pass
    `services` to reuse engines and stores across many calls (a batch does);
    otherwise they are built from `settings` (or the defaults, which work
    offline).
    """
    from interviewer.analysis.metrics import compute_metrics
    from interviewer.services import build_services

    if services is None:
        from interviewer.settings import Settings

        services = build_services(settings or Settings())
    transcript = to_transcript(source, case_id=case_id, language=language or services.settings.language)
    lang: Language = transcript.language or "en"
    record = EngineInfo(name=services.engine.name)

    process = services.engine.extract(transcript, lang, record)
    process = process.model_copy(update={"metrics": compute_metrics(process)})

    findings = services.finder.find(process, transcript, lang) if services.finder else []
    proposals = services.engine.propose(process, findings, transcript, lang, record)

    from interviewer.analysis.redesign import apply_proposals, review_steps

    to_be = apply_proposals(process, proposals) if proposals else None
    result = AnalysisResult(
        case_id=transcript.case_id,
        language=lang,
        process=process,
        findings=findings,
        proposals=proposals,
        to_be=to_be,
        step_reviews=review_steps(process, findings, lang),
        engine=record,
        source=transcript.source,
    )
    if services.memory is not None:
        services.memory.remember(result)
    return result

"""The process from the windows of one interview: grounded steps merged,
the fallback engine filling the windows the model could not do.

Runs in the caller's thread, not on the engine's loop: the fallback is
offline CPU work that must not stall other callers' requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewer.engines.llm.extraction import GroundedWindow
from interviewer.engines.llm.windows import derive_handoffs, merge_windows
from interviewer.errors import LLMError
from interviewer.models import EngineInfo, Language, Process, Step, Transcript, Turn

if TYPE_CHECKING:
    from interviewer.engines.base import Extractor

DEFAULT_NAMES = {"en": "process", "de": "Prozess"}

# A window's turns, what grounding kept of the model's answer (None: the call failed), and why.
Window = tuple[list[Turn], GroundedWindow | None, str]


def assemble_process(
    transcript: Transcript,
    language: Language,
    record: EngineInfo,
    windows: list[Window],
    fallback: Extractor | None,
) -> Process:
    if not windows:
        return Process(name=transcript.title or DEFAULT_NAMES[language])
    failed = [reason for _, outcome, reason in windows if outcome is None]
    if failed and fallback is None:
        raise LLMError(f"extraction failed and no fallback engine is configured: {failed[0]}")
    if len(failed) == len(windows):
        # Nothing usable from the model: the offline engine on the whole interview reads
        # better than the same engine run window by window.
        assert fallback is not None
        return fallback.extract(transcript, language, record)
    parts: list[list[Step]] = []
    for turns, outcome, _ in windows:
        if outcome is None:
            assert fallback is not None
            part = transcript.model_copy(update={"turns": turns})
            parts.append(fallback.extract(part, language, record).steps)
        else:
            parts.append(outcome.steps)
    steps = merge_windows(parts)
    grounded = [outcome for _, outcome, _ in windows if outcome is not None]
    lead = next((g for g in grounded if g.stated_lead_time_hours is not None), None)
    return Process(
        name=transcript.title or grounded[0].name or DEFAULT_NAMES[language],
        trigger=next((g.trigger for g in grounded if g.trigger), None),
        customer=next((g.customer for g in grounded if g.customer), None),
        steps=steps,
        handoffs=derive_handoffs(steps),
        stated_lead_time_hours=lead.stated_lead_time_hours if lead else None,
        stated_lead_time_evidence=lead.stated_lead_time_evidence if lead else None,
    )

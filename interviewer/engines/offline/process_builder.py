"""Drafts -> the Process of the contract: ids, values, handoffs, lead time, name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewer.engines.offline.assembly import StepDraft
from interviewer.engines.offline.handoffs import build_handoffs
from interviewer.engines.offline.lead_time import choose
from interviewer.engines.offline.value import value_class
from interviewer.models import Language, Process, Step, Transcript

if TYPE_CHECKING:
    from interviewer.engines.offline.extractor import ConversationState


def build_process(
    transcript: Transcript, drafts: list[StepDraft], state: ConversationState, language: Language
) -> Process:
    steps = [
        Step(
            id=f"s{index}",
            action=draft.action,
            actor=draft.actor.name if draft.actor else None,
            org_unit=draft.actor.org_unit if draft.actor else None,
            system=draft.system,
            duration_hours=_round(draft.duration),
            wait_hours=_round(draft.wait),
            value=value_class(draft.clause, draft.lemma, language),
            evidence=draft.evidence,
        )
        for index, draft in enumerate(drafts, start=1)
    ]
    chosen = choose(state.leads)  # the answer to "how long overall?" the speaker commits to
    lead, lead_evidence = (chosen.hours, chosen.evidence) if chosen else (None, None)
    return Process(
        name=_process_name(transcript, drafts),
        trigger=state.trigger or (drafts[0].evidence[0].quote if drafts else None),
        customer=state.customer,
        steps=steps,
        handoffs=build_handoffs(steps, [draft.actor for draft in drafts]),
        stated_lead_time_hours=_round(lead),
        stated_lead_time_evidence=lead_evidence,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _process_name(transcript: Transcript, drafts: list[StepDraft]) -> str:
    if transcript.title:
        return transcript.title
    case = transcript.case_id.replace("-", " ").replace("_", " ").strip()
    if case and case.lower() not in ("transcript", "interview"):
        return case
    return drafts[0].action if drafts else "process"

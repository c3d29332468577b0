"""Proposals: code decides, the LLM words.

The offline proposals (interviewer.analysis.proposals) fix what each
proposal changes, which steps and handoffs it removes and how many hours it
saves, with the formula. The LLM only rewrites the words (title, change,
what the AI does, what stays with people, risks) from the process and the
findings. A number with a unit of time, money or percent in its words must
be one the data gave it; otherwise the repair round tells it so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from interviewer.engines.llm.extraction import Prompts
from interviewer.engines.llm.pseudonymise import Pseudonymiser
from interviewer.engines.llm.rendering import LANGUAGE_NAMES, render_data, system_prompt
from interviewer.engines.llm.schemas import ProposalTexts
from interviewer.models import Finding, Language, Process, Proposal
from interviewer.prompts import render

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_QUANTITY = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:%|percent\b|per cent\b|prozent\b|h\b|hours?\b|std\b|stunden?\b|days?\b|tagen?\b|tage\b|"
    r"weeks?\b|wochen?\b|months?\b|monaten?\b|monate\b|years?\b|jahren?\b|jahre\b|€|eur\b|euro\b|\$|usd\b)",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    return round(float(text.replace(",", ".")), 2)


def _hours_in_words(hours: float | None) -> dict[str, float] | None:
    # Given to the model so that it can say "two weeks" without doing arithmetic.
    if hours is None:
        return None
    return {"hours": round(hours, 1), "days": round(hours / 24, 1), "weeks": round(hours / 168, 1)}


def _pseudonymised(data: Any, pseudo: Pseudonymiser) -> Any:
    if isinstance(data, str):
        return pseudo.apply(data)
    if isinstance(data, list):
        return [_pseudonymised(item, pseudo) for item in data]
    if isinstance(data, dict):
        return {key: _pseudonymised(value, pseudo) for key, value in data.items()}
    return data


def analysis_data(
    process: Process, findings: Sequence[Finding], skeletons: Sequence[Proposal]
) -> dict[str, Any]:
    steps = [
        {
            "id": s.id,
            "action": s.action,
            "actor": s.actor,
            "system": s.system,
            "duration_hours": s.duration_hours,
            "wait_hours": s.wait_hours,
            "value": s.value,
            **({"flags": s.flags} if s.flags else {}),
        }
        for s in process.steps
    ]
    handoffs = [
        {
            "from": h.from_step,
            "to": h.to_step,
            "wait_hours": h.wait_hours,
            "crosses_org": h.crosses_org_boundary,
        }
        for h in process.handoffs
    ]
    return {
        "process": {
            "name": process.name,
            "steps": steps,
            "handoffs": handoffs,
            "metrics": process.metrics.model_dump(exclude_none=True),
        },
        "findings": [
            {
                "id": f.id,
                "category": f.category,
                "title": f.title,
                "step_ids": f.step_ids,
                "evidence": f.evidence,
            }
            for f in findings
        ],
        "proposals": [
            {
                "id": p.id,
                "kind": p.kind,
                "collapses_step_ids": p.collapses_step_ids,
                "step_changes": [c.model_dump(exclude_none=True) for c in p.step_changes],
                "removes_handoffs": p.removes_handoffs,
                "finding_ids": p.finding_ids,
                "expected_lead_time_saving": _hours_in_words(p.expected_lead_time_saving_hours),
                "saving_formula": p.saving_formula,
                "effort": p.effort,
                "prerequisites": p.prerequisites,
                "draft": {
                    "title": p.title,
                    "change": p.change,
                    "ai_role": p.ai_role,
                    "stays_with_people": p.stays_with_people,
                    "risks": p.risks,
                },
            }
            for p in skeletons
        ],
    }


def proposal_prompts(
    process: Process,
    findings: Sequence[Finding],
    skeletons: Sequence[Proposal],
    *,
    language: Language,
    method: str,
    pseudo: Pseudonymiser,
) -> tuple[Prompts, set[float]]:
    """The prompts, and the numbers the answer may state (those in the data)."""
    system, form = system_prompt("proposals", language, method, ProposalTexts)
    data = render_data(_pseudonymised(analysis_data(process, findings, skeletons), pseudo))
    values = {
        "language_name": LANGUAGE_NAMES[language][language],
        "proposal_ids": ", ".join(p.id for p in skeletons),
        "analysis": data,
    }
    allowed = {_number(n) for n in _NUMBER.findall(data)}
    return Prompts(
        system=system, user=render("proposals", "user", language, values), embedded=(form,)
    ), allowed


def check_texts(skeletons: Sequence[Proposal], allowed: set[float]) -> Callable[[ProposalTexts], list[str]]:
    expected = [p.id for p in skeletons]

    def check(texts: ProposalTexts) -> list[str]:
        problems = []
        ids = [t.id for t in texts.proposals]
        missing = [i for i in expected if i not in ids]
        unknown = [i for i in ids if i not in expected]
        if missing:
            problems.append(
                f"proposals: no text for {', '.join(missing)}; write one entry for every id given"
            )
        if unknown:
            problems.append(f"proposals: unknown id(s) {', '.join(unknown)}; use only the ids given")
        for text in texts.proposals:
            fields = {"title": text.title, "change": text.change, "ai_role": text.ai_role,
                      "stays_with_people": text.stays_with_people, "risks": " ".join(text.risks)}  # fmt: skip
            for name, words in fields.items():
                for match in _QUANTITY.finditer(words):
                    if _number(match.group(1)) not in allowed:
                        problems.append(
                            f"{text.id}.{name}: states '{match.group(0)}', a number that is not in the data; "
                            "state only the numbers given, or none"
                        )
        return problems

    return check


def apply_texts(skeletons: Sequence[Proposal], texts: ProposalTexts, pseudo: Pseudonymiser) -> list[Proposal]:
    """The skeletons with the model's words (names restored); numbers and ids untouched."""
    by_id = {t.id: t for t in texts.proposals}
    result = []
    for proposal in skeletons:
        text = by_id.get(proposal.id)
        if text is None:
            result.append(proposal)
            continue
        result.append(
            proposal.model_copy(
                update={
                    "title": pseudo.restore(text.title),
                    "change": pseudo.restore(text.change),
                    "ai_role": pseudo.restore(text.ai_role),
                    "stays_with_people": pseudo.restore(text.stays_with_people),
                    "risks": [pseudo.restore(r) for r in text.risks],
                }
            )
        )
    return result

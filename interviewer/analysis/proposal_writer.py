"""Turn a pattern's Draft into a Proposal: compute its saving and the
handoffs it removes with the same restructuring the to-be process uses, and
write its texts from the templates, in the interview's language.

The catalogue's AI levers (ai_does, people_keep) of the anti-pattern entries
the findings matched enrich the ai_role and stays_with_people texts, when an
entry offers a lever of a kind that fits the pattern.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from interviewer.analysis import resources as res
from interviewer.analysis.patterns_base import Context, Draft
from interviewer.analysis.restructure import Restructuring, apply_step_changes
from interviewer.models import Language, Proposal

if TYPE_CHECKING:
    from interviewer.knowledge.catalogue_model import AILever, AntiPattern

_EFFORTS: tuple[Literal["low", "medium", "high"], ...] = ("low", "medium", "high")


def evaluate(ctx: Context, draft: Draft) -> Restructuring:
    """The draft applied alone to the as-is process: its ledger and its to-be."""
    state = Restructuring(ctx.process, ctx.language)
    apply_step_changes(state, draft.changes)
    for reduction in draft.reductions:
        state.reduce(reduction.step_id, reduction.hours, reduction.text)
    return state


def write(
    ctx: Context,
    draft: Draft,
    *,
    baseline_handoffs: int,
    catalogue: Mapping[str, AntiPattern],
) -> Proposal:
    state = evaluate(ctx, draft)
    saving = state.saving()
    _, handoffs = state.build()
    lang = ctx.language
    values = ctx.base_variables() | draft.variables
    values["systems"] = values.get("systems") or values["all_systems"]
    values["saving_text"] = res.span(saving, lang) if saving else ""
    kind = draft.kind
    lever = _lever(kind, draft, catalogue, lang)
    return Proposal(
        id="",
        title=res.render(kind, lang, "title", values),
        kind=kind,
        collapses_step_ids=_collapsed_ids(ctx, draft),
        step_changes=draft.changes,
        removes_handoffs=max(0, baseline_handoffs - len(handoffs)),
        finding_ids=[f.id for f in draft.findings],
        change=res.render(kind, lang, "change", values),
        ai_role=_join(res.render(kind, lang, "ai_role", values), lever[0]),
        stays_with_people=_join(res.render(kind, lang, "stays_with_people", values), lever[1]),
        expected_lead_time_saving_hours=saving,
        saving_formula=state.formula(),
        effort=effort_of(kind, draft.crosses_company),
        risks=res.render_list(kind, lang, "risks", values) + _snippets(lang, "risks", draft.risks, values),
        prerequisites=_snippets(lang, "prerequisites", draft.prerequisites, values)
        + res.render_list(kind, lang, "prerequisites", values),
    )


def effort_of(kind: str, crosses_company: bool) -> Literal["low", "medium", "high"]:
    base = _EFFORTS.index(res.parameters()["base_effort"].get(kind, "medium"))
    # Data that must flow to or from another company needs an agreement and
    # an interface on their side too.
    return _EFFORTS[min(len(_EFFORTS) - 1, base + (1 if crosses_company else 0))]


def _collapsed_ids(ctx: Context, draft: Draft) -> list[str]:
    ids = {c.step_id for c in draft.changes}
    ids |= {c.with_step for c in draft.changes if c.change in ("merge", "parallel") and c.with_step}
    return [s.id for s in ctx.process.steps if s.id in ids]


def _snippets(lang: Language, group: str, keys: Sequence[str], values: Mapping[str, str]) -> list[str]:
    out = []
    for key in keys:
        text = res.common_snippet(lang, group, key)
        out.append(text.format_map(values))
    return out


def _lever(kind: str, draft: Draft, catalogue: Mapping[str, AntiPattern], lang: Language) -> tuple[str, str]:
    """ai_does and people_keep of the best-scoring finding's matching lever."""
    accepted = res.parameters()["lever_kinds"].get(kind, [kind])
    for finding in sorted(draft.findings, key=lambda f: -f.score):
        entry = catalogue.get(finding.anti_pattern_id)
        if entry is None:
            continue
        found: AILever | None = next((lv for lv in entry.ai_levers if lv.proposal_kind in accepted), None)
        if found is not None:
            title = res.quoted(getattr(entry.title, lang), lang)
            ai_does = res.common(lang, "lever_ai").format(
                title=title, text=getattr(found.ai_does, lang).strip()
            )
            people = res.common(lang, "lever_people").format(text=getattr(found.people_keep, lang).strip())
            return ai_does, people
    return "", ""


def _join(text: str, addition: str) -> str:
    addition = addition.strip()
    if not addition:
        return text
    if addition[-1] not in ".!?":
        addition += "."
    return f"{text} {addition}"

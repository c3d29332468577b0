"""Offline proposals: where AI could take over coordination work between
units, collapse handoffs and remove waiting, for the findings of an analysis.

Each finding is routed by its category to one redesign pattern (one
generator each, see ROUTES); a pattern answers all findings routed to it in
one proposal, naming the steps it merges, removes or runs in parallel. A
proposal always cites at least one finding and one real step of the
process; without findings there are no proposals.

Savings are computed from the waits (and durations) the interview stated, by
the same restructuring that builds the to-be process (restructure.py), and
are never larger than what the changed steps and handoffs held. Unstated
times save nothing; when nothing relevant was stated the saving is null.

Ranking rule (rank 1 = do first):
1. proposals with a known saving above zero, by saving divided by the effort
   weight (parameters.yaml: low 1, medium 2, high 4), highest first;
2. then proposals whose saving is unknown (null), lowest effort first;
3. then proposals known to save no lead time, lowest effort first.
Ties go to more handoffs removed, then more findings answered, then the
order of the patterns below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from interviewer.analysis import resources as res
from interviewer.analysis.patterns_base import Context, Draft
from interviewer.analysis.patterns_coordination import (
    case_owner_assistant,
    data_carry_over,
    exception_approval,
)
from interviewer.analysis.patterns_flow import (
    batch_to_flow,
    intake_assistant,
    legacy_removal,
    parallel_planning,
    upstream_start,
)
from interviewer.analysis.proposal_writer import write
from interviewer.analysis.restructure import Restructuring
from interviewer.models import Category, Finding, Language, Process, Proposal, Transcript

if TYPE_CHECKING:
    from interviewer.knowledge.catalogue_model import AntiPattern

Generator = Callable[[Context, list[Finding]], Draft | None]

# Patterns in the order they are tried; case-owner comes last because it
# also takes the findings other patterns could not act on.
GENERATORS: dict[str, Generator] = {
    "intake-assistant": intake_assistant,
    "parallel-planning": parallel_planning,
    "data-carry-over": data_carry_over,
    "exception-approval": exception_approval,
    "batch-to-flow": batch_to_flow,
    "legacy-removal": legacy_removal,
    "case-owner-assistant": case_owner_assistant,
}

ROUTES: dict[Category, str] = {
    "rework-loop": "intake-assistant",
    "sequential-planning": "parallel-planning",
    "handoff-delay": "parallel-planning",  # only between planning units, see route()
    "manual-re-entry": "data-carry-over",
    "approval-bottleneck": "exception-approval",
    "over-processing": "exception-approval",
    "batching": "batch-to-flow",
    "legacy-step": "legacy-removal",
    "status-chasing": "case-owner-assistant",
    "unclear-ownership": "case-owner-assistant",
    "information-silo": "case-owner-assistant",
    "external-dependency": "case-owner-assistant",
    "proxy-metric": "case-owner-assistant",
}

# A legacy step the customer needs is not a coordination problem: findings
# the legacy pattern refuses are not handed to the case owner.
_NO_FALLBACK = {"legacy-removal"}


def propose(
    process: Process,
    findings: Sequence[Finding],
    transcript: Transcript | None,
    language: Language,
    *,
    catalogue: Sequence[AntiPattern] | None = None,
) -> list[Proposal]:
    """Ranked proposals (rank 1..n, ids p1..pn) answering these findings."""
    if not findings or not process.steps:
        return []
    ctx = Context.of(process, language, transcript)
    entries = {entry.id: entry for entry in (catalogue if catalogue is not None else _default_catalogue())}
    baseline = len(Restructuring(process, language).build()[1])
    routed = route(ctx, findings)
    drafts: list[Draft] = []
    for kind, generator in GENERATORS.items():
        group = routed.get(kind, [])
        draft = generator(ctx, group) if group else None
        if draft is not None and draft.changes:
            drafts.append(draft)
        elif group and kind not in _NO_FALLBACK and kind != "case-owner-assistant":
            routed.setdefault("case-owner-assistant", []).extend(group)
    proposals = [write(ctx, d, baseline_handoffs=baseline, catalogue=entries) for d in drafts]
    return rank(proposals)


def route(ctx: Context, findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    routed: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: -f.score):
        kind = ROUTES.get(finding.category, "case-owner-assistant")
        if finding.category == "handoff-delay" and not _between_planning_units(ctx, finding):
            kind = "case-owner-assistant"
        routed.setdefault(kind, []).append(finding)
    return routed


def _between_planning_units(ctx: Context, finding: Finding) -> bool:
    steps = ctx.finding_steps([finding])
    return any(res.step_has_cue(s, "planning") and upstream_start(ctx, s) is not None for s in steps)


def rank(proposals: list[Proposal]) -> list[Proposal]:
    weights = res.parameters()["effort_weights"]
    order = list(GENERATORS)

    def key(proposal: Proposal) -> tuple[int, float, int, int, int]:
        weight = float(weights[proposal.effort])
        saving = proposal.expected_lead_time_saving_hours
        group, score = (0, -saving / weight) if saving else (1 if saving is None else 2, weight)
        kind_order = order.index(proposal.kind) if proposal.kind in order else len(order)
        return group, score, -proposal.removes_handoffs, -len(proposal.finding_ids), kind_order

    ranked = sorted(proposals, key=key)
    return [p.model_copy(update={"rank": i, "id": f"p{i}"}) for i, p in enumerate(ranked, start=1)]


@cache
def _default_catalogue() -> tuple[AntiPattern, ...]:
    try:
        from interviewer.knowledge.catalogue import load_catalogue
    except ImportError:  # the knowledge package is optional for proposals
        return ()
    return tuple(load_catalogue())

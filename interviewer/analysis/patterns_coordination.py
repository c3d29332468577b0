"""Redesign patterns that take coordination work off people:

- case-owner-assistant (status-chasing, unclear-ownership, information-silo,
  external-dependency, proxy-metric, handoffs that are not between planning
  units): one unit owns the case end to end; an assistant tracks every open
  dependency, does the relaying, and tells the customer proactively;
- data-carry-over (manual-re-entry): data is captured once and carried into
  the next system; documents are drafted from the case data;
- exception-approval (approval-bottleneck, over-processing): only the cases a
  model flags still wait for a sign-off.
"""

from __future__ import annotations

import re

from interviewer.analysis import resources as res
from interviewer.analysis.patterns_base import Context, Draft, Reduction, hours_text
from interviewer.models import Finding, Step, StepChange, Transcript


def case_owner_assistant(ctx: Context, findings: list[Finding]) -> Draft | None:
    steps = ctx.process.steps
    owner = ctx.owner_step()
    if owner is None:
        return None
    scope = ctx.scope(findings, "status", "coordination")
    if not scope:
        # Nothing named: the dependency worth tracking is the longest wait.
        waited = [s for s in steps if ctx.wait(s)]
        scope = [max(waited, key=lambda s: ctx.wait(s) or 0.0)] if waited else [owner]
    partners = [s for s in scope if ctx.is_external(s, owner)]
    # Relaying work of other internal units (forwarding, notifying, booking)
    # is what the owner's assistant takes over: those steps merge into the
    # owner's step, and the queue in front of them goes with them.
    relays = [
        s
        for s in scope
        if s is not owner
        and ctx.pos(s) > ctx.pos(owner)
        and res.step_has_cue(s, "coordination")
        and not res.step_has_cue(s, "status")
        and not res.step_has_cue(s, "approval")
        and not res.text_has_cue(s.action, "customer")
        and not res.text_has_cue(s.action, "external_party")
        and s not in partners
        and not ctx.is_customer(s)
    ]
    chasing = [s for s in scope if res.step_has_cue(s, "status") and s not in relays]
    tracked = [s for s in scope if s not in relays and s not in chasing]
    # With nothing to merge or take over, the assistant's work is watching
    # the dependency the case waits longest for.
    watched = [] if relays or chasing else [max(tracked, key=lambda s: ctx.wait(s) or -1.0)]
    changes = [StepChange(step_id=s.id, change="merge", with_step=owner.id) for s in relays]
    changes += [StepChange(step_id=s.id, change="automate") for s in chasing + watched]
    partner_names = ctx.actors(partners) if partners else ""
    variables = {
        "owner_ref": ctx.ref(owner),
        "owner_actor": ctx.actor(owner),
        "relay_refs": ctx.refs(relays),
        "relay_actors": ctx.actors(relays) if relays else "",
        "relay_wait": hours_text(sum(ctx.wait(s) or 0 for s in relays), ctx.language),
        "chasing_refs": ctx.refs(chasing),
        "tracked_refs": ctx.refs([s for s in tracked if s not in partners]),
        "partners": partner_names,
        "systems": ctx.systems([owner, *scope]) or ctx.base_variables()["all_systems"],
    }
    prerequisites = ["data_access", "human_in_loop", "works_council", "data_protection"]
    risks = ["staff_monitoring"]
    if partners:
        prerequisites.append("partner_interface")
        risks.append("partner_adoption")
    return Draft(
        kind="case-owner-assistant",
        findings=findings,
        changes=changes,
        variables=variables,
        prerequisites=prerequisites,
        risks=risks,
        crosses_company=bool(partners),
    )


def data_carry_over(ctx: Context, findings: list[Finding]) -> Draft | None:
    scope = ctx.scope(findings, "reentry")
    if not scope:
        return None
    reentries = [s for s in scope if res.step_has_cue(s, "reentry")]
    documents = [s for s in scope if res.step_has_cue(s, "document") and s not in reentries]
    source, targets = _entry_and_reentries(ctx, scope, reentries)
    changes: list[StepChange] = []
    if source is not None:
        changes.append(StepChange(step_id=source.id, change="automate"))
        changes += [StepChange(step_id=s.id, change="merge", with_step=source.id) for s in targets]
    changes += [StepChange(step_id=s.id, change="automate") for s in documents]
    if not changes:
        changes = [StepChange(step_id=scope[0].id, change="automate")]
    touched = [ctx.step(c.step_id) for c in changes]
    variables = {
        "source_ref": ctx.ref(source) if source else "",
        "source_actor": ctx.actor(source) if source else "",
        "source_system": (source.system or "") if source else "",
        "target_refs": ctx.refs(targets),
        "target_actors": ctx.actors(targets) if targets else "",
        "target_systems": ctx.systems(targets) or res.common(ctx.language, "next_system"),
        "target_wait": hours_text(sum(ctx.wait(s) or 0 for s in targets), ctx.language),
        "document_refs": ctx.refs(documents),
        "document_actors": ctx.actors(documents) if documents else "",
        "other_refs": ctx.refs([] if (targets or documents) else touched),
        "systems": ctx.systems(touched) or ctx.base_variables()["all_systems"],
    }
    return Draft(
        kind="data-carry-over",
        findings=findings,
        changes=changes,
        variables=variables,
        prerequisites=["data_access", "source_quality", "human_in_loop", "data_protection"],
        risks=["gaps_in_data", "automation_bias"],
        crosses_company=ctx.spans_companies(touched),
    )


def _entry_and_reentries(
    ctx: Context, scope: list[Step], reentries: list[Step]
) -> tuple[Step | None, list[Step]]:
    """Where the data is captured first, and the steps that type it in again."""
    if not reentries:
        return None, []
    first = scope[0]
    if first not in reentries or len(reentries) >= 2:
        return first, [s for s in reentries if s is not first]
    # One re-entry step on its own: the data came from the step before it.
    before = ctx.predecessor(first)
    return (before, [first]) if before is not None else (None, [])


def exception_approval(ctx: Context, findings: list[Finding]) -> Draft | None:
    scope = ctx.scope(findings, "approval")
    if not scope:
        return None
    # The sign-off itself, else a second check; only then whatever the finding named.
    approvals = (
        [s for s in scope if res.step_has_cue(s, "approval")]
        or [s for s in scope if res.step_has_cue(s, "check")]
        or scope
    )
    share, turn = exception_share(ctx.transcript)
    lang = ctx.language
    factor_text = (
        f"(1 − {res.number(share, lang, digits=3)} {res.common_snippet(lang, 'formula', 'exceptions')})"
    )
    reductions = []
    for step in approvals:
        wait = ctx.wait(step)
        if wait is None:
            continue
        label = res.common_snippet(lang, "formula", "wait_before").format(step=step.id)
        reductions.append(
            Reduction(step.id, (1 - share) * wait, f"{factor_text} × {label} {res.hours(wait, lang)}")
        )
    variables = {
        "approval_refs": ctx.refs(approvals),
        "approver_actors": ctx.actors(approvals),
        "approval_wait": hours_text(max((ctx.wait(s) or 0 for s in approvals), default=0), lang),
        "share": f"{res.number(share * 100, lang)} %",
        "share_turn": str(turn) if turn else "",
        "systems": ctx.systems(approvals) or ctx.base_variables()["all_systems"],
    }
    return Draft(
        kind="exception-approval",
        findings=findings,
        changes=[StepChange(step_id=s.id, change="exception-only") for s in approvals],
        variables=variables,
        reductions=reductions,
        prerequisites=["data_access", "source_quality", "human_in_loop", "works_council", "data_protection"],
        risks=["wrong_flag", "automation_bias"],
        crosses_company=ctx.spans_companies(approvals),
    )


_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*(?:%|prozent|percent|per cent)", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")


def exception_share(transcript: Transcript | None) -> tuple[float, int | None]:
    """Share of approvals that change the outcome, when the interview says so
    ("nur 5 % werden abgelehnt", "95 percent go through unchanged"); else the
    default of parameters.yaml. Returns the share and the turn it came from."""
    default = float(res.parameters()["exception_share_default"])
    if transcript is None:
        return default, None
    for turn in transcript.turns:
        if turn.is_interviewer or not res.text_has_cue(turn.text, "approval"):
            continue
        for sentence in _SENTENCE.split(turn.text):
            match = _PERCENT.search(sentence)
            if not match:
                continue
            percent = float(match.group(1).replace(",", ".")) / 100
            if res.text_has_cue(sentence, "approval_rejected"):
                share = percent
            elif res.text_has_cue(sentence, "approval_passed"):
                share = 1 - percent
            else:
                continue
            if 0 < share < 1:
                return round(share, 3), turn.number
    return default, None

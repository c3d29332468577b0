"""Redesign patterns that shorten the path of the case itself:

- intake-assistant (rework-loop): the request is made complete at entry, so
  the downstream completeness check folds into intake and the send-back
  loop disappears;
- parallel-planning (sequential-planning, handoff-delay between planning
  units): the downstream planning starts from the first order data instead
  of after the upstream unit has finished;
- batch-to-flow (batching): each case is processed on arrival;
- legacy-removal (legacy-step): a step nobody can justify is dropped, after
  the value question has been asked of its owner.
"""

from __future__ import annotations

from interviewer.analysis import resources as res
from interviewer.analysis.patterns_base import Context, Draft, Reduction, hours_text
from interviewer.analysis.process_facts import same_actor
from interviewer.analysis.restructure import Restructuring
from interviewer.models import Finding, Step, StepChange


def intake_assistant(ctx: Context, findings: list[Finding]) -> Draft | None:
    steps = ctx.process.steps
    if not steps:
        return None
    intake = ctx.entry_step() or steps[0]
    scope = ctx.scope(findings, "check", "send_back")
    candidates = [s for s in scope if s.id != intake.id and ctx.pos(s) > ctx.pos(intake)]
    if not scope and ctx.pos(intake) + 1 < len(steps):
        candidates = [steps[ctx.pos(intake) + 1]]
    checks = [s for s in candidates if res.step_has_cue(s, "check") and not res.step_has_cue(s, "send_back")]
    loops = [s for s in candidates if res.step_has_cue(s, "send_back")]
    # A send-back step right after a check belongs to the same loop even when
    # the finding did not name it.
    for check in checks:
        following = ctx.pos(check) + 1
        if (
            following < len(steps)
            and res.step_has_cue(steps[following], "send_back")
            and steps[following] not in loops
        ):
            loops.append(steps[following])
    supported = [s for s in candidates if s not in checks and s not in loops]
    changes = [StepChange(step_id=intake.id, change="automate")]
    changes += [StepChange(step_id=s.id, change="merge", with_step=intake.id) for s in checks]
    changes += [StepChange(step_id=s.id, change="remove") for s in loops]
    changes += [StepChange(step_id=s.id, change="automate") for s in supported]
    affected = [intake, *checks, *loops, *supported]
    variables = {
        "intake_ref": ctx.ref(intake),
        "intake_actor": ctx.actor(intake),
        "intake_system_in": _system_phrase(intake.system, ctx.language),
        "check_refs": ctx.refs(checks),
        "check_actors": ctx.actors(checks) if checks else ctx.actors(supported or [intake]),
        "check_wait": hours_text(sum(ctx.wait(s) or 0 for s in checks), ctx.language),
        "loop_refs": ctx.refs(loops),
        "loop_wait": hours_text(
            sum((ctx.wait(s) or 0) + (s.duration_hours or 0) for s in loops), ctx.language
        ),
        "supported_refs": ctx.refs(supported),
        "systems": ctx.systems(affected),
    }
    return Draft(
        kind="intake-assistant",
        findings=findings,
        changes=changes,
        variables=variables,
        prerequisites=["data_access", "source_quality", "human_in_loop", "data_protection"],
        risks=["automation_bias", "gaps_in_data"],
        crosses_company=ctx.spans_companies(affected),
    )


def _system_phrase(system: str | None, language: str) -> str:
    # German needs the article the system's name would take ("im SAP", "in
    # der Akte"); an apposition avoids guessing it.
    if not system:
        return ""
    return f" ({system})" if language == "de" else f" in {system}"


def parallel_planning(ctx: Context, findings: list[Finding]) -> Draft | None:
    scope = ctx.scope(findings, "planning")
    candidates = [s for s in scope if ctx.pos(s) >= 2]
    planning = [s for s in candidates if res.step_has_cue(s, "planning")]
    # The handoff the finding describes runs between two of its steps: prefer
    # a branch whose upstream block holds another finding step, then the
    # larger saving.
    best: tuple[tuple[bool, float], Step, Step] | None = None
    for branch in planning or candidates:
        start = upstream_start(ctx, branch)
        if start is None:
            continue
        trial = Restructuring(ctx.process, ctx.language)
        trial.parallel(branch.id, start.id)
        saving = trial.saving()
        block = ctx.process.steps[ctx.pos(start) : ctx.pos(branch)]
        score = (any(s in scope for s in block), saving if saving is not None else -1.0)
        if best is None or score > best[0]:
            best = (score, branch, start)
    if best is None:
        return None
    _, branch, start = best
    upstream = ctx.process.steps[ctx.pos(start) : ctx.pos(branch)]
    data_step = ctx.process.steps[ctx.pos(start) - 1]
    variables = {
        "branch_ref": ctx.ref(branch),
        "branch_actor": ctx.actor(branch),
        "upstream_refs": ctx.refs(upstream),
        "upstream_actor": ctx.actor(start),
        "data_ref": ctx.ref(data_step),
        "branch_wait": hours_text(ctx.wait(branch), ctx.language),
        "systems": ctx.systems([data_step, *upstream, branch]),
    }
    return Draft(
        kind="parallel-planning",
        findings=findings,
        changes=[StepChange(step_id=branch.id, change="parallel", with_step=start.id)],
        variables=variables,
        prerequisites=["data_access", "source_quality", "human_in_loop"],
        risks=["gaps_in_data"],
        crosses_company=ctx.spans_companies([*upstream, branch]),
    )


def upstream_start(ctx: Context, branch: Step) -> Step | None:
    """The first step of the unit the branch now waits for: the run of steps
    by the same actor just before it. Never the first step of the process,
    which produces the order data the branch starts from."""
    index = ctx.pos(branch)
    if index < 2:
        return None
    previous = ctx.process.steps[index - 1]
    if same_actor(previous, branch):
        return None  # planning within one unit: nothing to run alongside
    start = index - 1
    while start - 1 >= 1 and same_actor(ctx.process.steps[start - 1], previous):
        start -= 1
    return ctx.process.steps[start]


def batch_to_flow(ctx: Context, findings: list[Finding]) -> Draft | None:
    scope = ctx.scope(findings, "batch")
    if not scope:
        return None
    batched = [s for s in scope if res.step_has_cue(s, "batch")]
    if not batched:
        # The batching wait sits before the step that waits for the run: the
        # finding's step with the longest stated wait.
        batched = [max(scope, key=lambda s: ctx.wait(s) or -1.0)]
    residual = float(res.parameters()["flow_residual_hours"])
    lang = ctx.language
    reductions = []
    for step in batched:
        wait = ctx.wait(step)
        if wait is None:
            continue
        label = res.common_snippet(lang, "formula", "wait_before").format(step=step.id)
        residual_word = res.common_snippet(lang, "formula", "residual")
        text = f"({label} {res.hours(wait, lang)} − {residual_word} {res.hours(min(residual, wait), lang)})"
        reductions.append(Reduction(step.id, max(0.0, wait - residual), text))
    variables = {
        "batch_refs": ctx.refs(batched),
        "batch_actors": ctx.actors(batched),
        "batch_wait": hours_text(max((ctx.wait(s) or 0 for s in batched), default=0), lang),
        "residual": res.span(residual, lang),
        "systems": ctx.systems(batched),
    }
    return Draft(
        kind="batch-to-flow",
        findings=findings,
        changes=[StepChange(step_id=s.id, change="automate") for s in batched],
        variables=variables,
        reductions=reductions,
        prerequisites=["data_access", "works_council", "data_protection"],
        risks=["staff_monitoring"],
        crosses_company=ctx.spans_companies(batched),
    )


def legacy_removal(ctx: Context, findings: list[Finding]) -> Draft | None:
    steps = ctx.process.steps
    scope = ctx.finding_steps(findings) or [s for s in steps if s.value == "waste"]
    # Never drop what the customer or a rule needs, nor the step where the
    # case enters; the last step goes only when it is plainly waste.
    removed = [
        s
        for s in scope
        if s.value in ("waste", "unknown") and ctx.pos(s) > 0 and (s is not steps[-1] or s.value == "waste")
    ]
    if not removed:
        return None
    evidence = next((f.evidence for f in findings if f.evidence), "")
    variables = {
        "removed_refs": ctx.refs(removed),
        "removed_actors": ctx.actors(removed),
        "removed_wait": hours_text(
            sum((ctx.wait(s) or 0) + (s.duration_hours or 0) for s in removed), ctx.language
        ),
        "evidence": evidence.strip().rstrip("."),
        "systems": ctx.systems(removed),
    }
    return Draft(
        kind="legacy-removal",
        findings=findings,
        changes=[StepChange(step_id=s.id, change="remove") for s in removed],
        variables=variables,
        prerequisites=["data_access"],
        risks=[],
        crosses_company=False,
    )

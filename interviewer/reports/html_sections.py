"""The HTML report's sections below the diagrams: findings, proposals and the
tables of steps, handoffs and step reviews. Every string is escaped here.
"""

from __future__ import annotations

from html import escape

from interviewer.models import AnalysisResult, Proposal, Step
from interviewer.reports.labels import Labels
from interviewer.reports.summary import ranked


def _numbers(result: AnalysisResult) -> dict[str, int]:
    return {step.id: n for n, step in enumerate(result.process.steps, start=1)}


def _finding_numbers(result: AnalysisResult) -> dict[str, int]:
    return {finding.id: n for n, finding in enumerate(result.findings, start=1)}


def _step_ref(step_id: str, steps: dict[str, Step], numbers: dict[str, int]) -> str:
    step = steps.get(step_id)
    if step is None:
        return f"<span class='muted'>{escape(step_id)}</span>"
    number = numbers.get(step_id)
    label = f"{number} · " if number else ""
    return f'<span title="{escape(step.actor or "")}">{label}{escape(step.action)}</span>'


def _finding_badge(finding_id: str, numbers: dict[str, int], titles: dict[str, str]) -> str:
    number = numbers.get(finding_id)
    if number is None:
        return f"<span class='muted'>{escape(finding_id)}</span>"
    return (
        f'<a class="num" href="#finding-{number}" title="{escape(titles.get(finding_id, ""))}">{number}</a>'
    )


def _heading(text: str, count: int | None = None) -> str:
    badge = f' <span class="count">{count}</span>' if count is not None else ""
    return f"<h2>{escape(text)}{badge}</h2>"


def findings_section(result: AnalysisResult, labels: Labels) -> str:
    if not result.findings:
        return f'<section>{_heading(labels("findings"), 0)}<p class="muted">{escape(labels("no_findings"))}</p></section>'
    steps = {s.id: s for s in result.process.steps}
    numbers = _numbers(result)
    cards = []
    for number, finding in enumerate(result.findings, start=1):
        category = labels.get(f"category_{finding.category}", finding.category)
        refs = "; ".join(_step_ref(sid, steps, numbers) for sid in finding.step_ids)
        similar = ""
        if finding.similar_cases:
            similar = f'<div class="steps-ref muted">{escape(labels("similar_cases"))}: {escape(", ".join(finding.similar_cases))}</div>'
        cards.append(
            f'<article class="finding" id="finding-{number}"><div class="top"><span class="num">{number}</span>'
            f'<span class="chip cat" title="{escape(finding.anti_pattern_id)}">{escape(category)}</span>'
            f'<span class="score" title="{escape(labels("score"))}">{labels.number(finding.score, 2)}'
            f'<span class="bar"><i style="width:{finding.score * 100:.0f}%"></i></span></span></div>'
            f"<h3>{escape(finding.title)}</h3>"
            f'<div class="steps-ref"><b>{escape(labels("concerns_steps"))}:</b> {refs}</div>'
            f"<blockquote>{escape(finding.evidence)}</blockquote>{similar}</article>"
        )
    return f'<section>{_heading(labels("findings"), len(result.findings))}<div class="grid2">{"".join(cards)}</div></section>'


def _proposal(proposal: Proposal, result: AnalysisResult, labels: Labels) -> str:
    steps = {s.id: s for s in result.process.steps}
    numbers = _numbers(result)
    finding_numbers = _finding_numbers(result)
    titles = {f.id: f.title for f in result.findings}
    if proposal.expected_lead_time_saving_hours is not None:
        saving = (
            f'<div class="big">−{escape(labels.duration(proposal.expected_lead_time_saving_hours))}</div>'
        )
    else:
        saving = f'<div class="big none">{escape(labels("no_saving_stated"))}</div>'
    formula = ""
    if proposal.saving_formula:
        formula = (
            f'<div class="formula"><span class="lbl">{escape(labels("formula"))}</span>'
            f"<code>{escape(proposal.saving_formula)}</code></div>"
        )
    chips = [
        f'<span class="chip e-{proposal.effort}">{escape(labels("effort"))}: {escape(labels("effort_" + proposal.effort))}</span>'
    ]
    if proposal.kind:
        chips.append(f'<span class="chip">{escape(proposal.kind)}</span>')
    changes = {c.step_id: c.change for c in proposal.step_changes}
    step_ids = list(dict.fromkeys([*proposal.collapses_step_ids, *changes]))
    step_refs = []
    for sid in step_ids:
        kind = changes.get(sid)
        tag = f' <span class="chip c-{kind}">{escape(labels("change_" + kind))}</span>' if kind else ""
        step_refs.append(f'<span class="step-ref">{_step_ref(sid, steps, numbers)}{tag}</span>')
    findings = " ".join(_finding_badge(fid, finding_numbers, titles) for fid in proposal.finding_ids)
    lists = ""
    if proposal.risks or proposal.prerequisites:
        risks = "".join(f"<li>{escape(r)}</li>" for r in proposal.risks) or "<li>—</li>"
        prereq = "".join(f"<li>{escape(p)}</li>" for p in proposal.prerequisites) or "<li>—</li>"
        lists = (
            f'<div class="cols2"><div><h4>{escape(labels("risks"))}</h4><ul>{risks}</ul></div>'
            f"<div><h4>{escape(labels('prerequisites'))}</h4><ul>{prereq}</ul></div></div>"
        )
    people = proposal.stays_with_people or "—"
    rank = proposal.rank or ""
    return (
        f'<article class="proposal" id="proposal-{escape(proposal.id)}"><div class="top">'
        f'<span class="num rank">{rank}</span><div class="title"><h3>{escape(proposal.title)}</h3>'
        f'<div class="chips">{"".join(chips)}</div></div>'
        f'<div class="saving"><div class="lbl">{escape(labels("saving"))}</div>{saving}</div></div>{formula}'
        f'<div class="cols3"><div class="what"><h4>{escape(labels("what_changes"))}</h4><p>{escape(proposal.change)}</p></div>'
        f'<div class="ai"><h4>{escape(labels("ai_role"))}</h4><p>{escape(proposal.ai_role)}</p></div>'
        f'<div class="people"><h4>{escape(labels("stays_with_people"))}</h4><p>{escape(people)}</p></div></div>'
        f"{lists}"
        f'<div class="refs"><div class="ref wide"><b>{escape(labels("changes_steps"))}</b>{"".join(step_refs) or "—"}</div>'
        f'<div class="ref"><b>{escape(labels("answers_findings"))}</b><span>{findings or "—"}</span></div>'
        f'<div class="ref"><b>{escape(labels("removes_handoffs"))}</b><span class="big-n">{proposal.removes_handoffs}</span></div>'
        "</div></article>"
    )


def proposals_section(result: AnalysisResult, labels: Labels) -> str:
    if not result.proposals:
        return f'<section>{_heading(labels("proposals"), 0)}<p class="muted">{escape(labels("no_proposals"))}</p></section>'
    cards = "".join(_proposal(p, result, labels) for p in ranked(result.proposals))
    return f"<section>{_heading(labels('proposals'), len(result.proposals))}{cards}</section>"


def steps_table(result: AnalysisResult, labels: Labels) -> str:
    process = result.process
    if not process.steps:
        return f'<section>{_heading(labels("steps"), 0)}<p class="muted">{escape(labels("no_steps"))}</p></section>'
    from interviewer.reports.view import build_lanes, build_view

    view = build_view(process, build_lanes([process], labels("unassigned_actor")), result.findings)
    titles = {n: f.title for n, f in enumerate(result.findings, start=1)}
    head = [
        labels(k) for k in ("action", "actor", "system", "duration", "wait", "value", "findings", "evidence")
    ]
    rows = []
    for number, step in enumerate(process.steps, start=1):
        lane = view.lane(step)
        actor = escape(step.actor or labels("unknown"))
        if lane.external:
            actor += f' <span class="chip external">{escape(labels("external"))}</span>'
        if step.org_unit:
            actor += f'<div class="muted">{escape(step.org_unit)}</div>'
        badges = " ".join(
            f'<a class="num" href="#finding-{n}" title="{escape(titles[n])}">{n}</a>'
            for n in view.findings_of.get(step.id, [])
        )
        quotes = "<br>".join(
            f'<span class="quote">“{escape(e.quote)}” ({escape(labels("turn"))} {e.turn})</span>'
            for e in step.evidence
        )
        rows.append(
            f"<tr><td class='n'>{number}</td><td>{escape(step.action)}</td><td>{actor}</td>"
            f"<td>{escape(step.system or '—')}</td><td class='t'>{escape(labels.duration(step.duration_hours))}</td>"
            f"<td class='t'>{escape(labels.duration(view.wait_before[step.id]))}</td>"
            f"<td><span class='chip v-{step.value}'>{escape(labels('value_' + step.value))}</span></td>"
            f"<td>{badges}</td><td>{quotes}</td></tr>"
        )
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return (
        f"<section>{_heading(labels('steps'), len(process.steps))}<table><thead><tr><th>#</th>{header}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def handoffs_table(result: AnalysisResult, labels: Labels) -> str:
    process = result.process
    if not process.handoffs:
        return ""
    steps = {s.id: s for s in process.steps}
    numbers = _numbers(result)
    rows = []
    for h in process.handoffs:
        boundary = labels("answer_yes") if h.crosses_org_boundary else labels("answer_no")
        rows.append(
            f"<tr class='{'boundary' if h.crosses_org_boundary else ''}'>"
            f"<td>{_step_ref(h.from_step, steps, numbers)}<div class='muted'>{escape(h.from_actor or '—')}</div></td>"
            f"<td>{_step_ref(h.to_step, steps, numbers)}<div class='muted'>{escape(h.to_actor or '—')}</div></td>"
            f"<td>{escape(boundary)}</td><td class='t'>{escape(labels.duration(h.wait_hours))}</td></tr>"
        )
    head = "".join(f"<th>{escape(labels(k))}</th>" for k in ("from", "to", "crosses_boundary", "waiting"))
    return (
        f"<section>{_heading(labels('handoffs'), len(process.handoffs))}<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def reviews_table(result: AnalysisResult, labels: Labels) -> str:
    if not result.step_reviews:
        return ""
    steps = {s.id: s for s in result.process.steps}
    numbers = _numbers(result)
    rows = "".join(
        f"<tr><td class='n'>{numbers.get(r.step_id, '')}</td><td>{escape(steps[r.step_id].action if r.step_id in steps else r.step_id)}</td>"
        f"<td>{escape(r.adds_customer_value)}</td><td>{escape(r.exists_only_historically)}</td></tr>"
        for r in result.step_reviews
    )
    head = "".join(
        f"<th>{escape(labels(k))}</th>" for k in ("step", "adds_customer_value", "exists_only_historically")
    )
    return (
        f"<section>{_heading(labels('step_reviews'), len(result.step_reviews))}<table><thead><tr><th>#</th>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )

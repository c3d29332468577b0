"""The Markdown report, for tickets and wikis (GitHub, GitLab, Confluence
importers): summary, metrics, the Mermaid diagrams, steps, handoffs,
findings with evidence, proposals with their formula, and the step reviews.

Text from the interview is escaped for CommonMark/GFM: Markdown punctuation is
backslash-escaped (so an underscore stays an underscore and `<script>` stays
text), and table cells lose their line breaks and pipes.
"""

from __future__ import annotations

import re

from interviewer.models import AnalysisResult, Proposal
from interviewer.reports.labels import Labels
from interviewer.reports.mermaid import flowchart
from interviewer.reports.summary import metric_rows, ranked, summary_sentences
from interviewer.reports.view import build_lanes, build_view

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md(text: str) -> str:
    """Inline text with Markdown punctuation escaped and line breaks folded."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """An inline code span that survives backticks in the text."""
    text = " ".join(text.split())
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table; cells must already be escaped with md()."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


def render_markdown(result: AnalysisResult) -> str:
    labels = Labels(result.language)
    process = result.process
    out: list[str] = [f"# {md(labels('report_title'))}: {md(process.name)}", ""]
    facts = [f"**{md(labels('case'))}:** {md(result.case_id)}"]
    if process.trigger:
        facts.append(f"**{md(labels('trigger'))}:** {md(process.trigger)}")
    if process.customer:
        facts.append(f"**{md(labels('customer'))}:** {md(process.customer)}")
    facts.append(f"**{md(labels('engine'))}:** {md(result.engine.name)}")
    facts.append(f"**{md(labels('created'))}:** {result.created_at:%Y-%m-%d}")
    out += [" · ".join(facts), ""]

    out += [f"## {md(labels('summary'))}", ""]
    out += [f"- {md(sentence)}" for sentence in summary_sentences(result, labels)]
    out.append("")
    if result.warnings:
        out += [f"> **{md(labels('warnings'))}:**"] + [f"> - {md(w)}" for w in result.warnings] + [""]

    out += _metrics(result, labels)
    out += [f"## {md(labels('diagram'))}", "", f"### {md(labels('as_is_process'))}", "", "```mermaid"]
    out += [flowchart(process, labels, result.findings).rstrip("\n"), "```", ""]
    if result.to_be:
        out += [
            f"### {md(labels('to_be_process'))}",
            "",
            "```mermaid",
            flowchart(result.to_be, labels).rstrip("\n"),
        ]
        out += ["```", ""]

    out += _steps(result, labels)
    out += _handoffs(result, labels)
    out += _findings(result, labels)
    out += [f"## {md(labels('proposals'))} ({len(result.proposals)})", ""]
    if not result.proposals:
        out += [md(labels("no_proposals")), ""]
    for proposal in ranked(result.proposals):
        out += _proposal(proposal, result, labels)
    out += _reviews(result, labels)
    out += [
        "---",
        "",
        f"*{md(labels('generated_by'))} · {md(labels('schema_version'))} {md(result.schema_version)}*",
        "",
    ]
    return "\n".join(out)


def _metrics(result: AnalysisResult, labels: Labels) -> list[str]:
    rows = metric_rows(result, labels)
    has_to_be = result.to_be is not None
    header = [md(labels("metric")), md(labels("as_is"))] + (
        [md(labels("to_be")), md(labels("change"))] if has_to_be else []
    )
    body = []
    for row in rows:
        label = md(row.label) + (f" ({md(row.note)})" if row.note else "")
        cells = [label, md(row.as_is)]
        if has_to_be:
            cells += [md(row.to_be or "—"), md(row.delta or "—")]
        body.append(cells)
    return [f"## {md(labels('metrics'))}", "", *table(header, body), ""]


def _steps(result: AnalysisResult, labels: Labels) -> list[str]:
    process = result.process
    out = [f"## {md(labels('steps'))} ({len(process.steps)})", ""]
    if not process.steps:
        return [*out, md(labels("no_steps")), ""]
    view = build_view(process, build_lanes([process], labels("unassigned_actor")), result.findings)
    keys = ("action", "actor", "system", "duration", "wait", "value", "findings", "evidence")
    rows = []
    for number, step in enumerate(process.steps, start=1):
        actor = md(step.actor or labels("unknown"))
        if view.lane(step).external:
            actor += f" ({md(labels('external'))})"
        evidence = "; ".join(f"“{md(e.quote)}” ({md(labels('turn'))} {e.turn})" for e in step.evidence)
        rows.append(
            [
                str(number),
                md(step.action),
                actor,
                md(step.system or "—"),
                md(labels.duration(step.duration_hours)),
                md(labels.duration(view.wait_before[step.id])),
                md(labels("value_" + step.value)),
                ", ".join(str(n) for n in view.findings_of.get(step.id, [])),
                evidence,
            ]
        )
    return [*out, *table(["#", *(md(labels(k)) for k in keys)], rows), ""]


def _handoffs(result: AnalysisResult, labels: Labels) -> list[str]:
    process = result.process
    if not process.handoffs:
        return []
    number = {s.id: n for n, s in enumerate(process.steps, start=1)}
    rows = []
    for h in process.handoffs:
        rows.append(
            [
                f"{number.get(h.from_step, md(h.from_step))} ({md(h.from_actor or '—')})",
                f"{number.get(h.to_step, md(h.to_step))} ({md(h.to_actor or '—')})",
                md(labels("answer_yes") if h.crosses_org_boundary else labels("answer_no")),
                md(labels.duration(h.wait_hours)),
            ]
        )
    header = [md(labels(k)) for k in ("from", "to", "crosses_boundary", "waiting")]
    return [f"## {md(labels('handoffs'))} ({len(process.handoffs)})", "", *table(header, rows), ""]


def _step_list(step_ids: list[str], result: AnalysisResult) -> str:
    steps = {s.id: (n, s) for n, s in enumerate(result.process.steps, start=1)}
    parts = []
    for sid in step_ids:
        if sid in steps:
            n, step = steps[sid]
            parts.append(f"{n} ({md(step.action)})")
        else:
            parts.append(md(sid))
    return ", ".join(parts) or "—"


def _findings(result: AnalysisResult, labels: Labels) -> list[str]:
    out = [f"## {md(labels('findings'))} ({len(result.findings)})", ""]
    if not result.findings:
        return [*out, md(labels("no_findings")), ""]
    for n, finding in enumerate(result.findings, start=1):
        category = labels.get(f"category_{finding.category}", finding.category)
        out += [
            f"### {n}. {md(finding.title)}",
            "",
            f"- **{md(labels('category'))}:** {md(category)} ({code(finding.anti_pattern_id)}) · "
            f"{md(labels('score'))} {labels.number(finding.score, 2)}",
            f"- **{md(labels('concerns_steps'))}:** {_step_list(finding.step_ids, result)}",
        ]
        if finding.similar_cases:
            out.append(f"- **{md(labels('similar_cases'))}:** {md(', '.join(finding.similar_cases))}")
        out += ["", f"> {md(finding.evidence)}", ""]
    return out


def _proposal(proposal: Proposal, result: AnalysisResult, labels: Labels) -> list[str]:
    finding_number = {f.id: n for n, f in enumerate(result.findings, start=1)}
    saving = (
        f"{md(labels.duration(proposal.expected_lead_time_saving_hours))} ({md(labels.hours(proposal.expected_lead_time_saving_hours))})"
        if proposal.expected_lead_time_saving_hours is not None
        else md(labels("no_saving_stated"))
    )
    prefix = f"{proposal.rank}. " if proposal.rank else ""
    out = [
        f"### {prefix}{md(proposal.title)}",
        "",
        f"**{md(labels('saving'))}:** {saving} · **{md(labels('effort'))}:** {md(labels('effort_' + proposal.effort))}",
        "",
    ]
    if proposal.saving_formula:
        out += [f"**{md(labels('formula'))}:** {code(proposal.saving_formula)}", ""]
    out += [
        f"**{md(labels('what_changes'))}:** {md(proposal.change)}",
        "",
        f"**{md(labels('ai_role'))}:** {md(proposal.ai_role)}",
        "",
        f"**{md(labels('stays_with_people'))}:** {md(proposal.stays_with_people or '—')}",
        "",
    ]
    changes = {c.step_id: c.change for c in proposal.step_changes}
    step_ids = list(dict.fromkeys([*proposal.collapses_step_ids, *changes]))
    described = [
        _step_list([sid], result) + (f" – {md(labels('change_' + changes[sid]))}" if sid in changes else "")
        for sid in step_ids
    ]
    findings = ", ".join(str(finding_number.get(fid, md(fid))) for fid in proposal.finding_ids) or "—"
    out += [
        f"- **{md(labels('changes_steps'))}:** {'; '.join(described) or '—'}",
        f"- **{md(labels('answers_findings'))}:** {findings}",
        f"- **{md(labels('removes_handoffs'))}:** {proposal.removes_handoffs}",
        "",
    ]
    for key, items in (("risks", proposal.risks), ("prerequisites", proposal.prerequisites)):
        if items:
            out += [f"**{md(labels(key))}:**", "", *(f"- {md(item)}" for item in items), ""]
    return out


def _reviews(result: AnalysisResult, labels: Labels) -> list[str]:
    if not result.step_reviews:
        return []
    number = {s.id: (n, s.action) for n, s in enumerate(result.process.steps, start=1)}
    rows = []
    for review in result.step_reviews:
        n, action = number.get(review.step_id, ("", review.step_id))
        rows.append([str(n), md(action), md(review.adds_customer_value), md(review.exists_only_historically)])
    header = ["#", *(md(labels(k)) for k in ("step", "adds_customer_value", "exists_only_historically"))]
    return [f"## {md(labels('step_reviews'))}", "", *table(header, rows), ""]

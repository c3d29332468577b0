"""The process in plain words: the read-back, and the closing summary.

The read-back is what the person confirms or corrects, so it says only what
was understood: who does what, in which system, how long the case waits and
how long the work takes, in the person's language and in everyday units
("about 2 weeks", not "336 h").
"""

from __future__ import annotations

from interviewer.interview.questions import fill, hours_in_words, templates
from interviewer.models import AnalysisResult, Language, Process


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def readback_text(process: Process, language: Language, *, variant: int = 0) -> str:
    """Intro, trigger, the numbered steps, the lead time and the question."""
    t = templates(language).readback
    intro = t.intro[variant % len(t.intro)]
    lines = [intro.text]
    if process.trigger:
        lines.append(fill(t.trigger, {"trigger": process.trigger.rstrip(".")}, where="readback.trigger"))
    if not process.steps:
        lines.append(t.no_steps)
    for number, step in enumerate(process.steps, start=1):
        details = []
        if step.system:
            details.append(fill(t.system, {"system": step.system}, where="readback.system"))
        if step.wait_hours:
            details.append(
                fill(t.wait, {"hours": hours_in_words(step.wait_hours, language)}, where="readback.wait")
            )
        if step.duration_hours:
            details.append(
                fill(
                    t.duration,
                    {"hours": hours_in_words(step.duration_hours, language)},
                    where="readback.duration",
                )
            )
        actor = (
            fill(t.actor, {"actor": _sentence_start(step.actor)}, where="readback.actor")
            if step.actor
            else ""
        )
        action = step.action if actor else _sentence_start(step.action)
        lines.append(
            fill(
                t.step,
                {
                    "number": str(number),
                    "actor": actor,
                    "action": action.rstrip("."),
                    "details": (" (" + ", ".join(details) + ")") if details else "",
                },
                where="readback.step",
            )
        )
    if process.customer:
        lines.append(fill(t.customer, {"customer": process.customer}, where="readback.customer"))
    if process.stated_lead_time_hours:
        lead = hours_in_words(process.stated_lead_time_hours, language)
        lines.append(fill(t.lead, {"hours": lead}, where="readback.lead"))
    lines.append(t.question[variant % len(t.question)])
    return "\n".join(lines)


def summary_text(result: AnalysisResult, *, report_path: str | None = None) -> str:
    """The close: what the analysis found, in the interview's language."""
    language = result.language
    t = templates(language).summary
    metrics = result.process.metrics
    lines = [t.title]
    if metrics.lead_time_hours:
        lines.append(
            fill(t.lead, {"hours": hours_in_words(metrics.lead_time_hours, language)}, where="summary.lead")
        )
    if metrics.total_wait_hours:
        lines.append(
            fill(
                t.waiting,
                {"hours": hours_in_words(metrics.total_wait_hours, language)},
                where="summary.waiting",
            )
        )
    if metrics.handoff_count:
        lines.append(
            fill(
                t.handoffs,
                {"count": str(metrics.handoff_count), "crossings": str(metrics.org_boundary_crossings)},
                where="summary.handoffs",
            )
        )
    if result.findings:
        lines.append(t.findings)
        lines.extend(f"- {finding.title}" for finding in result.findings)
    else:
        lines.append(t.none)
    if result.proposals:
        lines.append(t.proposals)
        for proposal in sorted(result.proposals, key=lambda p: (p.rank or 99, p.id)):
            saving = ""
            if proposal.expected_lead_time_saving_hours:
                hours = hours_in_words(proposal.expected_lead_time_saving_hours, language)
                saving = " (" + fill(t.saving, {"hours": hours}, where="summary.saving") + ")"
            lines.append(f"- {proposal.title}{saving}")
    if report_path:
        lines.append(fill(t.report, {"path": report_path}, where="summary.report"))
    return "\n".join(lines)

"""The HTML report: one self-contained page (inline CSS and SVG, no scripts,
no external assets) that a manager can open from a mail attachment.

Every piece of text from the result passes through html.escape: transcripts
are user input.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path

from interviewer.models import AnalysisResult, Process
from interviewer.reports.html_sections import (
    findings_section,
    handoffs_table,
    proposals_section,
    reviews_table,
    steps_table,
)
from interviewer.reports.labels import Labels
from interviewer.reports.summary import metric_rows, summary_sentences
from interviewer.reports.svg_shapes import SIDE_BY_SIDE_MAX_LANES
from interviewer.reports.svg_swimlane import FLOW_STYLE, VALUE_COLOURS, render_swimlane
from interviewer.reports.view import Lane, build_lanes, build_view

CSS_FILE = Path(__file__).with_name("report.css")


@lru_cache(maxsize=1)
def _css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def render_html(result: AnalysisResult) -> str:
    labels = Labels(result.language)
    process = result.process
    title = f"{labels('report_title')}: {process.name}"
    body = [
        _hero(result, labels),
        '<main class="page">',
        _metric_cards(result, labels),
        _summary(result, labels),
        _diagrams(result, labels),
        findings_section(result, labels),
        proposals_section(result, labels),
        steps_table(result, labels),
        handoffs_table(result, labels),
        reviews_table(result, labels),
        _footer(result, labels),
        "</main>",
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{result.language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="process-interviewer">\n'
        f"<title>{escape(title)}</title>\n<style>\n{_css()}</style>\n</head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body>\n</html>\n"
    )


def _hero(result: AnalysisResult, labels: Labels) -> str:
    process = result.process
    meta = [f"<span>{escape(labels('case'))}: <b>{escape(result.case_id)}</b></span>"]
    if process.trigger:
        meta.append(f"<span>{escape(labels('trigger'))}: <b>{escape(process.trigger)}</b></span>")
    if process.customer:
        meta.append(f"<span>{escape(labels('customer'))}: <b>{escape(process.customer)}</b></span>")
    engine = result.engine.name + (f" ({result.engine.model})" if result.engine.model else "")
    meta.append(f"<span>{escape(labels('engine'))}: <b>{escape(engine)}</b></span>")
    meta.append(f"<span>{escape(labels('created'))}: <b>{result.created_at:%Y-%m-%d}</b></span>")
    return (
        '<header class="hero"><div class="page">'
        f'<div class="eyebrow">{escape(labels("report_title"))}</div>'
        f"<h1>{escape(process.name)}</h1>"
        f'<div class="meta">{"".join(meta)}</div></div></header>'
    )


def _metric_cards(result: AnalysisResult, labels: Labels) -> str:
    cards = []
    for row in metric_rows(result, labels):
        to_be = ""
        if row.to_be is not None:
            delta = f'<span class="delta {row.trend}">{escape(row.delta)}</span>' if row.delta else ""
            to_be = (
                f'<div class="tobe-row"><span class="tag">{escape(labels("to_be"))}</span>'
                f'<span class="tobe">{escape(row.to_be)}</span>{delta}</div>'
            )
        note = f'<div class="note">{escape(row.note)}</div>' if row.note else ""
        cards.append(
            f'<div class="metric m-{row.key}"><div class="label">{escape(row.label)}</div>'
            f'<div class="asis">{escape(row.as_is)}</div>{to_be}{note}</div>'
        )
    return f'<section class="cards" aria-label="{escape(labels("metrics"))}">{"".join(cards)}</section>'


def _summary(result: AnalysisResult, labels: Labels) -> str:
    sentences = "".join(f"<p>{escape(s)}</p>" for s in summary_sentences(result, labels))
    warnings = ""
    if result.warnings:
        items = "".join(f"<li>{escape(w)}</li>" for w in result.warnings)
        warnings = f'<div class="warnings"><b>{escape(labels("warnings"))}</b><ul>{items}</ul></div>'
    return f'<section class="panel summary"><h2 style="margin-top:0">{escape(labels("summary"))}</h2>{sentences}{warnings}</section>'


def _diagrams(result: AnalysisResult, labels: Labels) -> str:
    processes = [result.process] + ([result.to_be] if result.to_be else [])
    lanes = build_lanes(processes, labels("unassigned_actor"))
    figures = [_figure("asis", labels("as_is_process"), result.process, labels, lanes, result)]
    if result.to_be:
        figures.append(_figure("tobe", labels("to_be_process"), result.to_be, labels, lanes, result))
    else:
        figures.append(f'<figure class="tobe"><p class="muted">{escape(labels("no_to_be"))}</p></figure>')
    layout = "diagrams" if len(lanes) <= SIDE_BY_SIDE_MAX_LANES else "diagrams stacked"
    return (
        f'<section><h2>{escape(labels("swimlanes"))}</h2><div class="{layout}">{"".join(figures)}</div>'
        f"{_legend(labels)}</section>"
    )


def _figure(
    prefix: str,
    caption: str,
    process: Process,
    labels: Labels,
    lanes: list[Lane],
    result: AnalysisResult,
) -> str:
    is_as_is = prefix == "asis"
    view = build_view(process, lanes, result.findings if is_as_is else ())
    # In the to-be, mark the steps that are new or reworded against the as-is.
    as_is_steps = {(s.id, s.action) for s in result.process.steps}
    highlight = set() if is_as_is else {s.id for s in process.steps if (s.id, s.action) not in as_is_steps}
    finding_titles = {n: f.title for n, f in enumerate(result.findings, start=1)} if is_as_is else {}
    svg = render_swimlane(
        view,
        labels,
        prefix=prefix,
        title=f"{caption}: {process.name}",
        highlight=highlight,
        finding_titles=finding_titles,
    )
    lead = labels.duration(process.metrics.lead_time_hours)
    facts = f"{labels('steps_count', count=len(process.steps))} · {labels('lead_time')} {lead}"
    return (
        f'<figure class="{prefix}"><figcaption><b>{escape(caption)}</b><span>{escape(facts)}</span></figcaption>'
        f"{svg}</figure>"
    )


def _swatch(inner: str, width: int = 30) -> str:
    return f'<svg width="{width}" height="14" viewBox="0 0 {width} 14" aria-hidden="true">{inner}</svg>'


def _legend(labels: Labels) -> str:
    def line(kind: str, dash: str = "") -> str:
        colour, stroke, _ = FLOW_STYLE[kind]
        return _swatch(
            f'<line x1="1" y1="7" x2="29" y2="7" stroke="{colour}" stroke-width="{stroke}"{dash}/>'
        )

    items = [
        (line("flow"), labels("legend_flow")),
        (line("handoff"), labels("legend_handoff")),
        (line("boundary"), labels("legend_boundary")),
        (line("flow", ' stroke-dasharray="5 4"'), labels("legend_loop")),
        (
            _swatch(
                '<rect x="1" y="3" width="28" height="8" rx="4" fill="#fcd34d" fill-opacity="0.55" stroke="#f59e0b"/>'
            ),
            labels("legend_wait"),
        ),
        (
            _swatch(
                '<circle cx="8" cy="7" r="6.5" fill="#7c3aed"/><text x="8" y="10.5" font-size="9" '
                'text-anchor="middle" fill="#fff" font-weight="700">1</text>',
                16,
            ),
            labels("legend_finding"),
        ),
        (
            _swatch(
                '<rect x="1" y="1" width="28" height="12" fill="#ffedd5" stroke="#fdba74" stroke-dasharray="3 2"/>'
            ),
            labels("legend_external"),
        ),
        (
            _swatch(
                '<rect x="1" y="1" width="28" height="12" rx="3" fill="#fff" stroke="#0d9488" stroke-width="2"/>'
            ),
            labels("legend_new"),
        ),
        (
            _swatch(
                '<path d="M28 2 C4 2, 4 12, 28 12" fill="none" stroke="#0d9488" stroke-width="1.8" '
                'stroke-dasharray="2 3"/><path d="M15 3.5 v7 M19 3.5 v7" stroke="#0d9488" stroke-width="1.6"/>'
            ),
            labels("legend_parallel"),
        ),
    ]
    for value, colour in VALUE_COLOURS.items():
        stripe = _swatch(f'<rect x="1" y="1" width="5" height="12" rx="2" fill="{colour}"/>', 8)
        items.append((stripe, labels("value_" + value)))
    body = "".join(f"<span>{swatch}{escape(text)}</span>" for swatch, text in items)
    return f'<div class="legend" aria-label="{escape(labels("legend"))}">{body}</div>'


def _footer(result: AnalysisResult, labels: Labels) -> str:
    parts = [
        f"<span>{escape(labels('generated_by'))}</span>",
        f"<span>{escape(labels('schema_version'))} {escape(result.schema_version)}</span>",
    ]
    if result.source:
        parts.append(f"<span>{escape(labels('source'))}: {escape(result.source)}</span>")
    if result.engine.fallbacks:
        parts.append(f"<span>{escape(labels('fallbacks'))}: {len(result.engine.fallbacks)}</span>")
    return f"<footer>{''.join(parts)}</footer>"

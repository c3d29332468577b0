"""The swimlane diagram as inline SVG: one vertical lane per actor, time
flowing downwards, one row per step.

Waits are drawn as amber bars in the gap before a step; the gap grows with
the logarithm of the wait, so a six-month wait is visibly longer than a
two-day one without pushing everything else off the page, and every bar is
labelled with the wait in words. Handoffs are blue, handoffs across the
organisation boundary thick and red. Finding badges link to the finding
cards further down the page. No JavaScript: everything is static markup.

Lanes run top to bottom (not left to right as in BPMN) so that as-is and
to-be fit side by side on one screen and share one vertical scale.
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape

from interviewer.reports.labels import Labels
from interviewer.reports.svg_shapes import (
    BOX_MARGIN,
    FLOW_STYLE,
    FONT,
    GAP,
    HEADER_H,
    MAX_LINES,
    START_R,
    UNKNOWN_WAIT_PX,
    VALUE_COLOURS,
    Box,
    Geometry,
    box_height,
    draw_box,
    draw_lanes,
    wait_px,
)
from interviewer.reports.textfit import text_width, wrap
from interviewer.reports.view import Flow, ProcessView

__all__ = ["FLOW_STYLE", "VALUE_COLOURS", "Geometry", "layout", "render_swimlane", "wait_px"]


def layout(view: ProcessView, geo: Geometry) -> tuple[list[Box], float]:
    """Boxes in process order and the total height; shared scale for every diagram."""
    boxes: list[Box] = []
    # A handoff whose wait the interview did not state gets room for a "?" label.
    unknown = {f.target for f in view.flows if f.sequential and f.kind != "flow" and f.wait_hours is None}
    y = HEADER_H + 14 + 2 * START_R + GAP
    for number, step in enumerate(view.steps, start=1):
        if boxes:
            extra = UNKNOWN_WAIT_PX if step.id in unknown else 0.0
            y = boxes[-1].bottom + GAP + wait_px(view.wait_before[step.id]) + extra
        else:
            y += wait_px(view.wait_before[step.id])
        lines = wrap(step.action, geo.box_w - 14, FONT, MAX_LINES)
        x = view.lane_of[step.id] * geo.lane_w + BOX_MARGIN
        boxes.append(Box(step, number, x, y, geo.box_w, box_height(len(lines)), lines))
    bottom = boxes[-1].bottom if boxes else HEADER_H + 40
    return boxes, bottom + GAP + 2 * START_R + 16


def render_swimlane(
    view: ProcessView,
    labels: Labels,
    *,
    prefix: str,
    title: str,
    highlight: Collection[str] = (),
    finding_titles: dict[int, str] | None = None,
) -> str:
    """One SVG element. `prefix` keeps ids unique when two diagrams share a page;
    `highlight` holds ids of steps to mark as new or changed (the to-be)."""
    geo = Geometry.for_lanes(len(view.lanes))
    boxes, height = layout(view, geo)
    width = max(len(view.lanes), 1) * geo.lane_w
    by_id = {box.step.id: box for box in boxes}
    used = set(view.lane_of.values())
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="swimlane" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="{prefix}-title">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        _defs(prefix),
    ]
    out += draw_lanes(view, labels, prefix, height, used, geo)
    out += _start_end(boxes, view, labels, width)
    for flow in view.flows:
        out.append(_flow(flow, by_id, labels, prefix, geo))
    for box in boxes:
        partner = by_id.get(box.step.parallel_with or "")
        if partner is not None and partner is not box:
            out.append(_parallel(partner, box, labels))
    for box in boxes:
        out.append(draw_box(box, view, labels, box.step.id in highlight, finding_titles or {}, prefix))
    out.append("</svg>")
    return "".join(out)


def _defs(prefix: str) -> str:
    markers = "".join(
        f'<marker id="{prefix}-arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="{7 if kind != "boundary" else 5}" '
        f'markerHeight="{7 if kind != "boundary" else 5}" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for kind, (colour, _w, _d) in FLOW_STYLE.items()
    )
    hatch = (
        f'<pattern id="{prefix}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#fffaf3"/><line x1="0" y1="0" x2="0" y2="8" stroke="#fde2c4" stroke-width="3"/>'
        "</pattern>"
    )
    return f"<defs>{markers}{hatch}</defs>"


def _start_end(boxes: list[Box], view: ProcessView, labels: Labels, width: float) -> list[str]:
    if not boxes:
        return []
    first, last = boxes[0], boxes[-1]
    lead = view.process.metrics.lead_time_hours
    end_text = labels("end") + (f" · {labels.duration(lead)}" if lead is not None else "")
    sy = HEADER_H + 14 + START_R
    ey = last.bottom + GAP + START_R
    # The end label goes right of the end event, or left when it would leave the diagram.
    end_x, end_anchor = last.cx + START_R + 6, "start"
    if end_x + text_width(end_text, 11) > width:
        end_x, end_anchor = last.cx - START_R - 6, "end"
    return [
        f'<circle cx="{first.cx}" cy="{sy}" r="{START_R}" fill="#ffffff" stroke="#16a34a" stroke-width="2"><title>{escape(labels("start"))}</title></circle>',
        f'<line x1="{first.cx}" y1="{sy + START_R}" x2="{first.cx}" y2="{first.y - 1}" stroke="#94a3b8" stroke-width="1.5"/>',
        f'<line x1="{last.cx}" y1="{last.bottom}" x2="{last.cx}" y2="{ey - START_R}" stroke="#94a3b8" stroke-width="1.5"/>',
        f'<circle cx="{last.cx}" cy="{ey}" r="{START_R}" fill="#ffffff" stroke="#0f172a" stroke-width="3.5"><title>{escape(labels("end"))}</title></circle>',
        f'<text x="{end_x}" y="{ey + 4}" text-anchor="{end_anchor}" font-size="11" font-weight="700" '
        f'fill="#0f172a">{escape(end_text)}</text>',
    ]


def _clock(x: float, y: float, colour: str) -> str:
    """A small clock drawn as shapes: emoji fonts are not on every machine."""
    return (
        f'<circle cx="{x}" cy="{y}" r="5" fill="#ffffff" stroke="{colour}" stroke-width="1.4"/>'
        f'<path d="M{x} {y - 3} V{y} H{x + 2.5}" fill="none" stroke="{colour}" stroke-width="1.3" stroke-linecap="round"/>'
    )


def _wait_label(x: float, y: float, text: str, colour: str, anchor_right: bool) -> str:
    w = text_width(text, 10.5) + 18
    left = x - w if anchor_right else x
    return (
        f'<g class="wait-label"><rect x="{left:.1f}" y="{y - 8:.1f}" width="{w:.1f}" height="16" rx="8" fill="#ffffff" '
        f'fill-opacity="0.92" stroke="{colour}" stroke-opacity="0.35"/>{_clock(left + 8.5, y, colour)}'
        f'<text x="{left + 16:.1f}" y="{y + 3.6:.1f}" font-size="10.5" font-weight="600" fill="{colour}">{escape(text)}</text></g>'
    )


def _flow(flow: Flow, by_id: dict[str, Box], labels: Labels, prefix: str, geo: Geometry) -> str:
    a, b = by_id[flow.source], by_id[flow.target]
    colour, stroke, _dash = FLOW_STYLE[flow.kind]
    marker = f' marker-end="url(#{prefix}-arrow-{flow.kind})"'
    title = f"<title>{escape(a.step.actor or '?')} → {escape(b.step.actor or '?')}</title>"
    if not flow.sequential:
        return _loop(flow, a, b, colour, marker, title, labels)
    parts = [f'<g class="flow {flow.kind}">']
    turn_y = a.bottom + 11
    if abs(a.cx - b.cx) < 1:
        path = f"M{a.cx} {a.bottom} V{b.y - 2}"
    else:
        path = f"M{a.cx} {a.bottom} V{turn_y} H{b.cx} V{b.y - 2}"
    # The bar's length depends on the wait alone (not on the route), so that
    # bars compare across the diagram; it ends just above the arrow head.
    wait = flow.wait_hours
    bar_bottom = b.y - 9
    bar_top = bar_bottom - max(wait_px(wait) - 2, 0)
    if wait and wait > 0:
        parts.append(
            f'<rect class="wait" x="{b.cx - 5}" y="{bar_top:.1f}" width="10" height="{bar_bottom - bar_top:.1f}" rx="5" '
            f'fill="#fcd34d" fill-opacity="0.55" stroke="#f59e0b"/>'
        )
    parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{stroke}"{marker}/>')
    mid = (bar_top + bar_bottom) / 2 if wait else b.y - 20
    left_side = a.cx > b.cx + 1  # the incoming segment comes from the right: label on the left
    if wait and wait > 0:
        parts.append(
            _wait_label(b.cx + (-9 if left_side else 9), mid, labels.duration(wait), "#b45309", left_side)
        )
    elif wait is None and flow.kind != "flow":
        parts.append(_wait_label(b.cx + (-9 if left_side else 9), mid, "?", "#94a3b8", left_side))
    parts.append(title + "</g>")
    return "".join(parts)


def _loop(flow: Flow, a: Box, b: Box, colour: str, marker: str, title: str, labels: Labels) -> str:
    """A handoff that goes back (rework) or jumps ahead: a dashed curve beside the boxes."""
    x1, y1 = a.x + a.w, a.y + a.h / 2
    x2, y2 = b.x + b.w + 2, b.y + b.h / 2
    bulge = max(x1, x2) + BOX_MARGIN + 12
    path = f"M{x1} {y1} C{bulge} {y1}, {bulge} {y2}, {x2} {y2}"
    label = ""
    if flow.wait_hours:
        label = _wait_label(bulge + 2, (y1 + y2) / 2, labels.duration(flow.wait_hours), "#b45309", True)
    return (
        f'<g class="flow loop {flow.kind}"><path d="{path}" fill="none" stroke="{colour}" stroke-width="1.8" '
        f'stroke-dasharray="5 4"{marker}/>{label}{title}</g>'
    )


def _parallel(a: Box, b: Box, labels: Labels) -> str:
    """A step that now runs alongside an earlier one: a dashed teal bracket on their left sides."""
    x1, y1 = a.x, a.y + a.h / 2
    x2, y2 = b.x - 1, b.y + b.h / 2
    reach = min(x1, x2) - BOX_MARGIN + 1.5
    title = labels("parallel_to", n=a.number)
    return (
        f'<g class="parallel"><title>{escape(title)}</title><path d="M{x1} {y1} C{reach} {y1}, {reach} {y2}, {x2} {y2}" '
        f'fill="none" stroke="#0d9488" stroke-width="1.8" stroke-dasharray="2 3"/></g>'
    )

"""The shapes of the swimlane diagram: geometry shared by the layout, lane
headers and backgrounds, and step boxes (value stripe, number, finding
badges that link to the finding cards, parallel marker). svg_swimlane.py
places them and draws the flows between them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from interviewer.models import Step
from interviewer.reports.labels import Labels
from interviewer.reports.textfit import text_width, truncate, wrap
from interviewer.reports.view import ProcessView, home_org

# Both diagrams of a page share one lane width, chosen so that two of them fit
# side by side on a 1440 px screen at natural size (no scaling of the text).
TARGET_WIDTH = 650.0
# With more lanes than fit side by side, the diagrams are stacked, each as wide as the page.
SIDE_BY_SIDE_MAX_LANES = 6
STACKED_TARGET_WIDTH = 1300.0
MIN_LANE_W = 108.0
MAX_LANE_W = 150.0
BOX_MARGIN = 7.0
HEADER_H = 64.0
GAP = 22.0
FONT = 11.5
LINE_H = 14.0
MAX_LINES = 5
START_R = 8.0
UNKNOWN_WAIT_PX = 20.0

VALUE_COLOURS = {"customer": "#16a34a", "business": "#0e7490", "waste": "#dc2626", "unknown": "#94a3b8"}
FLOW_STYLE = {  # colour, stroke width, dash
    "flow": ("#94a3b8", 1.5, ""),
    "handoff": ("#2563eb", 2.2, ""),
    "boundary": ("#be123c", 3.4, ""),
}


@dataclass(frozen=True)
class Geometry:
    lane_w: float

    @property
    def box_w(self) -> float:
        return self.lane_w - 2 * BOX_MARGIN

    @classmethod
    def for_lanes(cls, count: int) -> Geometry:
        target = TARGET_WIDTH if count <= SIDE_BY_SIDE_MAX_LANES else STACKED_TARGET_WIDTH
        return cls(min(MAX_LANE_W, max(MIN_LANE_W, target / max(count, 1))))


def wait_px(hours: float | None) -> float:
    """Vertical space given to a wait: logarithmic, about 35 px for a day, 75 px for six months."""
    if not hours or hours <= 0:
        return 0.0
    return 12.0 + 22.0 * math.log10(1.0 + hours)


@dataclass
class Box:
    step: Step
    number: int
    x: float
    y: float
    w: float
    h: float
    lines: list[str]

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


def box_height(lines: int) -> float:
    return max(62.0, 20.0 + lines * LINE_H + 22.0)


def draw_lanes(
    view: ProcessView, labels: Labels, prefix: str, height: float, used: set[int], geo: Geometry
) -> list[str]:
    out: list[str] = []
    w = geo.lane_w
    home = home_org([view.process])
    for lane in view.lanes:
        x = lane.index * w
        cx = x + w / 2
        body = f"url(#{prefix}-hatch)" if lane.external else ("#ffffff" if lane.index % 2 == 0 else "#f8fafc")
        head = "#ffedd5" if lane.external else "#eef2f7"
        faded = "" if lane.index in used else ' opacity="0.45"'
        out.append(f'<g class="lane{" external" if lane.external else ""}"{faded}>')
        out.append(f'<rect x="{x}" y="0" width="{w}" height="{height:.0f}" fill="{body}"/>')
        out.append(f'<rect x="{x}" y="0" width="{w}" height="{HEADER_H}" fill="{head}"/>')
        if lane.index:
            dash = ' stroke-dasharray="5 4"' if lane.external or view.lanes[lane.index - 1].external else ""
            out.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height:.0f}" stroke="#cbd5e1"{dash}/>')
        # Header rows: [EXTERNAL tag], title (1-2 lines), [organisation when not the home one].
        title_lines = wrap(lane.title, w - 12, 12, 2)
        org = lane.org_unit if lane.org_unit and (lane.external or lane.org_unit != home) else None
        if org and org.casefold() == lane.title.casefold():
            org = None  # the actor is named after its organisation: say it once
        rows = len(title_lines) + (1 if lane.external else 0) + (1 if org else 0)
        y = HEADER_H / 2 - rows * 13.5 / 2 + 10
        if lane.external:
            tag = labels("external").upper()
            tw = text_width(tag, 8.5) + 12
            out.append(
                f'<rect x="{cx - tw / 2:.1f}" y="{y - 9:.1f}" width="{tw:.1f}" height="12" rx="6" fill="#c2410c"/>'
                f'<text x="{cx}" y="{y:.1f}" text-anchor="middle" font-size="8.5" font-weight="700" fill="#ffffff" '
                f'letter-spacing="0.06em">{escape(tag)}</text>'
            )
            y += 14.5
        for line in title_lines:
            out.append(
                f'<text x="{cx}" y="{y:.1f}" text-anchor="middle" font-size="12" font-weight="600" '
                f'fill="#0f172a">{escape(line)}</text>'
            )
            y += 13.5
        if org:
            colour = "#c2410c" if lane.external else "#64748b"
            out.append(
                f'<text x="{cx}" y="{y:.1f}" text-anchor="middle" font-size="9.5" fill="{colour}">'
                f"{escape(truncate(org, w - 10, 9.5))}</text>"
            )
        out.append(
            f"<title>{escape(lane.title)}{' — ' + escape(lane.org_unit) if lane.org_unit else ''}</title>"
        )
        out.append("</g>")
    width = len(view.lanes) * w
    out.append(f'<line x1="0" y1="{HEADER_H}" x2="{width}" y2="{HEADER_H}" stroke="#cbd5e1"/>')
    return out


def _tooltip(step: Step, view: ProcessView, labels: Labels, partner: int | None) -> str:
    unknown = labels("unknown")
    tip = [step.action, f"{labels('actor')}: {step.actor or unknown}"]
    if step.system:
        tip.append(f"{labels('system')}: {step.system}")
    tip.append(f"{labels('duration')}: {labels.duration(step.duration_hours, missing=unknown)}")
    tip.append(f"{labels('wait')}: {labels.duration(view.wait_before[step.id], missing=unknown)}")
    tip.append(f"{labels('value')}: {labels('value_' + step.value)}")
    if partner is not None:
        tip.append(labels("parallel_to", n=partner))
    return "\n".join(tip)


def draw_box(
    box: Box,
    view: ProcessView,
    labels: Labels,
    highlighted: bool,
    finding_titles: dict[int, str],
    prefix: str,
) -> str:
    step = box.step
    numbers = {s.id: n for n, s in enumerate(view.steps, start=1)}
    partner = (
        numbers.get(step.parallel_with) if step.parallel_with and step.parallel_with != step.id else None
    )
    stroke, stroke_w = ("#0d9488", 2.2) if highlighted else ("#cbd5e1", 1.2)
    fill = "#fff5f5" if step.value == "waste" else "#ffffff"
    x, y = box.x, box.y
    out = [
        f'<g class="step{" changed" if highlighted else ""}" id="{escape(prefix)}-step-{escape(step.id)}">',
        f"<title>{escape(_tooltip(step, view, labels, partner))}</title>",
        f'<rect x="{x}" y="{y:.1f}" width="{box.w}" height="{box.h:.1f}" rx="7" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{stroke_w}" filter="drop-shadow(0 1px 1.5px rgba(15,23,42,0.12))"/>',
        f'<rect x="{x + 1.5}" y="{y + 6:.1f}" width="3.5" height="{box.h - 12:.1f}" rx="1.75" '
        f'fill="{VALUE_COLOURS[step.value]}"/>',
        f'<text x="{x + 10}" y="{y + 14:.1f}" font-size="9.5" font-weight="700" fill="#94a3b8">'
        f"{'✦ ' if highlighted else ''}{box.number}</text>",
    ]
    if partner is not None:
        # "parallel to step N": two drawn bars (the ∥ glyph is missing from many fonts) and N.
        px = x + box.w - 8 - text_width(str(partner), 9.5)
        out.append(
            f'<path d="M{px - 9} {y + 8:.1f} v9 M{px - 5} {y + 8:.1f} v9" stroke="#0d9488" stroke-width="1.6"/>'
            f'<text x="{x + box.w - 8}" y="{y + 16:.1f}" text-anchor="end" font-size="9.5" font-weight="700" '
            f'fill="#0d9488">{partner}</text>'
        )
    ty = y + 30
    for line in box.lines:
        out.append(f'<text x="{x + 9}" y="{ty:.1f}" font-size="{FONT}" fill="#0f172a">{escape(line)}</text>')
        ty += LINE_H
    meta_y = y + box.h - 8
    duration = labels.duration(step.duration_hours, short=True, missing="")
    dur_w = text_width(duration, 9.5)
    if step.system:
        system = truncate(step.system, box.w - 22 - dur_w, 9.5)
        out.append(
            f'<text x="{x + 10}" y="{meta_y:.1f}" font-size="9.5" fill="#64748b">{escape(system)}</text>'
        )
    if duration:
        out.append(
            f'<text x="{x + box.w - 7}" y="{meta_y:.1f}" text-anchor="end" font-size="9.5" font-weight="600" '
            f'fill="#475569">{escape(duration)}</text>'
        )
    badges = view.findings_of.get(step.id, [])[:5]
    for k, number in enumerate(badges):
        cx = x + box.w - 10 - (len(badges) - 1 - k) * 19  # ascending from left to right
        name = finding_titles.get(number, "")
        out.append(
            f'<a href="#finding-{number}" class="badge"><title>{escape(labels("finding"))} {number}: {escape(name)}</title>'
            f'<circle cx="{cx}" cy="{y:.1f}" r="8.5" fill="#7c3aed" stroke="#ffffff" stroke-width="1.5"/>'
            f'<text x="{cx}" y="{y + 3.5:.1f}" text-anchor="middle" font-size="10" font-weight="700" fill="#ffffff">'
            f"{number}</text></a>"
        )
    out.append("</g>")
    return "".join(out)

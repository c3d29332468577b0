"""Mermaid flowcharts, for Markdown renderers (GitHub, GitLab, wikis).

One subgraph per actor (external organisations styled apart), one node per
step, edges labelled with the wait before the next step; handoffs across the
organisation boundary are thick red edges. User text is written with
Mermaid's entity codes (#quot; and friends), so quotes, brackets, pipes and
HTML in an interview cannot break the chart or inject markup.
"""

from __future__ import annotations

from interviewer.models import AnalysisResult, Finding, Process
from interviewer.reports.labels import Labels
from interviewer.reports.view import build_lanes, build_view, used_lanes

# Characters that end a quoted label or start markup / entity codes.
_ENTITIES = {
    '"': "#quot;",
    "#": "#35;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "`": "#96;",
    "\\": "#92;",
}

STYLE_CLASSES = (
    "classDef customer fill:#f0fdf4,stroke:#16a34a,color:#0f172a",
    "classDef business fill:#ecfeff,stroke:#0e7490,color:#0f172a",
    "classDef waste fill:#fef2f2,stroke:#dc2626,color:#0f172a",
    "classDef unknown fill:#f8fafc,stroke:#94a3b8,color:#0f172a",
    "classDef event fill:#ffffff,stroke:#0f172a",
)
EDGE_STYLE = {"handoff": "stroke:#2563eb,stroke-width:2px", "boundary": "stroke:#be123c,stroke-width:3px"}


def mermaid_text(text: str) -> str:
    """Text safe inside a double-quoted Mermaid label."""
    return "".join(_ENTITIES.get(c, " " if c in "\r\n\t" else c) for c in text).strip()


def _comment(text: str) -> str:
    return " ".join(text.split())


def flowchart(process: Process, labels: Labels, findings: list[Finding] | None = None) -> str:
    """A `flowchart LR` of one process (as-is or to-be)."""
    lanes = build_lanes([process], labels("unassigned_actor"))
    view = build_view(process, lanes, findings or [])
    node = {step.id: f"s_{n}" for n, step in enumerate(process.steps, start=1)}
    lines = [f"%% {_comment(process.name)}", "flowchart LR"]
    lines += [f"  {c}" for c in STYLE_CLASSES]
    if not process.steps:
        lines.append(f'  n_start(("{mermaid_text(labels("no_steps"))}"))')
        return "\n".join(lines) + "\n"
    lines.append(f'  n_start(("{mermaid_text(labels("start"))}")):::event')
    for lane in used_lanes(view):
        title = lane.title
        if lane.external:
            title += f" ({labels('external')}" + (f" · {lane.org_unit})" if lane.org_unit else ")")
        lines.append(f'  subgraph lane_{lane.index + 1}["{mermaid_text(title)}"]')
        for step in process.steps:
            if view.lane_of[step.id] != lane.index:
                continue
            meta = " · ".join(
                part
                for part in (step.system or "", labels.duration(step.duration_hours, short=True, missing=""))
                if part
            )
            label = mermaid_text(step.action)
            if meta:
                label += f"<br/><small>{mermaid_text(meta)}</small>"
            numbers = view.findings_of.get(step.id)
            if numbers:
                word = labels("finding") if len(numbers) == 1 else labels("findings")
                text = f"{word} {', '.join(map(str, numbers))}"
                label += f"<br/><small>⚠ {mermaid_text(text)}</small>"
            lines.append(f'    {node[step.id]}["{label}"]:::{step.value}')
        lines.append("  end")
        if lane.external:
            lines.append(f"  style lane_{lane.index + 1} fill:#fff7ed,stroke:#c2410c,stroke-dasharray:5 4")
    lines.append(f'  n_end((("{mermaid_text(labels("end"))}"))):::event')

    edges: list[str] = [f"  n_start --> {node[process.steps[0].id]}"]
    styled: dict[str, list[int]] = {"handoff": [], "boundary": []}
    for flow in view.flows:
        arrow = "==>" if flow.kind == "boundary" else "-.->" if not flow.sequential else "-->"
        wait = ""
        if flow.wait_hours:
            wait = f'|"{mermaid_text(labels("mermaid_wait", wait=labels.duration(flow.wait_hours)))}"|'
        if flow.kind in styled:
            styled[flow.kind].append(len(edges))
        edges.append(f"  {node[flow.source]} {arrow}{wait} {node[flow.target]}")
    edges.append(f"  {node[process.steps[-1].id]} --> n_end")
    parallel = f'|"∥ {mermaid_text(labels("legend_parallel"))}"|'
    for step in process.steps:
        if step.parallel_with in node and step.parallel_with != step.id:
            edges.append(f"  {node[step.parallel_with]} -.-{parallel} {node[step.id]}")
    lines += edges
    for kind, indexes in styled.items():
        if indexes:
            lines.append(f"  linkStyle {','.join(map(str, indexes))} {EDGE_STYLE[kind]}")
    return "\n".join(lines) + "\n"


def render_mermaid(result: AnalysisResult) -> str:
    """The .mmd file: the as-is process, findings marked on their steps."""
    labels = Labels(result.language)
    return flowchart(result.process, labels, result.findings)

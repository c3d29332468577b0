"""BPMN 2.0 XML: a collaboration with one pool for the as-is process (and one
for the to-be, when there is one), each pool a process with a lane set of one
lane per actor; a start event, one task per step, an intermediate timer event
for every stated wait, an end event, sequence flows, and full BPMNDI (shapes
for pools, lanes, tasks and events; edges with waypoints for every flow).

Ids are derived from the step ids, so the same result always gives the same
file. Built with ElementTree, which escapes all text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from interviewer import __version__
from interviewer.models import AnalysisResult, Process, Step
from interviewer.reports.bpmn_layout import Bounds, Node, PoolLayout, label_bounds, layout_pool, next_pool_top
from interviewer.reports.labels import Labels
from interviewer.reports.view import ProcessView, build_lanes, build_view, used_lanes

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NAMESPACES = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

# Characters XML 1.0 does not allow; transcripts occasionally carry them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def xml_text(text: str) -> str:
    return _INVALID_XML.sub(" ", text)


def safe_id(text: str) -> str:
    """An NCName fragment from a step id."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", text) or "x"


@dataclass
class _Pool:
    prefix: str
    name: str
    process: Process
    view: ProcessView
    nodes: list[Node] = field(default_factory=list)
    flows: list[tuple[str, str, str]] = field(default_factory=list)
    node_step: dict[str, Step] = field(default_factory=dict)
    node_name: dict[str, str] = field(default_factory=dict)
    node_doc: dict[str, str] = field(default_factory=dict)
    timer_hours: dict[str, float] = field(default_factory=dict)


def iso_duration(hours: float) -> str:
    """ISO 8601 duration for a timer: whole days as P14D, else hours as PT4.5H."""
    if hours >= 24 and float(hours / 24).is_integer():
        return f"P{int(hours // 24)}D"
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return f"PT{text}H"


def _documentation(step: Step, view: ProcessView, labels: Labels, findings: dict[int, str]) -> str:
    lane = view.lane(step)
    lines = [f"{labels('actor')}: {step.actor or labels('unknown')}"]
    if step.org_unit:
        lines.append(
            f"{labels('org_unit')}: {step.org_unit}" + (f" ({labels('external')})" if lane.external else "")
        )
    lines.append(f"{labels('system')}: {step.system or labels('unknown')}")
    lines.append(f"{labels('duration')}: {labels.duration(step.duration_hours, missing=labels('unknown'))}")
    lines.append(f"{labels('wait')}: {labels.duration(view.wait_before[step.id], missing=labels('unknown'))}")
    lines.append(f"{labels('value')}: {labels('value_' + step.value)}")
    if step.parallel_with and step.parallel_with != step.id:
        numbers = {s.id: n for n, s in enumerate(view.steps, start=1)}
        if step.parallel_with in numbers:
            lines.append(labels("parallel_to", n=numbers[step.parallel_with]))
    for number in view.findings_of.get(step.id, []):
        lines.append(f"{labels('finding')} {number}: {findings.get(number, '')}")
    for evidence in step.evidence:
        lines.append(f"{labels('evidence')} ({labels('turn')} {evidence.turn}): “{evidence.quote}”")
    return "\n".join(lines)


def _plan_pool(prefix: str, name: str, view: ProcessView, labels: Labels, findings: dict[int, str]) -> _Pool:
    """The flow nodes in order: start, [timer], task, [timer], task, ..., end."""
    pool = _Pool(prefix, name, view.process, view)
    lanes = used_lanes(view)
    row = {lane.index: i for i, lane in enumerate(lanes)}
    steps = view.steps
    taken: set[str] = set()

    def add(node_id: str, kind: str, lane: int) -> str:
        while node_id in taken:  # two step ids that sanitise alike
            node_id += "_"
        taken.add(node_id)
        pool.nodes.append(Node(node_id, kind, lane))
        return node_id

    first_lane = row[view.lane_of[steps[0].id]] if steps else 0
    previous = add(f"{prefix}_StartEvent", "start", first_lane)
    pool.node_name[previous] = view.process.trigger or labels("start")
    for step in steps:
        lane = row[view.lane_of[step.id]]
        wait = view.wait_before[step.id]
        if wait:
            timer = add(f"{prefix}_Wait_{safe_id(step.id)}", "timer", lane)
            pool.node_name[timer] = labels.duration(wait)
            pool.timer_hours[timer] = wait
            pool.flows.append((f"{prefix}_Flow_{len(pool.flows) + 1}", previous, timer))
            previous = timer
        task = add(f"{prefix}_Task_{safe_id(step.id)}", "task", lane)
        pool.node_step[task] = step
        pool.node_name[task] = step.action
        pool.node_doc[task] = _documentation(step, view, labels, findings)
        pool.flows.append((f"{prefix}_Flow_{len(pool.flows) + 1}", previous, task))
        previous = task
    end = add(f"{prefix}_EndEvent", "end", row[view.lane_of[steps[-1].id]] if steps else 0)
    pool.node_name[end] = view.process.customer or labels("end")
    pool.flows.append((f"{prefix}_Flow_{len(pool.flows) + 1}", previous, end))
    return pool


def _semantic(definitions: ET.Element, collaboration: ET.Element, pool: _Pool, labels: Labels) -> None:
    process_id = f"{pool.prefix}_Process"
    ET.SubElement(
        collaboration,
        _q(BPMN, "participant"),
        {"id": f"{pool.prefix}_Participant", "name": xml_text(pool.name), "processRef": process_id},
    )
    process = ET.SubElement(
        definitions,
        _q(BPMN, "process"),
        {"id": process_id, "name": xml_text(pool.name), "isExecutable": "false"},
    )
    lane_set = ET.SubElement(process, _q(BPMN, "laneSet"), {"id": f"{pool.prefix}_LaneSet"})
    for i, lane in enumerate(used_lanes(pool.view)):
        title = lane.title + (
            f" ({labels('external')}: {lane.org_unit})" if lane.external and lane.org_unit else ""
        )
        element = ET.SubElement(
            lane_set, _q(BPMN, "lane"), {"id": f"{pool.prefix}_Lane_{i + 1}", "name": xml_text(title)}
        )
        for node in pool.nodes:
            if node.lane == i:
                ET.SubElement(element, _q(BPMN, "flowNodeRef")).text = node.id
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for flow_id, source, target in pool.flows:
        outgoing.setdefault(source, []).append(flow_id)
        incoming.setdefault(target, []).append(flow_id)
    tags = {"start": "startEvent", "end": "endEvent", "timer": "intermediateCatchEvent", "task": "task"}
    for node in pool.nodes:
        element = ET.SubElement(
            process, _q(BPMN, tags[node.kind]), {"id": node.id, "name": xml_text(pool.node_name[node.id])}
        )
        if node.id in pool.node_doc:
            ET.SubElement(element, _q(BPMN, "documentation")).text = xml_text(pool.node_doc[node.id])
        for flow_id in incoming.get(node.id, []):
            ET.SubElement(element, _q(BPMN, "incoming")).text = flow_id
        for flow_id in outgoing.get(node.id, []):
            ET.SubElement(element, _q(BPMN, "outgoing")).text = flow_id
        if node.kind == "timer":
            timer = ET.SubElement(element, _q(BPMN, "timerEventDefinition"), {"id": f"{node.id}_Timer"})
            duration = ET.SubElement(
                timer, _q(BPMN, "timeDuration"), {_q(XSI, "type"): "bpmn:tFormalExpression"}
            )
            duration.text = iso_duration(pool.timer_hours[node.id])
    for flow_id, source, target in pool.flows:
        ET.SubElement(
            process, _q(BPMN, "sequenceFlow"), {"id": flow_id, "sourceRef": source, "targetRef": target}
        )


def _bounds(parent: ET.Element, bounds: Bounds) -> None:
    ET.SubElement(
        parent,
        _q(DC, "Bounds"),
        {"x": _n(bounds.x), "y": _n(bounds.y), "width": _n(bounds.width), "height": _n(bounds.height)},
    )


def _n(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _diagram(plane: ET.Element, pool: _Pool, layout: PoolLayout) -> None:
    shape = ET.SubElement(
        plane,
        _q(BPMNDI, "BPMNShape"),
        {
            "id": f"{pool.prefix}_Participant_di",
            "bpmnElement": f"{pool.prefix}_Participant",
            "isHorizontal": "true",
        },
    )
    _bounds(shape, layout.bounds)
    for i, bounds in enumerate(layout.lanes):
        lane_id = f"{pool.prefix}_Lane_{i + 1}"
        shape = ET.SubElement(
            plane,
            _q(BPMNDI, "BPMNShape"),
            {"id": f"{lane_id}_di", "bpmnElement": lane_id, "isHorizontal": "true"},
        )
        _bounds(shape, bounds)
    for node in pool.nodes:
        shape = ET.SubElement(plane, _q(BPMNDI, "BPMNShape"), {"id": f"{node.id}_di", "bpmnElement": node.id})
        _bounds(shape, layout.nodes[node.id])
        if node.kind != "task":
            label = ET.SubElement(shape, _q(BPMNDI, "BPMNLabel"))
            _bounds(label, label_bounds(layout.nodes[node.id], len(pool.node_name[node.id])))
    for flow_id, _source, _target in pool.flows:
        edge = ET.SubElement(plane, _q(BPMNDI, "BPMNEdge"), {"id": f"{flow_id}_di", "bpmnElement": flow_id})
        for x, y in layout.edges[flow_id]:
            ET.SubElement(edge, _q(DI, "waypoint"), {"x": _n(x), "y": _n(y)})


def _pool_name(tag: str, process: Process) -> str:
    """ "Ist: Glasfaseranschluss", unless the name already says it ("... (Soll)")."""
    return process.name if tag.lower() in process.name.lower() else f"{tag}: {process.name}"


def render_bpmn(result: AnalysisResult) -> str:
    labels = Labels(result.language)
    processes = [result.process] + ([result.to_be] if result.to_be else [])
    lanes = build_lanes(processes, labels("unassigned_actor"))
    finding_titles = {n: f.title for n, f in enumerate(result.findings, start=1)}
    pools = [
        _plan_pool(
            "AsIs",
            _pool_name(labels("as_is"), result.process),
            build_view(result.process, lanes, result.findings),
            labels,
            finding_titles,
        )
    ]
    if result.to_be:
        pools.append(
            _plan_pool(
                "ToBe", _pool_name(labels("to_be"), result.to_be), build_view(result.to_be, lanes), labels, {}
            )
        )

    definitions = ET.Element(
        _q(BPMN, "definitions"),
        {
            "id": "Definitions_1",
            "targetNamespace": "urn:process-interviewer:bpmn",
            "exporter": "process-interviewer",
            "exporterVersion": __version__,
        },
    )
    collaboration = ET.SubElement(definitions, _q(BPMN, "collaboration"), {"id": "Collaboration_1"})
    ET.SubElement(collaboration, _q(BPMN, "documentation")).text = xml_text(
        f"{labels('report_title')}: {result.process.name} ({labels('case')} {result.case_id})"
    )
    for pool in pools:
        _semantic(definitions, collaboration, pool, labels)
    diagram = ET.SubElement(definitions, _q(BPMNDI, "BPMNDiagram"), {"id": "BPMNDiagram_1"})
    plane = ET.SubElement(
        diagram, _q(BPMNDI, "BPMNPlane"), {"id": "BPMNPlane_1", "bpmnElement": "Collaboration_1"}
    )
    top = 80.0
    for pool in pools:
        layout = layout_pool(top, len(used_lanes(pool.view)), pool.nodes, pool.flows)
        _diagram(plane, pool, layout)
        top = next_pool_top(layout)
    ET.indent(definitions, space="  ")
    return ET.tostring(definitions, encoding="unicode", xml_declaration=False).join(
        ['<?xml version="1.0" encoding="UTF-8"?>\n', "\n"]
    )

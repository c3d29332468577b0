"""BPMN 2.0: valid against the OMG schema, one pool per process with one lane
per actor, and a BPMNDI shape or edge for every element (so it opens laid out)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from interviewer.models import AnalysisResult
from interviewer.reports import render
from interviewer.reports.bpmn import iso_duration
from interviewer.reports.labels import Labels
from tests.conftest import SHARED
from tests.reports.support import EVAL_CASE_FILES, FIXTURE_NAMES, analysed_eval_case, load_fixture

XSD_DIR = SHARED / "vendor" / "bpmn-xsd"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
FLOW_NODES = ("startEvent", "endEvent", "task", "intermediateCatchEvent")


@pytest.fixture(scope="module")
def schema() -> Iterator[etree.XMLSchema]:
    if not (XSD_DIR / "BPMN20.xsd").is_file():
        pytest.skip(f"BPMN XSD not found at {XSD_DIR} (../shared is missing): BPMN output NOT validated")
    # Parsed from its own folder so that the includes and imports resolve.
    yield etree.XMLSchema(etree.parse(str(XSD_DIR / "BPMN20.xsd")))


def _validate(schema: etree.XMLSchema, text: str) -> etree._Element:
    document = etree.fromstring(text.encode("utf-8"))
    if not schema.validate(document):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        pytest.fail(f"BPMN does not validate against BPMN20.xsd:\n{errors}")
    return document


def _check_structure(result: AnalysisResult, root: etree._Element) -> None:
    processes = [result.process] + ([result.to_be] if result.to_be else [])
    participants = root.findall("bpmn:collaboration/bpmn:participant", NS)
    assert len(participants) == len(processes)
    # Both pools order their lanes alike: by first appearance, as-is first.
    unassigned = Labels(result.language)("unassigned_actor")
    lane_order = list(
        dict.fromkeys((s.actor or "").strip() or unassigned for p in processes for s in p.steps)
    )
    for participant, process in zip(participants, processes, strict=True):
        element = root.find(f"bpmn:process[@id='{participant.get('processRef')}']", NS)
        assert element is not None
        lanes = element.findall("bpmn:laneSet/bpmn:lane", NS)
        used = {(s.actor or "").strip() or unassigned for s in process.steps}
        actors = [a for a in lane_order if a in used]
        names = [lane.get("name") for lane in lanes]
        assert len(names) == len(actors)
        for name, actor in zip(names, actors, strict=True):  # external lanes add "(external: company)"
            assert name == actor or name.startswith(f"{actor} ("), (name, actor)
        # Each flow node sits in exactly one lane, and each task is one step, in order.
        refs = [ref.text for lane in lanes for ref in lane.findall("bpmn:flowNodeRef", NS)]
        nodes = [n.get("id") for tag in FLOW_NODES for n in element.findall(f"bpmn:{tag}", NS)]
        assert sorted(refs) == sorted(nodes)
        tasks = element.findall("bpmn:task", NS)
        assert [t.get("name") for t in tasks] == [s.action for s in process.steps]
        timers = element.findall(
            "bpmn:intermediateCatchEvent/bpmn:timerEventDefinition/bpmn:timeDuration", NS
        )
        assert len(timers) == sum(1 for s in process.steps if s.wait_hours)
        # The flows chain start -> ... -> end without gaps.
        flows = element.findall("bpmn:sequenceFlow", NS)
        assert len(flows) == len(nodes) - 1
        assert {f.get("sourceRef") for f in flows} | {f.get("targetRef") for f in flows} == set(nodes)

    # Diagram interchange: every pool, lane and node has a shape, every flow an edge.
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    assert plane is not None
    shapes = {s.get("bpmnElement"): s for s in plane.findall("bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in plane.findall("bpmndi:BPMNEdge", NS)}
    for participant in participants:
        assert shapes[participant.get("id")].get("isHorizontal") == "true"
    for lane in root.iterfind(".//bpmn:lane", NS):
        assert shapes[lane.get("id")].get("isHorizontal") == "true"
    for tag in FLOW_NODES:
        for node in root.iterfind(f".//bpmn:{tag}", NS):
            assert shapes[node.get("id")].find("dc:Bounds", NS) is not None
    for flow in root.iterfind(".//bpmn:sequenceFlow", NS):
        assert len(edges[flow.get("id")].findall("di:waypoint", NS)) >= 2
    # Nodes are drawn inside their lane.
    for lane in root.iterfind(".//bpmn:lane", NS):
        lane_box = shapes[lane.get("id")].find("dc:Bounds", NS)
        top, bottom = float(lane_box.get("y")), float(lane_box.get("y")) + float(lane_box.get("height"))
        for ref in lane.findall("bpmn:flowNodeRef", NS):
            box = shapes[ref.text].find("dc:Bounds", NS)
            assert top <= float(box.get("y")) and float(box.get("y")) + float(box.get("height")) <= bottom


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_bpmn_validates_and_is_complete(schema: etree.XMLSchema, name: str) -> None:
    result = load_fixture(name)
    _check_structure(result, _validate(schema, render(result, "bpmn")))


@pytest.mark.parametrize("path", EVAL_CASE_FILES, ids=[p.stem for p in EVAL_CASE_FILES])
def test_eval_case_bpmn_validates_and_is_complete(schema: etree.XMLSchema, path: Path) -> None:
    result = analysed_eval_case(path)
    _check_structure(result, _validate(schema, render(result, "bpmn")))


def test_output_is_deterministic() -> None:
    result = load_fixture(FIXTURE_NAMES[0])
    assert render(result, "bpmn") == render(result.model_copy(deep=True), "bpmn")


def test_hostile_text_and_odd_ids_stay_valid(schema: etree.XMLSchema) -> None:
    result = load_fixture("glasfaser-neubau")
    steps = [
        s.model_copy(update={"id": f"step {i}/ä", "action": f'<task> & \x01 "{i}"]]>'})
        for i, s in enumerate(result.process.steps)
    ]
    # Ids that sanitise to the same NCName must still be unique.
    steps[1] = steps[1].model_copy(update={"id": "step 0/ä!"})
    process = result.process.model_copy(update={"steps": steps, "handoffs": []})
    root = _validate(schema, render(result.model_copy(update={"process": process, "to_be": None}), "bpmn"))
    names = [t.get("name") for t in root.iterfind(".//bpmn:task", NS)]
    assert names[0] == '<task> &   "0"]]>'
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_process_without_steps_is_still_valid(schema: etree.XMLSchema) -> None:
    result = load_fixture(FIXTURE_NAMES[0])
    empty = result.process.model_copy(update={"steps": [], "handoffs": []})
    _validate(schema, render(result.model_copy(update={"process": empty, "to_be": None}), "bpmn"))


@pytest.mark.parametrize(
    ("hours", "iso"), [(336, "P14D"), (48, "P2D"), (4.5, "PT4.5H"), (30, "PT30H"), (0.25, "PT0.25H")]
)
def test_timer_durations_are_iso_8601(hours: float, iso: str) -> None:
    assert iso_duration(hours) == iso

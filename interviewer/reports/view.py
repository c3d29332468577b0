"""What every diagram needs to know about a process, computed once: the lanes
(one per actor, external organisations marked), the flows between steps
(plain, handoff, or across the organisation boundary), the wait before each
step, and which findings concern which step.

The SVG swimlane, the BPMN file and the Mermaid chart all draw from this, so
they agree on lanes, arrows and waits.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, cast

from interviewer.models import Finding, Handoff, Process, Step

MARKERS_FILE = Path(__file__).with_name("external_markers.yaml")

FlowKind = Literal["flow", "handoff", "boundary"]


@dataclass(frozen=True)
class Lane:
    index: int
    key: str  # the actor as written, "" when the interview did not say
    title: str
    org_unit: str | None
    external: bool


@dataclass(frozen=True)
class Flow:
    source: str  # step id
    target: str  # step id
    kind: FlowKind
    wait_hours: float | None
    # False for a handoff between steps that are not neighbours in process
    # order, typically a rework loop going back.
    sequential: bool = True


@dataclass
class ProcessView:
    process: Process
    lanes: list[Lane]
    lane_of: dict[str, int]  # step id -> lane index
    flows: list[Flow]
    wait_before: dict[str, float | None]  # step id -> hours waited before it starts
    findings_of: dict[str, list[int]] = field(default_factory=dict)  # step id -> finding numbers

    @property
    def steps(self) -> list[Step]:
        return self.process.steps

    def lane(self, step: Step) -> Lane:
        return self.lanes[self.lane_of[step.id]]


def lane_key(step: Step) -> str:
    return (step.actor or "").strip()


@lru_cache(maxsize=1)
def _markers() -> tuple[frozenset[str], tuple[str, ...]]:
    import yaml

    data = cast(dict[str, list[str]], yaml.safe_load(MARKERS_FILE.read_text(encoding="utf-8")))
    words = frozenset(str(w).lower() for w in data.get("words", []))
    suffixes = tuple(str(s).lower() for s in data.get("suffixes", []))
    return words, suffixes


def looks_external(name: str) -> bool:
    """True when a unit or actor name reads like another organisation."""
    words, suffixes = _markers()
    for token in re.findall(r"\w+(?:\.\w+)*\.?", name.lower()):
        if token in words or token.rstrip(".") in words:
            return True
        if len(token) > 5 and token.endswith(suffixes):
            return True
    return False


def home_org(processes: Sequence[Process]) -> str | None:
    """The organisation most steps belong to: the interviewee's own."""
    counts = Counter(
        s.org_unit.strip() for p in processes for s in p.steps if s.org_unit and s.org_unit.strip()
    )
    return counts.most_common(1)[0][0] if counts else None


def build_lanes(processes: Sequence[Process], unassigned_title: str) -> list[Lane]:
    """One lane per actor, in order of first appearance across the processes.

    Passing the as-is and the to-be process together gives both diagrams the
    same lanes in the same order, so they can be compared side by side.
    """
    home = home_org(processes)
    lanes: list[Lane] = []
    seen: dict[str, int] = {}
    for process in processes:
        for step in process.steps:
            key = lane_key(step)
            if key in seen:
                continue
            org = step.org_unit.strip() if step.org_unit and step.org_unit.strip() else None
            name_to_check = org if org else key
            external = bool(name_to_check) and org != home and looks_external(name_to_check)
            seen[key] = len(lanes)
            lanes.append(Lane(len(lanes), key, key or unassigned_title, org, external))
    return lanes


def _wait_before(step: Step, incoming: Sequence[Handoff]) -> float | None:
    if step.wait_hours is not None:
        return step.wait_hours
    for handoff in incoming:
        if handoff.wait_hours is not None:
            return handoff.wait_hours
    return None


def _kind(handoff: Handoff | None, a: Lane, b: Lane) -> FlowKind:
    if handoff is not None and handoff.crosses_org_boundary:
        return "boundary"
    if a.index != b.index:
        if a.external != b.external or (a.org_unit and b.org_unit and a.org_unit != b.org_unit):
            return "boundary"
        return "handoff"
    return "handoff" if handoff is not None and handoff.from_actor != handoff.to_actor else "flow"


def build_view(
    process: Process,
    lanes: Sequence[Lane] | None = None,
    findings: Sequence[Finding] = (),
    *,
    unassigned_title: str = "?",
) -> ProcessView:
    lanes = list(lanes) if lanes is not None else build_lanes([process], unassigned_title)
    index_by_key = {lane.key: lane.index for lane in lanes}
    lane_of = {step.id: index_by_key[lane_key(step)] for step in process.steps}
    step_ids = [step.id for step in process.steps]
    known = set(step_ids)

    by_pair: dict[tuple[str, str], Handoff] = {}
    incoming: dict[str, list[Handoff]] = {}
    for handoff in process.handoffs:
        if handoff.from_step in known and handoff.to_step in known:
            by_pair.setdefault((handoff.from_step, handoff.to_step), handoff)
            incoming.setdefault(handoff.to_step, []).append(handoff)

    wait_before = {s.id: _wait_before(s, incoming.get(s.id, [])) for s in process.steps}
    flows: list[Flow] = []
    consecutive = set(itertools.pairwise(step_ids))
    for source, target in itertools.pairwise(step_ids):
        kind = _kind(by_pair.get((source, target)), lanes[lane_of[source]], lanes[lane_of[target]])
        flows.append(Flow(source, target, kind, wait_before[target]))
    for (source, target), jump in by_pair.items():
        if (source, target) not in consecutive and source != target:
            kind = _kind(jump, lanes[lane_of[source]], lanes[lane_of[target]])
            flows.append(Flow(source, target, kind, jump.wait_hours, sequential=False))

    findings_of: dict[str, list[int]] = {}
    for number, finding in enumerate(findings, start=1):
        for step_id in dict.fromkeys(finding.step_ids):
            if step_id in known:
                findings_of.setdefault(step_id, []).append(number)
    return ProcessView(process, list(lanes), lane_of, flows, wait_before, findings_of)


def used_lanes(view: ProcessView) -> list[Lane]:
    """The lanes that hold at least one step (BPMN and Mermaid draw only these)."""
    used = set(view.lane_of.values())
    return [lane for lane in view.lanes if lane.index in used]

"""Coordinates for the BPMN diagram interchange (BPMNDI): a horizontal pool
with one lane per actor, the flow nodes left to right in process order, and
orthogonal edges. Modelers (bpmn-js, Camunda Modeler) draw exactly these
bounds, so the file opens laid out, with its lanes, without auto-layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

POOL_X = 160.0
POOL_LABEL_W = 30.0  # the vertical name band of the pool
LANE_LABEL_W = 30.0  # the vertical name band of each lane
LANE_H = 130.0
TASK_W, TASK_H = 110.0, 80.0
EVENT_SIZE = 36.0
GAP = 50.0
POOL_GAP = 70.0


@dataclass(frozen=True)
class Bounds:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def mid_y(self) -> float:
        return self.y + self.height / 2


@dataclass
class PoolLayout:
    bounds: Bounds
    lanes: list[Bounds]
    nodes: dict[str, Bounds] = field(default_factory=dict)  # node id -> bounds
    edges: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # flow id -> waypoints


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # "start", "end", "timer", "task"
    lane: int  # index into the pool's lanes


def layout_pool(
    top: float,
    lane_count: int,
    nodes: list[Node],
    flows: list[tuple[str, str, str]],  # (flow id, source node id, target node id)
) -> PoolLayout:
    lanes_x = POOL_X + POOL_LABEL_W
    x = lanes_x + LANE_LABEL_W + 30
    placed: dict[str, Bounds] = {}
    for node in nodes:
        lane_top = top + node.lane * LANE_H
        if node.kind == "task":
            placed[node.id] = Bounds(x, lane_top + (LANE_H - TASK_H) / 2, TASK_W, TASK_H)
            x += TASK_W + GAP
        else:
            placed[node.id] = Bounds(x, lane_top + (LANE_H - EVENT_SIZE) / 2, EVENT_SIZE, EVENT_SIZE)
            x += EVENT_SIZE + GAP
    width = x - GAP + 40 - POOL_X
    height = max(lane_count, 1) * LANE_H
    lanes = [Bounds(lanes_x, top + i * LANE_H, width - POOL_LABEL_W, LANE_H) for i in range(lane_count)]
    layout = PoolLayout(Bounds(POOL_X, top, width, height), lanes, placed)
    for flow_id, source, target in flows:
        layout.edges[flow_id] = _waypoints(placed[source], placed[target])
    return layout


def _waypoints(a: Bounds, b: Bounds) -> list[tuple[float, float]]:
    start = (a.right, a.mid_y)
    end = (b.x, b.mid_y)
    if abs(a.mid_y - b.mid_y) < 0.5:
        return [start, end]
    if b.x > a.right:
        # Forward across lanes: out to the right, down or up in the gap, in from the left.
        turn = a.right + (b.x - a.right) / 2
        return [start, (turn, a.mid_y), (turn, b.mid_y), end]
    # Backwards (a loop): leave below the source, run back, enter the target from below.
    below = max(a.y + a.height, b.y + b.height) + 18
    return [
        (a.x + a.width / 2, a.y + a.height),
        (a.x + a.width / 2, below),
        (b.x + b.width / 2, below),
        (b.x + b.width / 2, b.y + b.height),
    ]


def pool_height(lane_count: int) -> float:
    return max(lane_count, 1) * LANE_H


def next_pool_top(layout: PoolLayout) -> float:
    return layout.bounds.y + layout.bounds.height + POOL_GAP


def label_bounds(node: Bounds, text_length: int) -> Bounds:
    """Where bpmn-js would put an event's name: centred below it."""
    width = min(max(text_length * 6.5, 40.0), 120.0)
    lines = 1 + int(text_length * 6.5 // 120)
    return Bounds(node.x + node.width / 2 - width / 2, node.y + node.height + 5, width, 14.0 * lines)

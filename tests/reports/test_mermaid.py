"""Mermaid: a flowchart with one subgraph per actor, edges labelled with
waits, and user text that cannot break out of its quoted label. (The browser
test also runs mermaid's own parser over these charts.)"""

from __future__ import annotations

import re

import pytest

from interviewer.reports import render
from interviewer.reports.mermaid import mermaid_text
from tests.reports.support import FIXTURE_NAMES, load_fixture

NODE = re.compile(r'^\s+(\w+)(\["|\(\("|\(\(\(")(.*?)("\]|"\)\)|"\)\)\))(:::\w+)?$')
EDGE = re.compile(r'^\s+(\w+) (-->|==>|-\.->|-\.-)(\|"[^"]*"\|)? (\w+)$')


def _check_syntax(text: str) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """A small structural parser: every line is a known statement, subgraphs
    balance, edges join declared nodes, quoted labels hold no raw quote."""
    lines = text.splitlines()
    assert lines[1] == "flowchart LR"
    nodes: list[str] = []
    edges: list[tuple[str, str]] = []
    subgraphs: list[str] = []
    depth = 0
    for line in lines[2:]:
        if line.strip().startswith(("classDef ", "style ", "linkStyle ")):
            continue
        if m := re.match(r'^  subgraph (lane_\d+)\["([^"]*)"\]$', line):
            subgraphs.append(m.group(2))
            depth += 1
        elif line == "  end":
            depth -= 1
            assert depth == 0
        elif m := NODE.match(line):
            assert '"' not in m.group(3), line
            nodes.append(m.group(1))
        elif m := EDGE.match(line):
            edges.append((m.group(1), m.group(4)))
        else:
            pytest.fail(f"unexpected Mermaid line: {line!r}")
    assert depth == 0
    declared = set(nodes)
    assert all(a in declared and b in declared for a, b in edges)
    return nodes, edges, subgraphs


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_one_subgraph_per_actor_and_every_step_a_node(name: str) -> None:
    result = load_fixture(name)
    nodes, edges, subgraphs = _check_syntax(render(result, "mermaid"))
    actors = list(dict.fromkeys(s.actor for s in result.process.steps))
    assert [title.split(" (")[0] for title in subgraphs] == [a.replace("&", "#amp;") for a in actors]
    assert len(nodes) == len(result.process.steps) + 2  # plus start and end
    assert len(edges) >= len(result.process.steps) + 1


def test_waits_label_the_edges_and_boundary_crossings_are_thick() -> None:
    result = load_fixture("waste-bin-replacement")
    text = render(result, "mermaid")
    assert 's_2 -->|"waits 2 days"| s_3' in text
    assert 's_6 ==>|"waits 7 days"| s_7' in text
    assert re.search(r"linkStyle [\d,]+ stroke:#be123c", text)
    assert "(external · BinLogistics Ltd)" in text


def test_german_labels() -> None:
    text = render(load_fixture("glasfaser-neubau"), "mermaid")
    assert '|"wartet 6 Wochen"|' in text
    assert "Befund 1" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ('say "hi"', "say #quot;hi#quot;"),
        ("a <b> & c", "a #lt;b#gt; #amp; c"),
        ("x | y # z", "x #124; y #35; z"),
        ("line\nbreak", "line break"),
        ("[brackets] (parens) {braces}", "[brackets] (parens) {braces}"),
    ],
)
def test_text_escaping(raw: str, escaped: str) -> None:
    assert mermaid_text(raw) == escaped


def test_hostile_actions_keep_the_chart_parseable() -> None:
    result = load_fixture("waste-bin-replacement")
    steps = [
        s.model_copy(update={"action": f'"]) --> evil[" <script> | end {i}'})
        for i, s in enumerate(result.process.steps)
    ]
    steps[0] = steps[0].model_copy(update={"actor": 'end"]\nsubgraph x['})
    process = result.process.model_copy(update={"steps": steps})
    text = render(result.model_copy(update={"process": process}), "mermaid")
    nodes, _edges, _subgraphs = _check_syntax(text)
    assert len(nodes) == len(steps) + 2
    assert "<script>" not in text

"""The generated reports in a real browser: bpmn-js imports every BPMN file
without warnings and draws every lane, task, event and flow; mermaid parses
and renders every Mermaid chart. Runs over both fixtures and, once the
offline pipeline works, every evaluation case."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from interviewer.models import AnalysisResult
from interviewer.reports import render
from tests.browser.conftest import open_page
from tests.reports.support import EVAL_CASE_FILES, FIXTURE_NAMES, analysed_eval_case, load_fixture

pytestmark = pytest.mark.browser

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CHECKED = ("participant", "lane", "task", "startEvent", "endEvent", "intermediateCatchEvent", "sequenceFlow")
SOURCES = [pytest.param(("fixture", name), id=name) for name in FIXTURE_NAMES] + [
    pytest.param(("eval", path), id=f"eval-{path.stem}") for path in EVAL_CASE_FILES
]


def _result(source: tuple[str, Any]) -> AnalysisResult:
    kind, ref = source
    return load_fixture(ref) if kind == "fixture" else analysed_eval_case(Path(ref))


@pytest.fixture(scope="module")
def bpmn_page(browser: Any, static_server: str) -> Iterator[Any]:
    page = open_page(browser, f"{static_server}/bpmn.html", "bpmnReady")
    yield page
    page.close()


@pytest.fixture(scope="module")
def mermaid_page(browser: Any, static_server: str) -> Iterator[Any]:
    page = open_page(browser, f"{static_server}/mermaid.html", "mermaidReady")
    yield page
    page.close()


def _expected_ids(xml: str) -> dict[str, str]:
    root = etree.fromstring(xml.encode("utf-8"))
    return {element.get("id"): tag for tag in CHECKED for element in root.iter(f"{{{BPMN_NS}}}{tag}")}


@pytest.mark.parametrize("source", SOURCES)
def test_bpmn_js_imports_and_draws_everything(bpmn_page: Any, source: tuple[str, Any]) -> None:
    xml = render(_result(source), "bpmn")
    outcome = bpmn_page.evaluate("xml => window.importBpmn(xml)", xml)
    assert outcome["ok"], outcome.get("error")
    assert outcome["warnings"] == []
    assert bpmn_page.errors == []
    drawn = outcome["drawn"]
    expected = _expected_ids(xml)
    assert set(expected.values()) >= {"participant", "lane", "task", "sequenceFlow"}
    for element_id, tag in expected.items():
        assert element_id in drawn, f"{tag} {element_id} is not in bpmn-js's element registry"
        assert drawn[element_id]["shapes"] > 0, f"{tag} {element_id} has no SVG drawn"
    # Lanes come in as lanes, pools as participants: the file opens with its swimlanes.
    lanes = [i for i, info in drawn.items() if info["type"] == "bpmn:Lane"]
    assert sorted(lanes) == sorted(i for i, t in expected.items() if t == "lane")


@pytest.mark.parametrize("source", SOURCES)
def test_mermaid_parses_and_renders(mermaid_page: Any, source: tuple[str, Any]) -> None:
    result = _result(source)
    text = render(result, "mermaid")
    chart_id = "chart-" + re.sub(r"\W", "-", result.case_id)
    outcome = mermaid_page.evaluate("([text, id]) => window.renderMermaid(text, id)", [text, chart_id])
    assert outcome["ok"], outcome.get("error")
    # Start and end events plus one node per step; one cluster per actor.
    assert outcome["nodes"] == len(result.process.steps) + 2
    assert outcome["clusters"] == len({(s.actor or "").strip() for s in result.process.steps})
    assert mermaid_page.errors == []

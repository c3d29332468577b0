"""The HTML report: self-contained, escaped, one lane per actor, findings
marked on their steps and linked, as-is and to-be on one scale."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import html as lxml_html

from interviewer.models import AnalysisResult
from interviewer.reports import render
from tests.reports.support import EVAL_CASE_FILES, FIXTURE_NAMES, analysed_eval_case, load_fixture

SVG = "{http://www.w3.org/2000/svg}"


def _svgs(page: str) -> dict[str, ET.Element]:
    """The inline SVG diagrams by figure class, parsed as XML (so they must be well-formed)."""
    found = {}
    for match in re.finditer(
        r'<figure class="(\w+)"><figcaption>.*?</figcaption>(<svg .*?</svg>)', page, re.S
    ):
        found[match.group(1)] = ET.fromstring(match.group(2))
    return found


def _lane_titles(svg: ET.Element) -> list[str]:
    return [
        (group.find(f"{SVG}title").text or "").split(" — ")[0]  # type: ignore[union-attr]
        for group in svg.iter(f"{SVG}g")
        if "lane" in group.get("class", "").split()
    ]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_page_is_self_contained(name: str) -> None:
    page = render(load_fixture(name), "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    assert "@import" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    # Every in-page link points at an anchor that exists.
    tree = lxml_html.fromstring(page)
    ids = set(tree.xpath("//@id"))
    for href in tree.xpath("//@href"):
        assert href.startswith("#") and href[1:] in ids, href


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_one_lane_per_actor_and_external_lanes_marked(name: str) -> None:
    result = load_fixture(name)
    svgs = _svgs(render(result, "html"))
    assert set(svgs) == {"asis", "tobe"}
    assert result.to_be is not None
    actors = list(dict.fromkeys(s.actor for s in [*result.process.steps, *result.to_be.steps]))
    for svg in svgs.values():
        assert _lane_titles(svg) == actors
    external = [g for g in svgs["asis"].iter(f"{SVG}g") if g.get("class") == "lane external"]
    assert len(external) == 1, "the partner company's lane is drawn as external"
    # Both diagrams share one scale: the same width per lane.
    assert svgs["asis"].get("width") == svgs["tobe"].get("width")


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_steps_drawn_in_order_with_waits_and_finding_badges(name: str) -> None:
    result = load_fixture(name)
    svg = _svgs(render(result, "html"))["asis"]
    steps = [g for g in svg.iter(f"{SVG}g") if "step" in g.get("class", "").split()]
    assert [g.get("id") for g in steps] == [f"asis-step-{s.id}" for s in result.process.steps]
    tops = [float(g.find(f"{SVG}rect").get("y")) for g in steps]  # type: ignore[union-attr,arg-type]
    assert tops == sorted(tops), "time flows downwards"
    waits = [s for s in result.process.steps[1:] if s.wait_hours]
    assert len(svg.findall(f".//{SVG}rect[@class='wait']")) == len(waits)
    boundary = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "flow boundary"]
    assert len(boundary) == result.process.metrics.org_boundary_crossings
    # Every (finding, step) pair is a numbered badge linking to its finding card.
    badges = [a.get("href") for a in svg.iter(f"{SVG}a")]
    expected = [
        f"#finding-{n}"
        for step in result.process.steps
        for n, f in enumerate(result.findings, 1)
        if step.id in f.step_ids
    ]
    assert sorted(badges) == sorted(expected)


def test_waits_are_drawn_longer_for_longer_waits() -> None:
    result = load_fixture("glasfaser-neubau")
    svg = _svgs(render(result, "html"))["asis"]
    bars = [float(r.get("height", 0)) for r in svg.findall(f".//{SVG}rect[@class='wait']")]
    waits = [s.wait_hours for s in result.process.steps[1:] if s.wait_hours]
    by_wait = dict(zip(waits, bars, strict=True))
    assert by_wait[1008] > by_wait[336] > by_wait[72] > by_wait[24]


def test_wait_labels_are_human_durations() -> None:
    page = render(load_fixture("glasfaser-neubau"), "html")
    for text in ("6 Wochen", "3 Wochen", "10 Tage", "24 Stunden"):
        assert f">{text}</text>" in page
    assert "6 Monate" in page  # the stated lead time


def _hostile(result: AnalysisResult) -> AnalysisResult:
    steps = list(result.process.steps)
    steps[0] = steps[0].model_copy(update={"action": "<script>alert('x')</script> & \"quote\""})
    steps[1] = steps[1].model_copy(update={"actor": '"><img src=x onerror=alert(1)>', "system": "</svg><b>"})
    process = result.process.model_copy(update={"steps": steps, "name": "<h1>Pwned</h1>"})
    finding = result.findings[0].model_copy(
        update={"title": "</title><script>x</script>", "evidence": "<iframe>"}
    )
    return result.model_copy(
        update={"process": process, "findings": [finding, *result.findings[1:]], "case_id": "<b>id</b>"}
    )


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_hostile_text_is_escaped(name: str) -> None:
    page = render(_hostile(load_fixture(name)), "html")
    lowered = page.lower()
    for tag in ("<script", "<img", "<iframe", "<h1>pwned", "<b>id", "</svg><b>"):
        assert tag not in lowered, tag
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quote&quot;" in page
    # The diagrams are still well-formed XML after escaping.
    assert set(_svgs(page)) == {"asis", "tobe"}


def test_metric_cards_compare_as_is_and_to_be() -> None:
    page = render(load_fixture("waste-bin-replacement"), "html")
    tree = lxml_html.fromstring(page)
    card = tree.xpath("//div[contains(@class, 'm-lead_time')]")[0]
    assert card.xpath(".//div[@class='asis']/text()") == ["4 weeks"]
    assert card.xpath(".//span[@class='tobe']/text()") == ["8 days"]
    assert card.xpath(".//span[contains(@class, 'delta')]/text()") == ["−71 %"]
    labels = tree.xpath("//div[contains(@class, 'metric')]/div[@class='label']/text()")
    assert labels == [
        "Lead time",
        "Touch time",
        "Waiting",
        "Flow efficiency",
        "Handoffs",
        "Boundary crossings",
    ]


def test_proposals_show_saving_formula_risks_and_people() -> None:
    result = load_fixture("waste-bin-replacement")
    tree = lxml_html.fromstring(render(result, "html"))
    cards = tree.xpath("//article[contains(@class, 'proposal')]")
    assert [c.get("id") for c in cards] == ["proposal-p1", "proposal-p2", "proposal-p3", "proposal-p4"]
    first = cards[0]
    assert first.xpath(".//div[@class='formula']/code/text()") == [result.proposals[0].saving_formula]
    assert first.xpath(".//div[contains(@class, 'big')]/text()") == ["−5 days"]
    assert "Wrong address matches create wrong deliveries" in first.text_content()
    assert "Customer service talks to the customer" in first.text_content()
    # A proposal without a computable saving says so instead of inventing one.
    assert "not computable" in cards[3].text_content()


def test_without_to_be_the_page_says_so() -> None:
    result = load_fixture("waste-bin-replacement").model_copy(update={"to_be": None})
    page = render(result, "html")
    assert set(_svgs(page)) == {"asis"}
    assert "No to-be process" in page


@pytest.mark.parametrize("path", EVAL_CASE_FILES, ids=[p.stem for p in EVAL_CASE_FILES])
def test_eval_case_pages_are_self_contained_and_well_formed(path: Path) -> None:
    result = analysed_eval_case(path)
    page = render(result, "html")
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    svgs = _svgs(page)
    assert "asis" in svgs
    steps = [g for g in svgs["asis"].iter(f"{SVG}g") if "step" in g.get("class", "").split()]
    assert len(steps) == len(result.process.steps)

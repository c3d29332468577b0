"""Markdown for tickets and wikis: every section, tables that stay tables,
the Mermaid diagrams embedded, interview text escaped."""

from __future__ import annotations

import pytest

from interviewer.reports import render
from interviewer.reports.markdown import code, md
from tests.reports.support import FIXTURE_NAMES, load_fixture


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_sections_and_tables(name: str) -> None:
    result = load_fixture(name)
    text = render(result, "md")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == 8  # summary, metrics, diagram, steps, handoffs, findings, proposals, reviews
    assert text.count("```mermaid") == 2  # as-is and to-be
    # Every table row has as many cells as its header.
    table: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            widths = {len(row.replace("\\|", "").split("|")) for row in table}
            assert len(widths) == 1, table[0]
            table = []
    for proposal in result.proposals:
        if proposal.saving_formula:
            assert code(proposal.saving_formula) in text
        for risk in proposal.risks:
            assert f"- {md(risk)}" in text
    for finding in result.findings:
        assert f"> {md(finding.evidence)}" in text


def test_english_metrics_table() -> None:
    text = render(load_fixture("waste-bin-replacement"), "md")
    assert "| Lead time (stated in the interview) | 4 weeks | 8 days | −71 % |" in text
    assert "| Handoffs | 5 | 5 | ±0 |" in text


def test_german_proposal_block() -> None:
    text = render(load_fixture("glasfaser-neubau"), "md")
    assert "### 1. Tiefbau und Genehmigung parallel aus den ersten Auftragsdaten planen" in text
    assert "**Erwartete Verkürzung der Durchlaufzeit:** 5 Wochen (840 h)" in text
    assert "**Was bei Menschen bleibt:**" in text
    # A saving the interview does not support is not invented.
    assert "nicht berechenbar" in text


def test_interview_text_is_escaped() -> None:
    assert md("a|b <script> *x* _y_ [l](u)") == r"a\|b \<script\> \*x\* \_y\_ \[l\](u)"
    assert md("two\nlines") == "two lines"
    assert code("a `b` c") == "`` a `b` c ``"
    result = load_fixture("waste-bin-replacement")
    steps = [s.model_copy(update={"action": "<script>alert(1)</script> | x"}) for s in result.process.steps]
    text = render(
        result.model_copy(update={"process": result.process.model_copy(update={"steps": steps})}), "md"
    )
    assert "<script>" not in text

"""Findings on small interviews in both languages: the right categories,
evidence that quotes real turns, steps from process facts."""

from __future__ import annotations

import re

import pytest

from interviewer.knowledge.findings import Finder
from interviewer.knowledge.store import VectorStore
from interviewer.models import Evidence, Finding, Handoff, Process, Step, Transcript
from interviewer.transcripts import read_text

ENGLISH = """\
Interviewer: What happens when a supplier invoice arrives?
Maria (Accounts Payable): It comes in by email as a PDF, and we type everything into SAP again, field by field.
Interviewer: And then?
Maria (Accounts Payable): Then it needs the approval of the department head. He signs them once a week, so an invoice sits there for days, and honestly he never rejects one.
Interviewer: Do the suppliers ask about it?
Maria (Accounts Payable): All the time. They call us to ask where their payment is, and we have to chase the department head.
"""

GERMAN = """\
Interviewer: Was passiert, wenn eine Lieferantenrechnung kommt?
Maria (Kreditorenbuchhaltung): Die kommt als PDF per Mail, und wir tippen alles nochmal ins SAP ab, Feld für Feld.
Interviewer: Und dann?
Maria (Kreditorenbuchhaltung): Dann braucht sie die Freigabe vom Abteilungsleiter. Der unterschreibt einmal die Woche, also liegt die Rechnung da tagelang, und abgelehnt hat er noch nie eine.
Interviewer: Fragen die Lieferanten nach?
Maria (Kreditorenbuchhaltung): Ständig. Die rufen an und fragen, wo ihr Geld bleibt, und wir müssen dem Abteilungsleiter hinterhertelefonieren.
"""

BLAND = """\
Interviewer: What do you do?
Tom (Warehouse): I receive the parcel, put it on the shelf and note the location.
"""

QUOTE = re.compile(r"(?:Turn|Beitrag) (\d+)(?: \((?:question|Frage)\))?: '([^']+)'")


@pytest.fixture(scope="module")
def finder(catalogue_store: VectorStore) -> Finder:
    return Finder(catalogue_store)


def transcript(text: str, case_id: str = "case") -> Transcript:
    return read_text(text, case_id=case_id)


def assert_grounded(findings: list[Finding], interview: Transcript) -> None:
    turns = {turn.number: turn for turn in interview.turns}
    assert [f.id for f in findings] == [f"f{n}" for n in range(1, len(findings) + 1)]
    assert len({f.category for f in findings}) == len(findings)  # one per category here
    for finding in findings:
        quotes = QUOTE.findall(finding.evidence)
        assert quotes, f"{finding.category}: no quote in {finding.evidence!r}"
        for number, text in quotes:
            quoted = text.removesuffix(" …")
            assert quoted in turns[int(number)].text, f"not verbatim: {quoted!r}"
        assert finding.evidence_turns
        assert set(finding.evidence_turns) == {int(number) for number, _ in quotes}
        assert 0.0 < finding.score <= 1.0


@pytest.mark.parametrize("text", [ENGLISH, GERMAN], ids=["en", "de"])
def test_finds_the_problems_an_interview_describes(
    finder: Finder, catalogue_store: VectorStore, text: str
) -> None:
    interview = transcript(text)
    language = "de" if text is GERMAN else "en"
    findings = finder.find(Process(name="invoice"), interview, language)
    categories = {f.category for f in findings}
    assert {"manual-re-entry", "approval-bottleneck", "status-chasing"} <= categories
    assert_grounded(findings, interview)
    for finding in findings:
        entry = catalogue_store.entry(finding.anti_pattern_id)
        assert entry is not None and entry.category == finding.category
        assert finding.title == getattr(entry.title, language)
    label = "Beitrag" if language == "de" else "Turn"
    assert all(label in f.evidence for f in findings)


def test_no_finding_without_evidence(finder: Finder) -> None:
    assert finder.find(Process(name="storage"), transcript(BLAND), "en") == []


def test_interviewer_words_alone_are_no_evidence(finder: Finder) -> None:
    leading = transcript(
        "Interviewer: Do you retype the data into SAP and send incomplete forms back every week?\n"
        "Tom (Warehouse): I put the parcel on the shelf and note the location in the system.\n"
    )
    assert finder.find(Process(name="storage"), leading, "en") == []


def test_process_facts_add_steps_and_strength(finder: Finder) -> None:
    interview = transcript(
        "Interviewer: What happens to an application?\n"
        "Anna (Intake): We check the application and forward it to the planning team.\n"
        "Interviewer: And then?\n"
        "Ben (Planning): We check it again, and if documents are missing we send it back to intake.\n"
    )
    steps = [
        Step(
            id="s1",
            action="check the application",
            actor="Intake",
            evidence=[Evidence(turn=2, quote="We check the application")],
        ),
        Step(
            id="s2",
            action="check the application again",
            actor="Planning",
            evidence=[Evidence(turn=4, quote="We check it again")],
        ),
    ]
    process = Process(
        name="application",
        steps=steps,
        handoffs=[Handoff(from_step="s1", to_step="s2"), Handoff(from_step="s2", to_step="s1")],
    )
    with_facts = {f.category: f for f in finder.find(process, interview, "en")}
    without = {f.category: f for f in finder.find(Process(name="application"), interview, "en")}
    rework = with_facts["rework-loop"]
    assert {"s1", "s2"} <= set(rework.step_ids)
    assert rework.score > without["rework-loop"].score
    assert "loops back" in rework.evidence


def test_handoff_wait_is_a_fact_with_both_steps(finder: Finder) -> None:
    interview = transcript(
        "Interviewer: What happens next?\n"
        "Anna (Sales): I pass the order on to order management, and it lands in their inbox.\n"
        "Interviewer: And there?\n"
        "Otto (Order management): We pick it up when we get to it, usually after three days.\n"
    )
    process = Process(
        name="order",
        steps=[
            Step(
                id="s1",
                action="pass on the order",
                actor="Sales",
                evidence=[Evidence(turn=2, quote="I pass the order on to order management")],
            ),
            Step(
                id="s2",
                action="process the order",
                actor="Order management",
                wait_hours=72,
                evidence=[Evidence(turn=4, quote="We pick it up when we get to it")],
            ),
        ],
        handoffs=[Handoff(from_step="s1", to_step="s2", wait_hours=72)],
    )
    findings = {f.category: f for f in finder.find(process, interview, "en")}
    delay = findings["handoff-delay"]
    assert delay.step_ids[:2] == ["s1", "s2"]
    assert "3 days" in delay.evidence

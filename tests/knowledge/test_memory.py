"""Organisational memory across analyses."""

from __future__ import annotations

from pathlib import Path

from interviewer.knowledge import build_finder
from interviewer.knowledge.embedding import ConceptEmbedding, HashingEmbedding
from interviewer.knowledge.memory import COLLECTION, Memory
from interviewer.models import AnalysisResult, Finding, Process
from interviewer.settings import Settings
from interviewer.transcripts import read_text
from tests.knowledge.conftest import chroma_at

FIRST = """\
Interviewer: How do you handle a new claim?
Sven (Claims): The customer sends the claim by email and we type it all into the claims system again.
Interviewer: And then?
Sven (Claims): Half the claims are incomplete, so we send them back to the customer for the missing documents.
"""

SECOND = """\
Interviewer: What happens with a building application?
Nina (Permits): It comes on paper and we retype everything into our software.
Interviewer: Is it complete?
Nina (Permits): Often not, documents are missing and we send the application back to the applicant.
"""


def finding(category: str, entry: str, title: str, evidence: str, number: int = 1) -> Finding:
    return Finding(
        id=f"f{number}", category=category, anti_pattern_id=entry, title=title, score=0.8, evidence=evidence
    )  # type: ignore[arg-type]


def result(case_id: str, findings: list[Finding]) -> AnalysisResult:
    return AnalysisResult(case_id=case_id, language="en", process=Process(name=case_id), findings=findings)


def test_a_second_analysis_names_the_first_case(settings: Settings) -> None:
    finder, memory = build_finder(settings)
    assert memory is not None
    first = read_text(FIRST, case_id="claims-1")
    first_findings = finder.find(Process(name="claims"), first, "en")
    assert not any(f.similar_cases for f in first_findings)  # nothing remembered yet
    memory.remember(result("claims-1", first_findings))

    second = read_text(SECOND, case_id="permit-7")
    second_findings = {f.category: f for f in finder.find(Process(name="permit"), second, "en")}
    assert second_findings["manual-re-entry"].similar_cases == ["claims-1"]
    assert second_findings["rework-loop"].similar_cases == ["claims-1"]

    # The same case never points at itself.
    again = finder.find(Process(name="claims"), first, "en")
    assert all("claims-1" not in f.similar_cases for f in again)
    # build_finder is cached per configuration: a worker calls it cheaply.
    assert build_finder(settings)[0] is finder


def test_reanalysis_replaces_and_other_categories_do_not_match(tmp_path: Path) -> None:
    memory = Memory(chroma_at(tmp_path), ConceptEmbedding())
    typed = finding("manual-re-entry", "e-1", "Data typed again", "Turn 2: 'we type it into SAP again'")
    memory.remember(result("a", [typed]))
    memory.remember(result("b", [typed.model_copy(update={"anti_pattern_id": "e-2"})]))
    assert memory.cases() == ["a", "b"]

    query = typed.model_copy(update={"anti_pattern_id": "e-9"})
    assert sorted(memory.similar_cases([query], "c")[0]) == ["a", "b"]
    other = finding("batching", "e-1", "Weekly run", "Turn 2: 'we type it into SAP again'")
    assert memory.similar_cases([other], "c") == [[]]  # same words, other problem

    memory.remember(result("a", []))  # re-analysed: nothing found any more
    assert memory.cases() == ["b"]
    assert memory.similar_cases([query], "c") == [["b"]]

    # A batch writes many results at once; a case's last result wins.
    memory.remember_many([result("c", [typed]), result("d", [typed]), result("c", [])])
    assert memory.cases() == ["b", "d"]


def test_changed_embedding_keeps_what_was_remembered(tmp_path: Path) -> None:
    client = chroma_at(tmp_path)
    Memory(client, ConceptEmbedding()).remember(
        result("a", [finding("rework-loop", "e-1", "Sent back", "Turn 4: 'we send it back'")])
    )
    moved = Memory(client, HashingEmbedding())
    assert moved.cases() == ["a"]
    assert moved.collection().metadata["embedding"] != ConceptEmbedding().name()
    assert client.get_collection(COLLECTION).count() == 1
    query = finding("rework-loop", "e-1", "Sent back", "Turn 9: 'it goes back'")
    assert moved.similar_cases([query], "b") == [["a"]]

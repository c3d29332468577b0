from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.errors import InputError
from interviewer.evaluation.pet import (
    PetActivity,
    PetActor,
    PetDocument,
    PetReport,
    as_transcript,
    load_pet,
    match_activities,
    run_pet,
    score_document,
)
from interviewer.models import Evidence, Process, Step, Transcript

TEXT = "The clerk checks the invoice . Then the clerk sends the invoice to the manager . The manager approves it ."
# sentence spans by character offset
SENTENCES = ((0, 29), (30, 80), (81, 105))
DOC = PetDocument(
    id="doc-test",
    text=TEXT,
    sentences=SENTENCES,
    activities=(
        PetActivity("checks", ("the invoice",), 0, (0,)),
        PetActivity("sends", ("the invoice",), 1, (0,)),
        PetActivity("approves", ("it",), 2, (1,)),
    ),
    actors=(PetActor(("The clerk", "the clerk"), True), PetActor(("the manager", "The manager"), True)),
)


def step(n: int, action: str, actor: str | None = None, quote: str | None = None) -> Step:
    evidence = [Evidence(turn=1, quote=quote)] if quote else []
    return Step(id=f"s{n}", action=action, actor=actor, evidence=evidence)


def test_loader_reads_all_45_documents(shared_dir: Path) -> None:
    documents = load_pet(shared_dir / "data" / "pet" / "all.jsonl")
    assert len(documents) == 45
    assert sum(len(doc.sentences) for doc in documents) == 417
    assert sum(len(doc.activities) for doc in documents) == 501
    assert sum(1 for doc in documents for actor in doc.actors if actor.performs) == 127
    first = next(doc for doc in documents if doc.id == "doc-8.3")
    assert first.activities[1].verb == "report" and first.activities[1].data == ("the vacancy",)


def test_bad_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "pet.jsonl"
    path.write_text(
        '{"id": "x", "text": "", "tokens": [], "mentions": [], "entities": [], "relations": []}\n{oops\n'
    )
    with pytest.raises(InputError, match=r"pet\.jsonl:2: not a PET document"):
        load_pet(path)
    with pytest.raises(InputError, match="cannot read"):
        load_pet(tmp_path / "missing.jsonl")


def test_verb_data_and_sentence_decide_an_activity_match() -> None:
    assert match_activities(DOC, [step(1, "check invoice", quote="The clerk checks the invoice")]) == 1
    assert match_activities(DOC, [step(1, "sent the invoice")]) == 1  # irregular form, no quote: any sentence
    assert match_activities(DOC, [step(1, "check the order")]) == 0  # Activity Data not shared
    assert match_activities(DOC, [step(1, "approve")]) == 1  # data "it" has no content word
    # the quote puts the step in sentence 2, where nothing is checked
    assert match_activities(DOC, [step(1, "check invoice", quote="the clerk sends the invoice")]) == 0
    # one step matches one activity only
    assert match_activities(DOC, [step(1, "check and send the invoice")]) == 1


def test_document_score_counts_activities_and_actors() -> None:
    process = Process(
        name="p",
        steps=[
            step(1, "check the invoice", "clerk", "The clerk checks the invoice"),
            step(2, "send invoice to manager", "clerk"),
            step(3, "file the invoice", "archive"),
        ],
    )
    score = score_document(DOC, process)
    assert (score.activities, score.steps, score.matched) == (3, 3, 2)
    assert score.activity_recall == pytest.approx(2 / 3) and score.activity_precision == pytest.approx(2 / 3)
    assert (score.actors, score.actors_found) == (2, 1)
    assert (score.extracted_actors, score.extracted_actors_correct) == (2, 1)


def test_run_pet_micro_and_macro_and_failures() -> None:
    seen: list[Transcript] = []

    def extract(transcript: Transcript) -> Process:
        seen.append(transcript)
        if transcript.case_id == "broken":
            raise RuntimeError("engine failed")
        return Process(
            name="p", steps=[step(1, "check invoice", "clerk"), step(2, "send invoice", "manager")]
        )

    broken = PetDocument("broken", TEXT, SENTENCES, DOC.activities, DOC.actors)
    report = run_pet([DOC, broken], extract)
    assert seen[0].turns[0].text == TEXT and seen[0].language == "en"
    assert report.documents[1].error == "RuntimeError: engine failed"
    micro, macro = report.micro(), report.macro()
    assert micro["activity_recall"] == pytest.approx(2 / 6)
    assert micro["activity_precision"] == pytest.approx(2 / 2)  # the failed document extracted nothing
    assert macro["activity_recall"] == pytest.approx((2 / 3 + 0) / 2)
    assert macro["activity_precision"] == pytest.approx((1 + 0) / 2)
    assert macro["actor_recall"] == pytest.approx((1 + 0) / 2)
    assert PetReport().macro()["activity_f1"] == 0.0


def test_document_becomes_one_narrator_turn() -> None:
    transcript = as_transcript(DOC)
    assert [(turn.number, turn.speaker, turn.is_interviewer) for turn in transcript.turns] == [
        (1, "Narrator", False)
    ]

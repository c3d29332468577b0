"""The state: serialisable at every turn, answer() pure and deterministic."""

from __future__ import annotations

import pytest

from interviewer.errors import InputError
from interviewer.evaluation.cases import EvalCase
from interviewer.evaluation.simulated import SimulatedInterviewee
from interviewer.interview import Conductor, InterviewState, Question
from interviewer.interview.files import InterviewFiles, check_id


def _interview(
    conductor: Conductor, case: EvalCase, answers: int
) -> list[tuple[InterviewState, Question, str]]:
    """(state, question, the simulated answer to it) for the first `answers` questions."""
    person = SimulatedInterviewee(case)
    state, question = conductor.start(process_name=case.title, interview_id=f"t-{case.id}")
    steps = []
    while not question.done and len(steps) < answers:
        reply = person.reply(question, state)
        steps.append((state, question, reply))
        state, question = conductor.answer(state, reply)
    return steps


@pytest.mark.parametrize("case_id", ["en-purchase-order", "de-muelltonne"])
def test_stop_and_resume_at_every_turn_gives_the_identical_continuation(
    conductor: Conductor, cases: dict[str, EvalCase], case_id: str
) -> None:
    history = _interview(conductor, cases[case_id], answers=14)
    assert len(history) == 14
    for state, question, reply in history:
        stored = state.model_dump_json()
        resumed = InterviewState.model_validate_json(stored)
        assert resumed == state
        assert resumed.current_question().text == question.text
        direct = conductor.answer(state, reply)
        again = conductor.answer(resumed, reply)
        assert again[0].model_dump_json() == direct[0].model_dump_json()
        assert again[1] == direct[1]


def test_answer_never_changes_the_state_it_is_given(conductor: Conductor, cases: dict[str, EvalCase]) -> None:
    for state, _, reply in _interview(conductor, cases["en-spare-part"], answers=10):
        before = state.model_dump_json()
        conductor.answer(state, reply)
        assert state.model_dump_json() == before


def test_a_retried_answer_gives_the_same_result(conductor: Conductor) -> None:
    state, _ = conductor.start(process_name="Waste bin delivery", language="en", interview_id="retry")
    state, _ = conductor.answer(state, "I work in customer service.")
    first = conductor.answer(state, "The citizen orders a bin online and we enter the order in SAP.")
    second = conductor.answer(state, "The citizen orders a bin online and we enter the order in SAP.")
    assert first[0].model_dump_json() == second[0].model_dump_json()
    assert first[1] == second[1]


def test_turns_are_numbered_and_every_question_is_recorded(
    conductor: Conductor, cases: dict[str, EvalCase]
) -> None:
    history = _interview(conductor, cases["en-meter-exchange"], answers=8)
    state, _, _ = history[-1]
    assert [turn.number for turn in state.turns] == list(range(1, len(state.turns) + 1))
    interviewer_turns = [turn.number for turn in state.turns if turn.is_interviewer]
    assert [asked.turn for asked in state.asked] == interviewer_turns
    assert state.knowledge and all(
        k.step_id in {s.id for s in state.process.steps} for k in state.knowledge.values()
    )


def test_a_closed_interview_takes_no_more_answers(conductor: Conductor) -> None:
    state, _ = conductor.start(process_name="Access request", language="en", consent=False)
    state, question = conductor.answer(state, "No.")
    assert question.done and state.finished and not state.consent
    with pytest.raises(InputError, match="closed"):
        conductor.answer(state, "Well, actually ...")


def test_an_empty_answer_is_refused(conductor: Conductor) -> None:
    state, _ = conductor.start(process_name="Access request", language="en")
    with pytest.raises(InputError, match="empty"):
        conductor.answer(state, "   ")


def test_state_files_are_written_atomically_and_read_back(conductor: Conductor, tmp_path: object) -> None:
    from pathlib import Path

    files = InterviewFiles(Path(str(tmp_path)) / "interviews")
    state, _ = conductor.start(process_name="Access request", language="en", interview_id="file-1")
    state, _ = conductor.answer(state, "I work in the service desk.")
    path = files.save(state)
    assert path.name == "file-1.json"
    assert [p.name for p in path.parent.iterdir()] == ["file-1.json"]  # no temporary file left behind
    assert files.load("file-1") == state
    with pytest.raises(InputError, match="no interview"):
        files.load("missing")
    path.write_text(
        '{"id": "file-1", "language": "en", "process_name": "x", "process": {"name": "x"}, "oops": 1}'
    )
    with pytest.raises(InputError, match="oops"):
        files.load("file-1")
    for bad in ("../etc/passwd", "a/b", "..", ""):
        with pytest.raises(InputError):
            check_id(bad)

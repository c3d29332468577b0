"""The simulated interviewee and the interviewer's own eval."""

from __future__ import annotations

import json
from pathlib import Path

from interviewer.cli import main
from interviewer.evaluation.cases import EvalCase
from interviewer.evaluation.interview_runner import interview_case, run_interview_eval
from interviewer.evaluation.simulated import SimulatedInterviewee
from interviewer.interview import Conductor, InterviewState, Question
from interviewer.models import Evidence, Process, Step


def _question(kind: str, step_id: str | None = None, text: str = "?") -> Question:
    return Question(text=text, gap=kind, step_id=step_id, phase="followup", kind=kind)


def _state(turns: int = 0, steps: list[Step] | None = None) -> InterviewState:
    from interviewer.models import Turn

    return InterviewState(
        id="sim",
        language="en",
        process_name="x",
        process=Process(name="x", steps=steps or []),
        turns=[Turn(number=n, speaker="s", text="t") for n in range(1, turns + 1)],
    )


def test_it_tells_the_story_in_order_and_never_twice(cases: dict[str, EvalCase]) -> None:
    person = SimulatedInterviewee(cases["en-purchase-order"])
    first = person.reply(_question("trigger"), _state(1))
    assert first.startswith("So the requester, an engineer say, fills in a purchase requisition.")
    nxt = person.reply(_question("continue"), _state(3))
    assert nxt and nxt.split(".")[0] not in first
    assert person.reply(_question("role"), _state(5)) == "I work in Purchasing."


def test_it_answers_a_question_about_a_step_from_the_sentences_near_it(cases: dict[str, EvalCase]) -> None:
    person = SimulatedInterviewee(cases["en-purchase-order"])
    state = _state(1)
    told = person.reply(_question("trigger"), state)
    assert "enter the requisition in SAP" in told
    step = Step(
        id="s1",
        action="enter the requisition in SAP",
        evidence=[Evidence(turn=2, quote="we enter the requisition in SAP")],
    )
    state = _state(3, [step])
    assert person.reply(_question("customer"), state)  # "requester" is named in what it knows
    answer = person.reply(_question("wait", "s1"), _state(5, [step]))
    assert answer == "I don't know."  # the transcript states no time near that step
    assert person.dont_know == 1


def test_it_says_as_i_said_for_what_it_already_told(cases: dict[str, EvalCase]) -> None:
    person = SimulatedInterviewee(cases["de-muelltonne"])
    everything = []
    turn = 1
    while True:
        said = person.reply(_question("continue"), _state(turn))
        turn += 2
        if said.startswith("Das war's"):
            break
        everything.append(said)
    assert len(everything) >= 4
    # the answer to "how long overall?" is not part of the story: it comes when asked
    assert not any("Drei bis vier Wochen" in said for said in everything)
    assert person.reply(_question("lead_time"), _state(turn)) == "Drei bis vier Wochen, würde ich sagen."
    again = person.reply(_question("lead_time"), _state(turn + 2))
    assert again == "Wie gesagt: Drei bis vier Wochen, würde ich sagen."
    assert person.already_answered == 1
    assert person.reply(_question("anything_else"), _state(turn + 4)) == "Nein, ich glaube, das war alles."


def test_interview_case_scores_coverage_by_question(conductor: Conductor, cases: dict[str, EvalCase]) -> None:
    case = cases["en-meter-exchange"]
    score, state = interview_case(case, conductor, SimulatedInterviewee(case), max_questions=15)
    assert score.questions == 15 and len(score.asked) == 15
    shares = [record.captured for record in score.asked]
    assert shares[0] < shares[-1] and shares[-1] >= 0.5  # steps accumulate as the person tells them
    assert score.captured_after["15"] == shares[-1]
    assert score.captured_after["5"] == shares[4]
    assert score.repeated_questions == 0
    assert score.final.expected_steps == len(case.expected.steps)
    assert score.questions_to_80 is None or shares[score.questions_to_80 - 1] >= 0.8
    assert state.question_count >= 15


def test_eval_over_both_languages(conductor: Conductor, cases: dict[str, EvalCase]) -> None:
    chosen = [cases["en-spare-part"], cases["de-reha-entlassung"]]
    card = run_interview_eval(chosen, conductor, SimulatedInterviewee, max_questions=15)
    assert set(card.aggregate) == {"de", "en", "overall"}
    assert card.aggregate["overall"].repeated_questions == 0
    for score in card.cases:
        assert score.detected_language == score.language
        assert score.captured_after["15"] >= 0.6, score.case_id


def test_eval_command_writes_the_interview_scorecard(tmp_path: Path) -> None:
    cases_dir = Path(__file__).resolve().parents[2] / "eval" / "cases"
    out = tmp_path / "interview.json"
    code = main(
        ["eval", str(cases_dir), "--interview", "--interviewee", "offline", "--case", "en-access-request",
         "de-kfz-schaden", "--max-questions", "6", "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    card = json.loads(out.read_text())
    assert card["engine"] == "offline" and card["interviewee"] == "offline" and card["max_questions"] == 6
    assert [c["case_id"] for c in card["cases"]] == ["de-kfz-schaden", "en-access-request"]
    assert all(c["questions"] == 6 for c in card["cases"])
    assert set(card["cases"][0]["captured_after"]) == {"5", "10", "15"}
    assert "final" in card["cases"][0] and "step_f1" in card["cases"][0]["final"]


def test_llm_persona_answers_from_the_case_transcript(cases: dict[str, EvalCase], tmp_path: Path) -> None:
    from interviewer.engines.llm import LLMEngine
    from interviewer.evaluation.simulated_llm import LLMInterviewee
    from tests.interview.conftest import llm_settings
    from tests.support.openai_server import OpenAITestServer, RecordedRequest, Reply, completion
    from tests.support.openapi_validation import load_validator

    def persona(request: RecordedRequest) -> Reply:
        asked = request.message_text("user").split("The interviewer asks:", 1)[1].splitlines()[0]
        answer = "As I said: about a week." if "how long" in asked.lower() else "I don't know."
        return completion(request, content=json.dumps({"answer": answer}))

    with OpenAITestServer(validator=load_validator()) as server:
        server.chat_handler = persona
        engine = LLMEngine.from_settings(llm_settings(server, tmp_path / "data"))
        try:
            person = LLMInterviewee(case=cases["en-spare-part"], engine=engine)
            first = person.reply(_question("lead_time", text="How long does it take overall?"), _state(1))
            second = person.reply(_question("actor", text="Who does the packing?"), _state(3))
        finally:
            engine.close()
        assert not server.invalid_requests
    assert first == "As I said: about a week." and second == "I don't know."
    assert person.already_answered == 1 and person.dont_know == 1
    sent = server.chat_requests[-1].message_text("user")
    assert "<transcript>" in sent and "pick" in sent.lower()  # the case's transcript is what it knows
    assert "As I said: about a week." in sent  # and what it has said in this interview
    assert [call.purpose for call in person.record.llm_calls] == ["persona", "persona"]

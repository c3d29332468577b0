"""Gaps, their priority, the question templates, and no question twice."""

from __future__ import annotations

import pytest

from interviewer.engines.offline.time_expressions import is_lead_question
from interviewer.evaluation.cases import EvalCase
from interviewer.evaluation.simulated import SimulatedInterviewee
from interviewer.interview import Conductor, InterviewState
from interviewer.interview.anchors import anchor, same_anchor, step_label
from interviewer.interview.coverage import followup_gaps, knowledge
from interviewer.interview.questions import GAP_KINDS, hours_in_words, normalised, templates
from interviewer.models import Evidence, Process, Step


def _state(steps: list[Step], **process: object) -> InterviewState:
    return InterviewState(
        id="cov",
        language="en",
        language_confirmed=True,
        process_name="Test process",
        process=Process(name="Test process", steps=steps, **process),  # type: ignore[arg-type]
        walkthrough_done=True,
    )


def _step(number: int, action: str, actor: str | None, quote: str, **fields: object) -> Step:
    return Step(
        id=f"s{number}",
        action=action,
        actor=actor,
        evidence=[Evidence(turn=2 * number, quote=quote)],
        **fields,  # type: ignore[arg-type]
    )


def test_an_unclear_handover_comes_before_a_missing_actor_and_a_wait() -> None:
    state = _state(
        [
            _step(1, "check the order for completeness", "order management", "we check the order"),
            _step(2, "send the order to planning", None, "then it goes over to them"),
            _step(3, "plan the installation", None, "the installation is planned"),
            _step(4, "install the line", "field service", "the field service installs the line"),
        ],
        customer="the customer",
        stated_lead_time_hours=100.0,
    )
    gaps = followup_gaps(state)
    kinds = [(gap.kind, gap.step_id) for gap in gaps]
    assert kinds[0] == ("vague", "s2")
    assert kinds.index(("actor", "s3")) < kinds.index(("exceptions", None))
    assert ("time_gap", None) in kinds  # 100 h stated, nothing of it explained by the steps
    assert all(gap.key.startswith(gap.kind) for gap in gaps)
    known = knowledge(state, gaps)
    assert known["s2"].missing[0] == "vague"
    assert "actor" in known["s1"].known and "actor" not in known["s1"].missing
    assert known["s1"].missing == ["duration", "value"]  # a check is a step whose value is worth asking


def test_a_wait_already_said_where_the_step_was_told_is_not_asked() -> None:
    steps = [
        _step(1, "check the order", "order management", "we check the order"),
        _step(2, "install the line", "field service", "the field service installs the line"),
    ]
    state = _state(steps)
    assert any(gap.kind == "wait" and gap.step_id == "s2" for gap in followup_gaps(state))
    from interviewer.models import Turn

    said = "Then it sits for two weeks. Then the field service installs the line."
    turns = [Turn(number=n, speaker="I", text="Question?", is_interviewer=True) for n in (1, 3)]
    turns += [Turn(number=2, speaker="P", text="We check the order."), Turn(number=4, speaker="P", text=said)]
    state = state.model_copy(update={"turns": sorted(turns, key=lambda t: t.number)})
    assert not any(gap.kind == "wait" for gap in followup_gaps(state))


def test_steps_are_named_by_where_they_were_said() -> None:
    step = _step(3, "ask them", "service desk", "so we send it back and ask them")
    assert anchor(step) == "t6:so-we-send-it-back-and"
    assert step_label(step) == "we send it back and ask them"  # "ask them" alone says too little
    assert same_anchor("t6:so-we-send-it-back-and", "t6:we-send-it-back-and-ask")
    assert not same_anchor("t2:we-enter-the-requisition-in-sap", "t2:the-engineer-fills-in-a-requisition")


@pytest.mark.parametrize("language", ["en", "de"])
def test_templates_have_several_phrasings_for_every_gap(language: str) -> None:
    t = templates(language)  # type: ignore[arg-type]
    for kind in GAP_KINDS:
        options = t.questions[kind]
        assert len(options) >= 2, kind
        assert len({o.id for o in options}) == len(options)
        assert all(o.text.rstrip().endswith("?") for o in options), kind
    for option in t.questions["lead_time"]:
        # the extraction must read the answer as the end-to-end time
        assert is_lead_question(option.text, language), option.text  # type: ignore[arg-type]


def test_both_languages_have_the_same_templates() -> None:
    en, de = templates("en"), templates("de")
    assert en.questions.keys() == de.questions.keys()
    for kind in en.questions:
        assert [o.id for o in en.questions[kind]] == [o.id for o in de.questions[kind]]
    assert en.gap_descriptions.keys() == de.gap_descriptions.keys()


def test_times_in_everyday_units() -> None:
    assert hours_in_words(168, "en") == "1 week"
    assert hours_in_words(60, "en") == "2.5 days"
    assert hours_in_words(60, "de") == "2,5 Tage"
    assert hours_in_words(0.5, "de") == "30 Minuten"
    assert hours_in_words(4380, "en") == "6 months"


@pytest.mark.parametrize(
    "case_id", ["en-purchase-order", "en-cardiology-referral", "de-bauantrag", "de-kfz-schaden"]
)
def test_no_question_is_asked_twice_in_a_whole_interview(
    conductor: Conductor, cases: dict[str, EvalCase], case_id: str
) -> None:
    case = cases[case_id]
    person = SimulatedInterviewee(case)
    state, question = conductor.start(process_name=case.title, interview_id=case.id)
    while not question.done:
        state, question = conductor.answer(state, person.reply(question, state))
        assert len(state.asked) < 60
    gaps = [asked.gap for asked in state.asked]
    texts = [normalised(asked.text) for asked in state.asked]
    assert len(gaps) == len(set(gaps))
    assert len(texts) == len(set(texts))
    kinds = [asked.kind for asked in state.asked]
    assert kinds[:2] == ["role", "trigger"] and "readback" in kinds and kinds[-1] == "closing"
    assert state.language == case.language
    # the same phrasing is not used twice in a row for the same kind of question
    for first, second in zip(state.asked, state.asked[1:], strict=False):
        if first.kind == second.kind:
            assert first.template_id != second.template_id


def test_gaps_that_can_reveal_steps_come_before_details_of_known_steps() -> None:
    # a long wait at a handover (wait, duration, value all open) would outrank
    # "before" and "exceptions" on priority alone; the untold steps come first
    state = _state(
        [
            _step(1, "check the order", "order management", "we check the order"),
            _step(2, "approve the order", "finance", "finance approves it", wait_hours=None),
            _step(3, "ship the goods", None, "the goods are shipped"),
        ]
    )
    kinds = [gap.kind for gap in followup_gaps(state)]
    assert kinds[0] == "actor"  # who does a step: still first
    assert kinds.index("before") < kinds.index("exceptions")
    for detail in ("wait", "lead_time", "customer"):
        assert kinds.index("exceptions") < kinds.index(detail), detail

"""The course of an interview in both languages: opening, role, trigger,
walkthrough, follow-ups, skip, stop, corrections, read-back and close."""

from __future__ import annotations

from interviewer.interview import Conductor, InterviewState, Question
from interviewer.models import Step


def _run(conductor: Conductor, state: InterviewState, *answers: str) -> tuple[InterviewState, Question]:
    question = state.current_question()
    for answer in answers:
        state, question = conductor.answer(state, answer)
    return state, question


def _step(state: InterviewState, word: str) -> Step:
    return next(step for step in state.process.steps if word in step.action.lower())


def test_english_interview_from_opening_to_close(conductor: Conductor) -> None:
    state, question = conductor.start(process_name="Waste bin delivery", language="en")
    assert question.kind == "role" and question.phase == "role"
    for promise in ("skip any question", "stop", "no, that's wrong"):
        assert promise in question.text  # the opening says what the person may do
    state, question = conductor.answer(state, "I work in customer service.")
    assert state.interviewee_unit == "customer service"
    assert question.kind == "trigger"
    state, question = conductor.answer(
        state, "The citizen fills in the online form. Then we enter the order in the fee software."
    )
    assert question.phase == "walkthrough"
    state, question = conductor.answer(
        state,
        "Then the depot plans the delivery tour, once a week on Fridays. "
        "The drivers deliver the bin and stick the chip on it.",
    )
    actions = " | ".join(step.action for step in state.process.steps)
    for words in ("form", "enter the order", "plan", "deliver"):
        assert words in actions
    assert question.kind in ("next", "continue")
    state, question = conductor.answer(state, "That's it, then it's done.")
    assert state.walkthrough_done
    assert question.phase == "followup"
    # follow-ups until the read-back, skipping everything
    while question.kind != "readback":
        state, question = conductor.answer(state, "I don't know.")
    assert "1." in question.text and "Is that right?" in question.text
    state, question = conductor.answer(state, "Yes, that's right.")
    assert question.done and state.finished and state.phase == "closed"


def test_german_interview_asks_in_german(conductor: Conductor) -> None:
    state, question = conductor.start(process_name="Mülltonne bestellen", language="de")
    assert "überspringen" in question.text and question.kind == "role"
    state, question = conductor.answer(state, "Ich arbeite im Kundenservice der Abfallwirtschaft.")
    assert state.interviewee_unit
    assert question.kind == "trigger" and "?" in question.text
    state, question = conductor.answer(
        state,
        "Der Bürger füllt das Online-Formular aus. Dann erfassen wir den Auftrag in der Gebührensoftware.",
    )
    assert question.kind == "start"
    assert any(word in question.text.lower() for word in ("schritt", "beschreiben", "führen"))
    state, question = conductor.answer(
        state, "Danach stellt der Betriebshof die Tour zusammen. Die Fahrer liefern die Tonne aus."
    )
    assert len(state.process.steps) >= 3
    assert question.kind in ("next", "continue")
    assert question.text.strip().endswith("?")
    state, question = conductor.answer(state, "Das war's, dann ist es erledigt.")
    assert state.walkthrough_done
    state, question = conductor.answer(state, "Lassen Sie uns hier aufhören.")
    assert question.kind == "readback"
    assert "Stimmt das so?" in question.text or "Passt das" in question.text
    state, question = conductor.answer(state, "Ja, genau.")
    assert question.done
    assert "Vielen Dank" in question.text or "vielen Dank" in question.text


def test_language_is_detected_from_the_first_answers(conductor: Conductor) -> None:
    state, question = conductor.start(process_name="Bauantrag")
    # not known yet: the opening and the first question come in both languages
    assert "Hello" in question.text and "Guten Tag" in question.text
    state, question = conductor.answer(
        state, "Ich bin Sachbearbeiterin im Bauamt, und wir prüfen die Anträge."
    )
    assert state.language == "de" and state.language_confirmed
    assert question.kind in ("trigger", "start")
    assert "Hello" not in question.text and "How" not in question.text
    assert any(word in question.text for word in ("Wie", "Wo", "Was", "Können", "Gehen", "Beschreiben"))


def test_a_short_first_answer_keeps_asking_in_both_languages(conductor: Conductor) -> None:
    state, question = conductor.start(process_name="Access request")
    state, question = conductor.answer(state, "Service desk.")
    assert not state.language_confirmed
    assert "\n" in question.text  # the question in both languages
    state, question = conductor.answer(state, "The employee raises a ticket and then we check the request.")
    assert state.language == "en" and state.language_confirmed


def test_skip_marks_the_gap_unanswerable_and_moves_on(conductor: Conductor) -> None:
    state, question = conductor.start(
        process_name="Access request", language="en", interviewee_role="Service desk"
    )
    assert question.kind == "trigger"  # the role was given: not asked
    state, question = _run(
        conductor,
        state,
        "The employee raises a ticket. Then the line manager approves the request.",
        "Then we create the account in Active Directory.",
        "That's it.",
    )
    asked = question
    state, question = conductor.answer(state, "I'd rather not say.")
    assert asked.gap in state.unanswerable
    assert question.gap != asked.gap
    assert question.text.startswith(("No problem", "That's fine", "Okay, we'll leave"))
    assert state.turns[-2].number in state.excluded_turns  # the skip is not read as process content


def test_stop_goes_to_the_read_back_then_closes(conductor: Conductor) -> None:
    state, question = conductor.start(process_name="Access request", language="en")
    state, question = _run(
        conductor, state, "I work in the service desk.", "The employee raises a ticket in ServiceNow."
    )
    state, question = conductor.answer(state, "Let's stop here.")
    assert question.kind == "readback" and question.phase == "readback"
    assert "raise a ticket" in question.text
    state, question = conductor.answer(state, "Let's stop here.")
    assert question.done and state.finished


def test_stop_before_anything_was_said_closes_at_once(conductor: Conductor) -> None:
    state, _ = conductor.start(process_name="Access request", language="en")
    state, question = conductor.answer(state, "Sorry, I have to go, let's stop here.")
    assert question.done and state.finished


def test_correction_of_words_changes_the_process(conductor: Conductor) -> None:
    state, _ = conductor.start(process_name="Access request", language="en", interviewee_role="Service desk")
    state, _ = _run(
        conductor, state, "The employee raises a ticket. Then the line manager approves the request."
    )
    assert "manager" in (_step(state, "approve").actor or "").lower()
    state, question = conductor.answer(state, "No, that's wrong: the system owner, not the line manager.")
    assert question.text.startswith(("Thank you, I have corrected", "Thanks, I've changed", "Got it"))
    assert "system owner" in (_step(state, "approve").actor or "").lower()
    assert state.edits and state.edits[0].find == "line manager"


def test_correction_taking_back_a_step(conductor: Conductor) -> None:
    state, _ = conductor.start(process_name="Access request", language="en", interviewee_role="Service desk")
    state, _ = _run(
        conductor,
        state,
        "The employee raises a ticket. Then we print the request and file it. Then we create the account.",
    )
    assert any("print" in step.action for step in state.process.steps)
    state, _ = conductor.answer(state, "No, that's wrong: we don't print the request anymore.")
    assert not any("print" in step.action for step in state.process.steps)
    assert any("create the account" in step.action for step in state.process.steps)


def test_correction_of_a_time_in_german(conductor: Conductor) -> None:
    state, _ = conductor.start(process_name="Mülltonne", language="de", interviewee_role="Kundenservice")
    state, _ = _run(
        conductor,
        state,
        "Der Bürger füllt das Formular aus. Dann erfassen wir den Auftrag. "
        "Danach liefert der Lieferdienst die Tonne aus, das dauert etwa zwei Wochen.",
    )
    deliver = _step(state, "liefer")
    assert deliver.wait_hours == 336
    state, _ = conductor.answer(state, "Nein, das stimmt nicht: die Tonne ausliefern dauert drei Wochen.")
    assert _step(state, "liefer").wait_hours == 504
    assert state.facts[-1].override


def test_correction_replacing_a_step(conductor: Conductor) -> None:
    state, _ = conductor.start(process_name="Purchase order", language="en", interviewee_role="Purchasing")
    state, _ = _run(
        conductor, state, "We check the order against the budget. Then we send the order to the supplier."
    )
    assert any("budget" in step.action for step in state.process.steps)
    state, _ = conductor.answer(state, "No, that's wrong: we check the order against the framework contract.")
    actions = [step.action for step in state.process.steps]
    assert any("framework contract" in action for action in actions)
    assert not any("budget" in action for action in actions)


def test_a_stated_fact_belongs_to_the_step_asked_about(conductor: Conductor) -> None:
    state, question = conductor.start(
        process_name="Purchase order", language="en", interviewee_role="Purchasing"
    )
    state, question = _run(
        conductor,
        state,
        "The engineer fills in a requisition. We enter the requisition in SAP. "
        "The controller approves the requisition. Then we send the order to the supplier.",
        "That's it.",
    )
    while question.kind != "wait":
        state, question = conductor.answer(state, "I don't know.")
    target = question.step_id
    state, question = conductor.answer(state, "About two days.")
    step = next(s for s in state.process.steps if s.id == target)
    assert step.wait_hours == 48


def test_consent_is_asked_when_not_given(conductor: Conductor) -> None:
    state, question = conductor.start(process_name="Access request", language="en", consent=False)
    assert question.kind == "consent" and question.phase == "opening"
    assert question.text.rstrip().endswith("Is that okay for you?")
    state, question = conductor.answer(state, "Yes, fine.")
    assert state.consent and question.kind == "role"


def test_finish_analyses_the_process_the_interview_established(conductor: Conductor) -> None:
    state, _ = conductor.start(process_name="Access request", language="en", interviewee_role="Service desk")
    state, _ = _run(
        conductor,
        state,
        "The employee raises a ticket. Then the line manager approves the request, which takes about two days.",
        "Then we create the account in Active Directory.",
        "No, that's wrong: the system owner, not the line manager.",
    )
    result = conductor.finish(state)
    assert result.case_id == state.id and result.language == "en"
    assert [s.action for s in result.process.steps] == [s.action for s in state.process.steps]
    assert result.process.metrics.handoff_count == len(result.process.handoffs)
    assert result.engine.name == "offline"

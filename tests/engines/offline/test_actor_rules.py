"""Who does a step: rules for the actor of a clause, in both languages
(subjectless clauses, named outside parties as subjects, agents of passives,
verb agreement that tells a noun from a verb, one name per actor)."""

from __future__ import annotations

import pytest

from interviewer.engines.offline import OfflineEngine
from interviewer.models import EngineInfo, Language, Process, Transcript, Turn


def _process(text: str, language: Language, role: str) -> Process:
    question = "Wie läuft das ab?" if language == "de" else "How does it work?"
    turns = [
        Turn(number=1, speaker="Interviewer", text=question, is_interviewer=True),
        Turn(number=2, speaker="Anna", role=role, text=text),
    ]
    transcript = Transcript(case_id="t", language=language, turns=turns)
    return OfflineEngine().extract(transcript, language, EngineInfo(name="offline"))


def _actors(process: Process) -> list[tuple[str, str | None]]:
    return [(step.action, step.actor) for step in process.steps]


@pytest.mark.parametrize(
    ("language", "role", "text", "system_step"),
    [
        (
            "en",
            "Service Desk",
            "We send the order to the manufacturer. Then put the same order into Joblogic.",
            "Joblogic",
        ),
        (
            "de",
            "Auftragsannahme",
            "Wir schicken die Bestellung an den Hersteller. Dann alles nochmal in Joblogic eintragen.",
            "Joblogic",
        ),
    ],
)
def test_a_clause_without_subject_is_the_narrators_work_not_the_recipients(
    language: Language, role: str, text: str, system_step: str
) -> None:
    steps = _process(text, language, role).steps
    typed = [s for s in steps if system_step in s.action]
    assert typed, _actors(_process(text, language, role))
    assert typed[0].actor == role


@pytest.mark.parametrize(
    ("language", "role", "text", "outside"),
    [
        ("en", "Porting Desk", "We submit it. Then the donor validates it against their records.", "donor"),
        ("en", "Underwriting", "The valuer goes out and writes the report.", "valuer"),
        ("en", "Planning", "We send it to the council. Then the council checks it.", "council"),
        ("de", "Gewerbeamt", "Dann prüft die Handwerkskammer die Eintragung.", "Handwerkskammer"),
        ("de", "Zollabteilung", "Die Spedition holt den Container am Terminal ab.", "Spedition"),
        ("de", "Bauaufsicht", "Das Tiefbauamt prüft den Antrag und stellt Rückfragen.", "Tiefbauamt"),
    ],
)
def test_a_named_outside_party_as_subject_does_the_step(
    language: Language, role: str, text: str, outside: str
) -> None:
    steps = _process(text, language, role).steps
    assert steps[-1].actor == outside, _actors(_process(text, language, role))


@pytest.mark.parametrize(
    ("language", "role", "text", "agent"),
    [
        ("en", "Lending", "Then it gets approved by the credit committee.", "credit committee"),
        ("de", "Bauaufsicht", "Dann wird der Antrag vom Tiefbauamt geprüft.", "Tiefbauamt"),
    ],
)
def test_the_agent_of_a_passive_is_the_actor(language: Language, role: str, text: str, agent: str) -> None:
    steps = _process(text, language, role).steps
    assert [s.actor for s in steps] == [agent]


@pytest.mark.parametrize(
    "text",
    [
        "Yeah, a panel firm of surveyors.",  # "firm" after "a panel": a noun
        "That sort of thing.",  # "sort" cannot agree with "that": a noun
        "Nine times out of ten there's a query.",  # a counted noun after a cardinal
    ],
)
def test_words_that_cannot_be_verbs_here_make_no_step(text: str) -> None:
    assert _process(text, "en", "Mortgage Adviser").steps == []


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("That checks the stock against SAP.", "Warehouse"),  # agreement holds: a verb
        ("It goes to the manager and she approves it.", "manager"),
    ],
)
def test_agreeing_verbs_stay_verbs(text: str, actor: str) -> None:
    steps = _process(text, "en", "Warehouse").steps
    assert steps and steps[-1].actor == actor


@pytest.mark.parametrize(
    ("language", "role", "text", "unit", "customer"),
    [
        (
            "en",
            "Microbiology Lab",
            "We ring the client about the form. Then Client Services generates the PDF report.",
            "client services",
            "client",
        ),
        (
            "de",
            "Vertrieb",
            "Der Kunde bestellt online. Dann prüft der Kundenservice den Auftrag.",
            "Kundenservice",
            "Kunde",
        ),
    ],
)
def test_a_unit_named_after_the_customer_is_not_the_customer(
    language: Language, role: str, text: str, unit: str, customer: str
) -> None:
    actors = {s.actor for s in _process(text, language, role).steps}
    assert unit in actors
    assert actors != {customer}


def test_a_personal_pronoun_after_the_verb_is_the_subject_not_an_article() -> None:
    text = "Wir schicken den Antrag an die Stadtplanung. Dann gibt sie den Antrag im System ein."
    steps = _process(text, "de", "Bauaufsicht").steps
    assert [(s.action, s.actor) for s in steps][-1] == ("Antrag im System eingeben", "Stadtplanung")


@pytest.mark.parametrize(
    ("language", "text", "verb"),
    [
        ("de", "Wir schicken denen eine Anfrage, und die antworten in ein, zwei Wochen.", "antworten"),
        ("de", "Dann gibt sie den Antrag im System ein.", "eingeben"),  # a real prefix stays one
    ],
)
def test_ein_after_a_preposition_is_a_number_not_a_separable_prefix(
    language: Language, text: str, verb: str
) -> None:
    actions = [s.action for s in _process(text, language, "Bauaufsicht").steps]
    assert any(a.split()[-1] == verb for a in actions), actions
    assert not any("einantworten" in a for a in actions)

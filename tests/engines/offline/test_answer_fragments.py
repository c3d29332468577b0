"""Terse answers, step lists, people named by first name and background about outsiders:
the recall and handoff rules of fragments.py, person_names.py and non_steps.describes_outsider."""

from __future__ import annotations

import pytest

from interviewer.engines.offline import OfflineEngine
from interviewer.engines.offline.fragments import read_fragment
from interviewer.engines.offline.lexicon import load_lexicon
from interviewer.engines.offline.person_names import first_name_spans
from interviewer.engines.offline.text import tokenize
from interviewer.models import EngineInfo, Language, Process, Transcript, Turn


def _process(lines: list[tuple[str, str | None, str]], language: Language) -> Process:
    turns = [
        Turn(number=n, speaker=speaker, role=role, text=text, is_interviewer=speaker == "Interviewer")
        for n, (speaker, role, text) in enumerate(lines, start=1)
    ]
    transcript = Transcript(case_id="t", language=language, turns=turns)
    return OfflineEngine().extract(transcript, language, EngineInfo(name="offline"))


def _fragment(text: str, language: Language) -> tuple[str, str] | None:
    verbs = load_lexicon(language).verbs
    words = [tok for tok in tokenize(text) if tok.is_word]
    reading = read_fragment(words, language, verbs.table.infinitives, verbs.nominalisations, verbs.noun_verbs)
    return None if reading is None else (reading.lemma, " ".join(tok.text for tok in reading.object))


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("de", "Ausdrucken.", ("ausdrucken", "")),
        ("de", "Dann Gebührenbescheid.", ("erstellen", "Gebührenbescheid")),
        ("de", "Mail an die Kammer.", ("schicken", "Mail an Kammer")),
        ("de", "Dann Erfassung im Fachverfahren.", ("erfassen", "im Fachverfahren")),
        ("de", "Die Prüfung der Unterlagen.", ("prüfen", "Unterlagen")),
        ("en", "Then an email to the supplier.", ("send", "email to supplier")),
        ("en", "Approval by the manager.", ("approve", "by manager")),
    ],
)
def test_a_fragment_with_an_action_word_names_a_step(
    language: Language, text: str, expected: tuple[str, str]
) -> None:
    assert _fragment(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Ausweiskopie."),
        ("de", "Handwerk."),
        ("de", "Gar nicht direkt."),
        ("en", "That sort of thing."),
        ("en", "Payslips, bank statements, ID."),
        ("en", "A day if you're lucky, sometimes three or four days and more."),
    ],
)
def test_a_fragment_without_an_action_word_names_none(language: Language, text: str) -> None:
    assert _fragment(text, language) is None


def test_terse_german_answers_become_steps_of_the_speaker() -> None:
    process = _process(
        [
            ("Interviewer", None, "Wie läuft das?"),
            ("Herr Vogt", "Gewerbeamt", "Kommt übers Portal."),
            ("Interviewer", None, "Und dann?"),
            ("Herr Vogt", "Gewerbeamt", "Ausdrucken."),
            ("Interviewer", None, "Und danach?"),
            ("Herr Vogt", "Gewerbeamt", "Dann Gebührenbescheid."),
        ],
        "de",
    )
    assert [(s.action, s.actor) for s in process.steps] == [
        ("ausdrucken", "Gewerbeamt"),
        ("Gebührenbescheid erstellen", "Gewerbeamt"),
    ]


def test_terse_english_answer_becomes_a_step_and_the_party_answers() -> None:
    process = _process(
        [
            ("Interviewer", None, "What happens next?"),
            ("Anna", "Purchasing", "Then an email to the supplier."),
            ("Interviewer", None, "And then?"),
            ("Anna", "Purchasing", "The supplier confirms the delivery date."),
        ],
        "en",
    )
    assert [(s.action, s.actor) for s in process.steps] == [
        ("send email to supplier", "Purchasing"),
        ("confirm the delivery date", "supplier"),
    ]
    assert len(process.handoffs) == 1


def test_a_fragment_said_by_the_interviewer_is_no_step() -> None:
    process = _process(
        [("Interviewer", None, "Mail an die Kammer?"), ("Herr Vogt", "Gewerbeamt", "Kommt drauf an.")],
        "de",
    )
    assert process.steps == []


@pytest.mark.parametrize(
    ("language", "text", "actions"),
    [
        ("de", "Erst prüfen, dann erfassen, dann weiterleiten.", ["prüfen", "erfassen", "weiterleiten"]),
        ("en", "First check it, then enter it in SAP, then file it.", ["check", "enter", "file"]),
    ],
)
def test_a_list_with_then_gives_one_step_per_item(language: Language, text: str, actions: list[str]) -> None:
    process = _process([("Interviewer", None, "And then?"), ("Vogt", "Office", text)], language)
    assert [s.action.split()[0] for s in process.steps] == actions


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Wir graben auf und legen die Leitung."),
        ("en", "We pick and pack the part."),
    ],
)
def test_coordination_without_then_stays_one_step(language: Language, text: str) -> None:
    process = _process([("Interviewer", None, "And then?"), ("Vogt", "Office", text)], language)
    assert len(process.steps) == 1


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("de", "Dann geht es an Michael zur Freigabe.", "Michael"),
        ("en", "Then it goes to Sarah for approval.", "Sarah"),
    ],
)
def test_a_first_name_after_to_is_a_person_actor(language: Language, text: str, name: str) -> None:
    words = [tok for tok in tokenize(text) if tok.is_word]
    assert [n for _, n, _ in first_name_spans(words, [], language)] == [name]
    process = _process(
        [
            ("Interviewer", None, "And then?"),
            ("Vogt", "Einkauf", f"{'Ich prüfe das.' if language == 'de' else 'I check it.'} {text}"),
        ],
        language,
    )
    assert [s.actor for s in process.steps] == ["Einkauf", name]
    assert len(process.handoffs) == 1


def test_a_first_name_at_sentence_start_alone_is_not_read_as_a_recipient() -> None:
    words = [tok for tok in tokenize("Michael macht das.") if tok.is_word]
    assert first_name_spans(words, [], "de") == []


def test_a_first_name_of_a_speaker_resolves_to_the_speakers_unit() -> None:
    process = _process(
        [
            ("Interviewer", None, "Und dann?"),
            (
                "Sabine",
                "Reisekostenstelle",
                "Ich erfasse die Abrechnung. Dann geht's an Michael zur Freigabe.",
            ),
            ("Michael", "Kreditorenbuchhaltung", "Genau."),
        ],
        "de",
    )
    assert [s.actor for s in process.steps] == ["Reisekostenstelle", "Kreditorenbuchhaltung"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Well, they've got a house purchase riding on it."),
        ("en", "The client sends the samples. We log them. We look at which tests they've ticked."),
        ("de", "Die Kunden haben ja schon einen Vertrag."),
    ],
)
def test_background_about_the_customer_is_no_step(language: Language, text: str) -> None:
    opener = "We check the form." if language == "en" else "Wir prüfen das Formular."
    process = _process([("Interviewer", None, "And then?"), ("Vogt", "Office", f"{opener} {text}")], language)
    # no step of the customer or client for what they have or ticked
    assert all(s.actor == "Office" or s.action.split()[0] == "send" for s in process.steps)
    assert not any(s.action.split()[0] in ("get", "tick", "haben") for s in process.steps)

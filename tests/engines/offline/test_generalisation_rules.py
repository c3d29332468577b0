"""Rules added so that the offline engine generalises beyond its development cases:
which stated time is the lead time, and which clauses are no (new) step."""

from __future__ import annotations

import pytest

from interviewer.engines.offline import OfflineEngine
from interviewer.engines.offline.lead_time import (
    CONDITIONAL,
    PLAIN,
    SETTLED,
    TYPICAL,
    bare_number,
    rank_in_answer,
)
from interviewer.engines.offline.non_steps import (
    completed_reference,
    echoes,
    generic_subject,
    quoted_request,
    restates,
)
from interviewer.engines.offline.text import tokenize
from interviewer.models import EngineInfo, Language, Process, Transcript, Turn


def _process(lines: list[tuple[str, str | None, str]], language: Language) -> Process:
    turns = [
        Turn(number=n, speaker=speaker, role=role, text=text, is_interviewer=speaker == "Interviewer")
        for n, (speaker, role, text) in enumerate(lines, start=1)
    ]
    transcript = Transcript(case_id="t", language=language, turns=turns)
    return OfflineEngine().extract(transcript, language, EngineInfo(name="offline"))


@pytest.mark.parametrize(
    ("language", "sentence", "word", "rank"),
    [
        ("en", "If it goes through first time, four or five working days.", "four", CONDITIONAL),
        ("en", "On average I'd say about ten days.", "ten", TYPICAL),
        ("en", "Five working days, typically.", "five", TYPICAL),
        ("en", "Six weeks.", "six", PLAIN),
        ("de", "Wenn alles glatt geht, vier, fünf Tage.", "vier", CONDITIONAL),
        ("de", "Im Schnitt aber eher acht bis zehn Tage.", "acht", TYPICAL),
        ("de", "Na gut, vier bis sechs Wochen. Sagen wir fünf.", "fünf", SETTLED),
    ],
)
def test_rank_of_a_stated_lead_time(language: Language, sentence: str, word: str, rank: int) -> None:
    offset = sentence.lower().index(word)
    assert rank_in_answer(sentence, offset, is_question=False, language=language) == rank


def test_a_question_back_is_no_firm_lead_time() -> None:
    assert rank_in_answer("Vier Wochen?", 0, is_question=True, language="de") == CONDITIONAL


def test_bare_numbers_in_short_answers() -> None:
    assert bare_number("Sagen wir fünf.", "de") == (5.0, 10)
    assert bare_number("Call it ten.", "en") == (10.0, 8)
    assert bare_number("Ein Antrag kommt rein.", "de") is None  # "ein" is an article


def test_answer_with_best_case_and_average_takes_the_average_en() -> None:
    process = _process(
        [
            ("Interviewer", None, "How long does the whole thing take, from signing to the number working?"),
            (
                "Priya",
                "Porting Desk",
                "If it goes through first time, four or five working days. With a rejection, two weeks easily.",
            ),
            ("Tom", "Retail Store", "On average I'd say about ten days."),
        ],
        "en",
    )
    assert process.stated_lead_time_hours == pytest.approx(240)


def test_answer_settled_with_a_bare_number_de() -> None:
    process = _process(
        [
            ("Interviewer", None, "Und alles zusammen, von der Abgabe bis das Geld auf dem Konto ist?"),
            ("Sabine", "Reisekostenstelle", "Vier Wochen?"),
            ("Michael", "Buchhaltung", "Eher sechs."),
            ("Sabine", "Reisekostenstelle", "Na gut, vier bis sechs Wochen. Sagen wir fünf."),
        ],
        "de",
    )
    assert process.stated_lead_time_hours == pytest.approx(5 * 168)


def test_answer_beats_a_longer_partial_said_earlier_de() -> None:
    process = _process(
        [
            ("Interviewer", None, "Wie lange dauert das insgesamt, vom Eingang bis zum Bescheid?"),
            (
                "Frau Yilmaz",
                "Elterngeldstelle",
                "Wenn wirklich alles dabei ist, vier Wochen. Aber realistisch sieben, acht Wochen.",
            ),
        ],
        "de",
    )
    assert process.stated_lead_time_hours == pytest.approx(7.5 * 168)


def test_working_days_follow_the_week_convention() -> None:
    process = _process(
        [
            ("Interviewer", None, "So overall, from a sample arriving to the report?"),
            ("Karen", "Sample Reception", "Five working days, typically."),
        ],
        "en",
    )
    assert process.stated_lead_time_hours == pytest.approx(168)


@pytest.mark.parametrize(
    ("language", "text", "generic"),
    [
        ("de", "Die meisten Eltern machen das online", True),
        ("en", "everyone's buying at the moment", True),
        ("en", "hardly any get declined", True),
        ("de", "Die Poststelle macht den Eingangsstempel drauf", False),
        ("en", "the underwriter assesses it", False),
    ],
)
def test_generic_subjects(language: Language, text: str, generic: bool) -> None:
    assert generic_subject(tokenize(text)[:3], language) is generic


def test_quoted_requests_restatements_and_references() -> None:
    assert quoted_request("please provide a letter from the employer", "en")
    assert quoted_request("Bitte schickt mir die Rechnung", "de")
    assert not quoted_request("we provide a letter", "en")
    assert restates("Also, ich tippe das vom Ausdruck ab", "de")
    assert restates("I mean, we key it in again", "en")
    assert not restates("also kopieren wir die Daten rüber", "de")  # "so", not "I mean"
    assert completed_reference(tokenize("wenn das Board entschieden hat"), "de")
    assert completed_reference(tokenize("once we've raised it with the vendor"), "en")
    assert not completed_reference(tokenize("sobald der Techniker kommt"), "de")
    assert echoes("abtippen", frozenset({"tippen"}), "de")
    assert not echoes("prüfen", frozenset({"tippen"}), "de")


def test_no_steps_from_generic_statements_and_quoted_requests_en() -> None:
    process = _process(
        [
            ("Interviewer", None, "What happens after you submit it?"),
            (
                "Ann",
                "Mortgage Adviser",
                "The underwriter assesses the application. Nine times out of ten there's a query. "
                "Please explain the transfer of two thousand pounds. Everyone's buying at the moment.",
            ),
        ],
        "en",
    )
    actions = [s.action for s in process.steps]
    assert any("assess" in a for a in actions)
    assert not any("explain" in a or "buy" in a for a in actions)


def test_echo_of_the_interviewers_paraphrase_is_no_new_step_de() -> None:
    process = _process(
        [
            ("Interviewer", None, "Und dann?"),
            (
                "Herr Vogt",
                "Sozialdienst",
                "Dann füllen wir den Reha-Antrag aus und schreiben die Befunde aus dem KIS ab.",
            ),
            ("Interviewer", None, "Also nochmal abtippen."),
            ("Herr Vogt", "Sozialdienst", "Ja, abtippen."),
            ("Interviewer", None, "Und danach?"),
            ("Herr Vogt", "Sozialdienst", "Dann faxen wir alles an die Krankenkasse. Ja, wirklich, faxen."),
        ],
        "de",
    )
    actions = [s.action for s in process.steps]
    assert not any(a.strip() == "abtippen" for a in actions)
    assert len([a for a in actions if a.endswith("faxen")]) == 1


def test_restatement_adds_no_step_de() -> None:
    process = _process(
        [
            ("Interviewer", None, "Was machen Sie dann?"),
            (
                "Sabine",
                "Reisekostenstelle",
                "Dann erfasse ich die Abrechnung in SAP. Also, ich tippe das vom Ausdruck ab, Position für Position.",
            ),
        ],
        "de",
    )
    assert len(process.steps) == 1
    assert len(process.steps[0].evidence) == 2

"""Language detection and who the interviewer is."""

from __future__ import annotations

from pathlib import Path

from interviewer.models import Turn
from interviewer.transcripts import detect_language, read_file, read_text
from interviewer.transcripts.language import language_scores


def _turns(*texts: str) -> list[Turn]:
    return [Turn(number=i, speaker="A", text=text) for i, text in enumerate(texts, start=1)]


def test_german_and_english_by_function_words() -> None:
    assert detect_language(_turns("Dann geht der Antrag an die Statik, und das dauert drei Wochen.")) == "de"
    assert (
        detect_language(_turns("Then the request goes to the engineers, and that takes three weeks.")) == "en"
    )


def test_shared_product_words_do_not_decide() -> None:
    # SAP, CRM, Workflow, Ticket are the same in both languages; the function words decide.
    assert detect_language(_turns("Das Ticket geht per Workflow ins SAP und dann ins CRM.")) == "de"
    assert detect_language(_turns("The ticket goes via workflow into SAP and then into the CRM.")) == "en"


def test_mixed_interview_goes_with_the_majority() -> None:
    turns = _turns(
        "What happens next?",
        "Also, dann geht das an die Kasse, und die brauchen eine Woche, weil die das nicht haben.",
    )
    assert detect_language(turns) == "de"


def test_very_short_text_falls_back_to_umlauts_then_default() -> None:
    assert detect_language(_turns("Grüße")) == "de"
    assert detect_language(_turns("OK")) == "en"


def test_word_lists_come_from_the_data_file() -> None:
    data = (
        Path(__file__).resolve().parents[2] / "interviewer" / "transcripts" / "data" / "function_words.yaml"
    )
    assert data.is_file()
    assert language_scores("und nicht the which") == {"en": 2, "de": 2}


def test_language_override(fixtures: Path) -> None:
    assert read_file(fixtures / "labelled_en.txt").language == "en"
    assert read_file(fixtures / "labelled_en.txt", language="de").language == "de"


def test_interviewer_by_label_and_by_role() -> None:
    text = "Anna (Interviewerin): Wie geht es los?\nBen (Vertrieb): Mit einem Anruf.\nI: Und dann?\nBen: Dann das CRM.\n"
    turns = read_text(text, case_id="t").turns
    assert [(t.speaker, t.is_interviewer) for t in turns] == [
        ("Anna", True),
        ("Ben", False),
        ("I", True),
        ("Ben", False),
    ]


def test_interviewer_is_the_one_asking_questions_when_no_label_says_so() -> None:
    text = (
        "Alex Morgan: How does an order start?\n"
        "Priya Nair: Sales enters it in Salesforce.\n"
        "Alex Morgan: And then?\n"
        "Priya Nair: I check it. Why do you ask? Anyway, it takes ten minutes.\n"
        "Alex Morgan: Who activates the line?\n"
        "Priya Nair: Network operations, on Thursdays.\n"
    )
    turns = read_text(text, case_id="t").turns
    assert {t.speaker for t in turns if t.is_interviewer} == {"Alex Morgan"}


def test_nobody_is_marked_when_questions_do_not_tell() -> None:
    text = "Ana: Is it signed?\nBen: Is it? I thought so?\nAna: Maybe?\nBen: Who knows?\n"
    assert not any(t.is_interviewer for t in read_text(text, case_id="t").turns)
    assert not any(t.is_interviewer for t in read_text("Ana: Only me? Yes.\n", case_id="t").turns)

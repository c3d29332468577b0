"""Spoken time expressions in both languages -> calendar hours, and their role."""

from __future__ import annotations

import pytest

from interviewer.engines.offline.time_expressions import (
    classify,
    find_times,
    is_lead_question,
    lead_mentions,
)
from interviewer.models import Language

# day 24 h, week 168 h, month 730 h, year 8760 h (spec/result.md: four weeks = 672)
CASES: list[tuple[Language, str, float]] = [
    ("en", "about two weeks", 336),
    ("en", "a couple of hours", 2),
    ("en", "two to three weeks", 420),
    ("en", "between two and three weeks", 420),
    ("en", "two or three days", 60),
    ("en", "a day or two", 36),
    ("en", "half an hour", 0.5),
    ("en", "an hour and a half", 1.5),
    ("en", "a week and a half", 252),
    ("en", "twenty-five minutes", 25 / 60),
    ("en", "48h", 48),
    ("en", "2-3 days", 60),
    ("en", "a few days", 72),
    ("en", "four weeks", 672),
    ("en", "six months", 4380),
    ("en", "a fortnight", 336),
    ("en", "three working days", 100.8),  # five working days are one week (eval convention)
    ("en", "another week", 168),
    ("de", "drei Tage", 72),
    ("de", "ein halbes Jahr", 4380),
    ("de", "zwei bis drei Wochen", 420),
    ("de", "zwischen zwei und drei Wochen", 420),
    ("de", "so drei, vier Tage", 84),
    ("de", "anderthalb Wochen", 252),
    ("de", "eineinhalb Stunden", 1.5),
    ("de", "eine halbe Stunde", 0.5),
    ("de", "eine Viertelstunde", 0.25),
    ("de", "einundzwanzig Tage", 504),
    ("de", "zehn bis zwölf Wochen", 1848),
    ("de", "ein paar Tage", 72),
    ("de", "ca. 4 Std.", 4),
    ("de", "etwa 8-10 Werktage", 302.4),
    ("de", "eine Woche oder zwei", 252),
]


@pytest.mark.parametrize(("language", "text", "hours"), CASES)
def test_amounts(language: Language, text: str, hours: float) -> None:
    found = find_times(text, language)
    assert len(found) == 1, found
    assert found[0].hours == pytest.approx(hours, rel=1e-3)
    assert found[0].kind == "amount"
    assert found[0].text in text


PERIODIC: list[tuple[Language, str, float]] = [
    # a case that waits for a periodic run waits half the period on average
    ("en", "we send them every Friday", 84),
    ("en", "the managers only look at it on Fridays", 84),
    ("en", "once a week", 84),
    ("en", "it goes out with the monthly run", 365),
    ("en", "every two weeks", 168),
    ("en", "twice a day", 6),
    ("de", "das machen wir jeden Freitag", 84),
    ("de", "die Amtsleitung unterschreibt donnerstags", 84),
    ("de", "bis zum nächsten Monatslauf", 365),
    ("de", "alle zwei Wochen", 168),
    ("de", "einmal pro Woche", 84),
    ("de", "quartalsweise", 1095),
]


@pytest.mark.parametrize(("language", "text", "hours"), PERIODIC)
def test_periodic_runs_give_half_the_period(language: Language, text: str, hours: float) -> None:
    found = find_times(text, language)
    assert [m.kind for m in found] == ["periodic"]
    assert found[0].hours == pytest.approx(hours)


@pytest.mark.parametrize(("language", "text"), [("en", "it waits overnight"), ("de", "das liegt über Nacht")])
def test_overnight_is_a_fixed_wait(language: Language, text: str) -> None:
    (mention,) = find_times(text, language)
    assert (mention.kind, mention.hours) == ("fixed", 12)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "that's in World-Check, and, ah, check the documents"),  # "a h" is no time
        ("en", "we check the order for completeness"),
        ("de", "wir prüfen den Auftrag"),
    ],
)
def test_no_time_where_none_was_said(language: Language, text: str) -> None:
    assert find_times(text, language) == []


ROLES: list[tuple[Language, str, str]] = [
    ("en", "that takes me about twenty minutes", "duration"),
    ("en", "then it sits there for two weeks", "wait"),
    ("en", "we wait three days for the approval", "wait"),
    ("en", "the check takes two days", "wait"),  # elapsed time beyond a working day
    ("en", "I've been here for twelve years", "ignore"),
    ("en", "proof of address older than three months", "ignore"),
    ("en", "our target is ten days", "ignore"),
    ("de", "das dauert bei mir so zwanzig Minuten", "duration"),
    ("de", "dann liegt das zwei Wochen im Postfach", "wait"),
    ("de", "bis die Genehmigung da ist, dauert es drei Monate", "wait"),
    ("de", "ich bin seit zwölf Jahren dabei", "ignore"),
]


@pytest.mark.parametrize(("language", "text", "role"), ROLES)
def test_duration_wait_or_ignore(language: Language, text: str, role: str) -> None:
    (mention,) = find_times(text, language)
    assert classify(text.lower(), mention, language) == role


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "All in all it takes about six months."),
        ("en", "From the order until the customer is online it's four weeks."),
        ("de", "Insgesamt dauert das so ein halbes Jahr."),
        ("de", "Vom Antrag bis der Kunde surfen kann, vergehen drei Monate."),
    ],
)
def test_lead_time_cues_point_at_the_end_to_end_time(language: Language, text: str) -> None:
    mentions = find_times(text, language)
    assert lead_mentions(text.lower(), mentions, language) == {0}


@pytest.mark.parametrize(
    ("language", "question", "expected"),
    [
        ("en", "How long does the whole thing take?", True),
        ("en", "So from the call to the part arriving, when it's in stock?", True),
        ("en", "And overall, from the first meeting to an open account?", True),
        ("en", "Who types it?", False),
        ("de", "Wie lange dauert das insgesamt?", True),
        ("de", "Wenn Sie alles zusammennehmen, vom Eingang bis der Bauherr den Bescheid hat?", True),
        ("de", "Wie lange liegt der da ungefähr?", False),
    ],
)
def test_interviewer_questions_that_ask_for_the_lead_time(
    language: Language, question: str, expected: bool
) -> None:
    assert is_lead_question(question, language) is expected

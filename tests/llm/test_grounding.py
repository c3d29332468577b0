"""Quotes are located in the transcript in code, with a small tolerance, never trusted."""

from __future__ import annotations

import pytest

from interviewer.engines.llm.grounding import locate
from interviewer.engines.llm.time_check import states_time

TEXT = "Sales enters the order in the CRM, then I check the order for completeness.  It “usually” sits two weeks."


@pytest.mark.parametrize(
    ("quote", "span"),
    [
        ("then I check the order for completeness", "then I check the order for completeness"),
        ("THEN I CHECK  the order", "then I check the order"),  # case and spaces
        ('It "usually" sits two weeks', "It “usually” sits two weeks"),  # typographic quotes
        (
            "Sales enters the order ... for completeness",
            "Sales enters the order in the CRM, then I check the order for completeness",
        ),
        ("then I check the order for completness", "then I check the order for completeness"),  # one typo
        ("“then I check the order.”", "then I check the order"),  # edge punctuation
    ],
)
def test_a_quote_is_found_and_replaced_by_the_transcripts_words(quote: str, span: str) -> None:
    assert locate(quote, TEXT) == span


@pytest.mark.parametrize(
    "quote",
    [
        "the board approves every order",
        "then we approve the invoice for payment",  # shares words, not the sentence
        "for completeness ... Sales enters",  # parts out of order
        "",
    ],
)
def test_words_that_are_not_there_are_not_grounded(quote: str) -> None:
    assert locate(quote, TEXT) is None


def test_short_quotes_must_match_exactly() -> None:
    assert locate("the CRM", TEXT) == "the CRM"
    assert locate("the CRX", TEXT) is None  # one letter of seven is too much for a short quote


def test_the_tolerance_is_small() -> None:
    assert locate("then I chekc teh ordre for compleetness", TEXT) is None
    assert locate("then I chekc teh ordre for compleetness", TEXT, tolerance=0.5) is not None


@pytest.mark.parametrize(
    ("text", "language", "timed"),
    [
        ("It usually sits there for about two weeks", "en", True),
        ("every Friday the batch runs", "en", True),
        ("Dort liegt er meistens drei Wochen", "de", True),
        ("bis zum nächsten Monatslauf", "de", True),
        ("Then it goes to planning at Netzbau GmbH.", "en", False),
        ("Dann geht der Auftrag an die Planung.", "de", False),
    ],
)
def test_time_is_stated_only_where_a_time_expression_is(text: str, language: str, timed: bool) -> None:
    assert states_time(text, language) is timed  # type: ignore[arg-type]

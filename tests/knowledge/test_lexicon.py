"""The concept lexicon: words, phrases, compounds and the data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.errors import CatalogueError
from interviewer.knowledge.indicators import load_indicators
from interviewer.knowledge.lexicon import default_lexicon, load_lexicon
from interviewer.knowledge.text import fold, sentences, stem


def concepts(text: str) -> set[str]:
    return set(default_lexicon().analyse(text).concepts)


def test_shipped_lexicon_is_large_and_bilingual() -> None:
    lexicon = default_lexicon()
    assert len(lexicon.concepts) >= 150
    # Both languages reach the same concept.
    for english, german in [
        ("approve", "genehmigen"),
        ("invoice", "Rechnung"),
        ("spreadsheet", "Excel-Liste"),
        ("send it back", "schicken es zurück"),
        ("every Friday", "jeden Freitag"),
        ("the customer calls to ask", "der Kunde ruft an und fragt"),
    ]:
        shared = concepts(english) & concepts(german)
        assert shared, f"{english!r} and {german!r} share no concept"


def test_synonyms_without_shared_words_meet_in_concepts() -> None:
    assert {"APPROVAL", "INVOICE"} <= concepts("who signs off on bills")
    assert {"APPROVAL", "INVOICE"} <= concepts("the finance manager approves every invoice")


def test_german_compounds_split_into_known_parts() -> None:
    assert {"INVOICE", "APPROVAL"} <= concepts("Rechnungsfreigabe")
    assert {"INVOICE", "APPROVAL"} <= concepts("Die Rechnungsfreigaben dauern")
    assert "rechnung" in default_lexicon().compound_parts("rechnungsfreigabe")


def test_separable_german_verbs_match_across_a_gap() -> None:
    assert "APPROVAL" in concepts("Er gibt die Rechnung dann frei")
    assert "SEND_BACK" in concepts("Wir schicken den Antrag an den Kunden zurück")


def test_overlapping_phrases_count_once() -> None:
    analysis = default_lexicon().analyse("Das haben wir schon immer so gemacht")
    assert analysis.concepts["ALWAYS_BEEN"] == 1


def test_acronyms_that_read_as_function_words_are_not_concepts() -> None:
    # "IT" the department must not fire on the pronoun "it".
    assert "IT_DEPT" not in concepts("it takes a week")


def test_folding_and_stemming_are_consistent() -> None:
    assert fold("Rückfrage Größe") == "rueckfrage groesse"
    assert stem("rechnungen") == stem("rechnung")
    assert stem("approves") == stem("approve") == stem("approved")
    assert sentences("First. Second? Third!") == ["First.", "Second?", "Third!"]


def test_broken_concept_file_names_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("APPROVAL:\n  en: approve\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_lexicon(tmp_path)
    assert "bad.yaml" in str(caught.value)
    assert "APPROVAL.en" in str(caught.value)


def test_unknown_related_concept_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("A_ONE:\n  en: [one]\n  related: [NOPE]\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="NOPE"):
        load_lexicon(tmp_path)


def test_indicator_rules_use_known_concepts_and_categories(tmp_path: Path) -> None:
    rules = load_indicators()
    assert {rule.category for rule in rules.rules} >= {"batching", "rework-loop", "proxy-metric"}
    bad = tmp_path / "indicators.yaml"
    bad.write_text("batching:\n  - {all: [NOT_A_CONCEPT], weight: 0.5}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"batching\[0\]\.all"):
        load_indicators(bad)


def test_words_that_stem_alike_stay_apart() -> None:
    # customer/customs and Friday/Fridays would collapse under plain stemming.
    assert "AUTHORITY" not in concepts("the customer calls")
    assert "AUTHORITY" in concepts("it is held at customs")
    assert "RECURRING_DAY" in concepts("we do them on Fridays") and "RECURRING_DAY" in concepts("freitags")
    assert "RECURRING_DAY" not in concepts("it came in on a Friday")

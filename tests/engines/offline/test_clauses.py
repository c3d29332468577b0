"""Clause -> short verb phrase, in both languages, and actor mentions."""

from __future__ import annotations

import pytest

from interviewer.engines.offline.actors import Actor, crosses_boundary, finder_for
from interviewer.engines.offline.clause_de import GermanClauseParser
from interviewer.engines.offline.clause_en import EnglishClauseParser
from interviewer.engines.offline.lexicon import load_lexicon
from interviewer.engines.offline.steps import ClauseParse, build_action
from interviewer.engines.offline.text import tokenize
from interviewer.models import Language


def _parse(text: str, language: Language) -> tuple[ClauseParse, str | None]:
    lex = load_lexicon(language)
    parser = EnglishClauseParser(lex) if language == "en" else GermanClauseParser(lex)
    tokens = [tok for tok in tokenize(text) if tok.is_word]
    parse = parser.parse(tokens, finder_for(language).find(tokens), set())
    action = build_action(parse.lemma, parse.particle, parse.object, language) if parse.lemma else None
    return parse, action


@pytest.mark.parametrize(
    ("text", "action", "subject"),
    [
        ("Then we check the order for completeness", "check the order for completeness", "self"),
        (
            "The field service schedules an appointment with the customer",
            "schedule an appointment with the customer",
            "np",
        ),
        ("I have to enter it again in SAP", "enter it in SAP", "self"),
        ("and then they send it back to the customer", "send it back to the customer", "other"),
        ("Checking the documents takes about an hour", "check the documents", "none"),
        ("The building authority takes about six weeks to approve it", "approve it", "np"),
        ("we check if it's under warranty", "check if it's under warranty", "self"),
        ("The treasurer checks the receipts", "check the receipts", "np"),
    ],
)
def test_english_actions(text: str, action: str, subject: str) -> None:
    parse, built = _parse(text, "en")
    assert built == action
    assert parse.subject_kind == subject


def test_english_passive_takes_the_agent_out_of_the_action() -> None:
    parse, action = _parse("The order is then checked by the back office for completeness", "en")
    assert parse.passive
    assert action == "check the order for completeness"
    assert [tok.low for tok in parse.agent] == ["the", "back", "office"]


@pytest.mark.parametrize(
    "text",
    [
        "We don't print it anymore",
        "Nobody checks the invoice",
    ],
)
def test_english_negation(text: str) -> None:
    assert _parse(text, "en")[0].negated


def test_english_nouns_that_look_like_verbs_stay_nouns() -> None:
    assert _parse("Sometimes scans, sometimes photos from a phone", "en")[0].lemma is None
    assert _parse("the PO number", "en")[0].lemma is None


@pytest.mark.parametrize(
    ("text", "action", "subject"),
    [
        ("Dann prüfen wir den Auftrag auf Vollständigkeit", "Auftrag auf Vollständigkeit prüfen", "self"),
        ("Der Vertrieb erfasst den Auftrag im CRM", "Auftrag im CRM erfassen", "np"),
        ("Dann gibt der Vertrieb den Auftrag im CRM ein", "Auftrag im CRM eingeben", "np"),
        ("Nachdem der Kunde den Antrag eingereicht hat", "Antrag einreichen", "np"),
        ("zuerst rufen wir den Kunden an", "Kunden anrufen", "self"),
        ("Die Tiefbaufirma gräbt dann die Leitung ein", "Leitung eingraben", "np"),
        ("Dann fordern wir die Unterlagen an, also Fotos", "Unterlagen Fotos anfordern", "self"),
        ("Genau, alles nochmal abtippen, Bauherr, Flurstück", "alles Bauherr Flurstück abtippen", "none"),
        ("Die rufen an", "anrufen", "other"),
        ("Den Antrag prüfen wir dann", "Antrag prüfen", "self"),
    ],
)
def test_german_actions(text: str, action: str, subject: str) -> None:
    parse, built = _parse(text, "de")
    assert built == action
    assert parse.subject_kind == subject


def test_german_passive_with_agent() -> None:
    parse, action = _parse("Der Auftrag wird dann vom Vertrieb im CRM erfasst", "de")
    assert parse.passive
    assert action == "Auftrag im CRM erfassen"
    assert [tok.text for tok in parse.agent] == ["vom", "Vertrieb"]


def test_german_modal_passive_keeps_the_pronoun_object() -> None:
    parse, action = _parse("Dann muss das vom Teamleiter freigegeben werden", "de")
    assert parse.passive
    assert action == "das freigeben"


def test_german_demand_with_participle_is_no_action_of_the_subject() -> None:
    assert _parse("Und die Feuerwehr will's immer noch ausgedruckt", "de")[0].wish


def test_german_adjective_participles_are_no_verbs() -> None:
    assert _parse("Vom Antrag bis zum fertigen Anschluss", "de")[0].lemma is None


@pytest.mark.parametrize(
    ("language", "text", "name", "kind"),
    [
        ("en", "then it goes to the field service", "field service", "unit"),
        ("en", "the network operator gets it", "network operator", "external"),
        ("en", "someone from finance checks the budget", "finance", "unit"),
        ("en", "the hiring manager raises a request", "hiring manager", "role"),
        ("en", "the consultants do their triage", "consultant", "role"),
        ("en", "The GO examines the bill", "GO", "unit"),
        ("de", "Dann geht das an die Bauabteilung", "Bauabteilung", "unit"),
        ("de", "Der Netzbetreiber schaltet frei", "Netzbetreiber", "external"),
        ("de", "Die Kollegen vom Vertrieb erfassen den Auftrag", "Vertrieb", "unit"),
        ("de", "Das landet bei der technischen Abteilung", "technische Abteilung", "unit"),
        ("de", "wir rufen den Kunden an", "Kunde", "customer"),
        ("de", "Die Amtsleitung unterschreibt", "Amtsleitung", "unit"),
    ],
)
def test_actor_mentions(language: Language, text: str, name: str, kind: str) -> None:
    mentions = finder_for(language).find([t for t in tokenize(text) if t.is_word])
    assert [(m.actor.name, m.actor.kind) for m in mentions] == [(name, kind)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "the customer data is in the system"),
        ("en", "the lead time is long"),
        ("en", "we send it to it"),
        ("de", "An dieser Stelle warten wir"),
        ("de", "Insgesamt dauert das"),
        ("de", "Die Leitung wird verlegt"),
        ("de", "Der Auftrag ist da"),
    ],
)
def test_words_that_are_no_actors(language: Language, text: str) -> None:
    assert finder_for(language).find([t for t in tokenize(text) if t.is_word]) == []


def test_possessive_self_gives_the_speakers_unit() -> None:
    (mention,) = finder_for("de").find(
        [t for t in tokenize("Unser Teamleiter gibt das frei") if t.is_word], "Vertrieb"
    )
    assert mention.actor.org_unit == "Vertrieb"


def test_boundary_crossing() -> None:
    us = Actor("order management", "self", "order management")
    planning = Actor("planning", "unit", "planning")
    operator = Actor("network operator", "external", "network operator")
    lead = Actor("team lead", "role", None)
    assert crosses_boundary(us, planning)
    assert crosses_boundary(planning, operator)
    assert crosses_boundary(lead, operator)  # whoever hands it to another company crosses
    assert not crosses_boundary(us, lead)  # a role of unknown unit: not known to cross
    assert not crosses_boundary(planning, Actor("Planning", "unit", "Planning"))

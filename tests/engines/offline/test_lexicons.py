"""The lexicons are data files: they load, they hold only text, and the verb
forms derived from them are the ones people say."""

from __future__ import annotations

import pytest
import yaml

from interviewer.engines.offline.lexicon import _check_strings, load_file, load_lexicon
from interviewer.engines.offline.systems import find_system
from interviewer.engines.offline.value import value_class
from interviewer.engines.offline.verbforms import build_english, build_german
from interviewer.errors import CatalogueError

FILES = [
    "verbs_en.yaml",
    "verbs_de.yaml",
    "actors.yaml",
    "systems.yaml",
    "time.yaml",
    "value.yaml",
    "conversation.yaml",
]


@pytest.mark.parametrize("name", FILES)
def test_every_lexicon_file_loads(name: str) -> None:
    assert load_file(name)


def test_a_yaml_boolean_is_refused_with_the_field_named() -> None:
    data = yaml.safe_load("en:\n  corrections: [no wait, no]\n")
    with pytest.raises(CatalogueError) as error:
        _check_strings(data, "conversation.yaml", "")
    assert "/en/corrections" in str(error.value)


def test_lexicons_are_loaded_once() -> None:
    assert load_lexicon("de") is load_lexicon("de")


@pytest.mark.parametrize(
    ("form", "lemma", "participle"),
    [
        ("checks", "check", False),
        ("checked", "check", True),
        ("planned", "plan", True),
        ("sent", "send", True),
        ("submitted", "submit", True),
        ("copies", "copy", False),
        ("approving", "approve", False),
    ],
)
def test_english_forms(form: str, lemma: str, participle: bool) -> None:
    table = build_english(load_file("verbs_en.yaml"))
    assert table.forms[form] == lemma
    assert (form in table.participles) is participle


@pytest.mark.parametrize(
    ("form", "lemma", "participle"),
    [
        ("prüft", "prüfen", False),
        ("geprüft", "prüfen", True),
        ("angelegt", "anlegen", True),
        ("anlegt", "anlegen", False),  # subordinate clause: "..., wenn wir es anlegen"
        ("legt", "legen", False),  # main clause: "legt ... an", joined by the parser
        ("arbeitet", "arbeiten", False),
        ("geändert", "ändern", True),
        ("abgegeben", "abgeben", True),
        ("vergibt", "vergeben", False),
        ("unterschrieben", "unterschreiben", True),
        ("kontrolliert", "kontrollieren", True),
        ("beantragt", "beantragen", True),
        ("weitergeleitet", "weiterleiten", True),
        ("eingetragen", "eintragen", True),
        ("gegangen", "gehen", True),
    ],
)
def test_german_forms(form: str, lemma: str, participle: bool) -> None:
    table = build_german(load_file("verbs_de.yaml"))
    assert table.forms[form] == lemma
    assert (form in table.participles) is participle


def test_german_zu_infinitives_and_separable_prefixes() -> None:
    table = build_german(load_file("verbs_de.yaml"))
    assert table.zu_infinitives["anzulegen"] == "anlegen"
    assert "weiter" in table.separable["leiten"]
    assert "meine" not in table.forms  # "meine Kollegin", not "ich meine"


@pytest.mark.parametrize(
    ("text", "system"),
    [
        ("we enter it in SAP", "SAP"),
        ("wir tragen das in die Excel-Liste ein", "Excel"),
        ("das kommt per E-Mail", "email"),
        ("über das Kundenportal", "portal"),
        ("it goes into the ticket system", "ticket system"),
        ("he prints it and faxes it", "fax"),
        ("das Antragsformular", "paper"),
        ("his manager approves it", None),  # "his" is no hospital information system
        ("we check it", None),
    ],
)
def test_systems(text: str, system: str | None) -> None:
    assert find_system(text) == system


@pytest.mark.parametrize(
    ("language", "clause", "lemma", "value"),
    [
        ("en", "we type it into SAP again", "type", "waste"),
        ("en", "the manager approves the order", "approve", "business"),
        ("en", "the technician installs the line", "install", "customer"),
        ("en", "we have a chat about it", "have", "unknown"),
        ("de", "wir tippen die Daten nochmal ab", "abtippen", "waste"),
        ("de", "die Amtsleitung unterschreibt den Bescheid", "unterschreiben", "business"),
        ("de", "der Netzbetreiber schaltet den Anschluss frei", "freischalten", "customer"),
    ],
)
def test_value_classes(language: str, clause: str, lemma: str, value: str) -> None:
    assert value_class(clause, lemma, language) == value  # type: ignore[arg-type]

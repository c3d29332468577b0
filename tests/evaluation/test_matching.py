from __future__ import annotations

import pytest

from interviewer.evaluation.cases import ExpectedStep
from interviewer.evaluation.matching import action_similarity, match_steps, same_actor
from interviewer.evaluation.normalise import content_stems, fold
from interviewer.models import Step


def steps(*pairs: tuple[str, str | None]) -> list[Step]:
    return [Step(id=f"s{n}", action=action, actor=actor) for n, (action, actor) in enumerate(pairs, start=1)]


def matched(expected: str, extracted: str, language: str = "de", aliases: tuple[str, ...] = ()) -> bool:
    step = ExpectedStep(action=expected, aliases=list(aliases))
    return bool(match_steps([step], steps((extracted, None)), language).pairs)  # type: ignore[arg-type]


def test_folding_and_stop_words() -> None:
    assert fold("Prüfung der Aufträge, Straße") == "prufung der auftrage, strasse"
    assert content_stems("Die Aufträge prüfen", "de") == content_stems("den Auftrag prüft", "de")
    assert sorted(content_stems("the orders were checked", "en")) == sorted(
        content_stems("check order", "en")
    )


@pytest.mark.parametrize(
    ("expected", "extracted", "language"),
    [
        ("Unterlagen auf Vollständigkeit prüfen", "prüft die Unterlagen auf Vollständigkeit", "de"),
        ("Angebot verschicken", "Angebot per Post versenden", "de"),  # synonym group
        ("Schadenmeldung aufnehmen", "Meldung des Schadens im SAP erfassen", "de"),  # compound + synonym
        ("Zeichnung freigeben", "Freigabe der Zeichnung", "de"),
        ("Approve the request", "manager approves the access request", "en"),
        ("Send the referral", "GP sent the referral via e-RS", "en"),  # irregular verb
        ("Create the purchase order in SAP", "creating purchase orders", "en"),
    ],
)
def test_paraphrases_match(expected: str, extracted: str, language: str) -> None:
    assert matched(expected, extracted, language)


@pytest.mark.parametrize(
    ("expected", "extracted", "language"),
    [
        ("Deckung prüfen", "Eigentümer prüfen", "de"),  # only the light verb is shared
        ("Send the referral", "send the list to field services", "en"),
        ("Tiefbau beauftragen", "Auftrag im CRM erfassen", "de"),
        ("Netzbau beauftragen", "beim Netzbau nachfragen", "de"),  # only the object is shared
        ("Check the warranty", "check", "en"),  # one of two words
        ("Approve the request", "", "en"),
    ],
)
def test_different_steps_do_not_match(expected: str, extracted: str, language: str) -> None:
    assert not matched(expected, extracted, language)


def test_aliases_count_as_the_step() -> None:
    assert not matched("Akte anlegen", "tippt die Antragsdaten ab")
    assert matched("Akte anlegen", "tippt die Antragsdaten ab", aliases=("Antragsdaten abtippen",))
    coverage, _ = action_similarity(
        ExpectedStep(action="Akte anlegen", aliases=["Antragsdaten abtippen"]),
        "tippt die Antragsdaten ab",
        "de",
    )
    assert coverage == 1.0


def test_assignment_is_one_to_one() -> None:
    expected = [ExpectedStep(action="Check the order"), ExpectedStep(action="Check the order again")]
    found = match_steps(expected, steps(("check the order", None)), "en")
    assert len(found.pairs) == 1
    assert found.pairs[0].expected == 0  # the closer wording wins
    many = match_steps(
        [ExpectedStep(action="check the order")], steps(("check order", None), ("check order", None)), "en"
    )
    assert len(many.pairs) == 1


def test_actor_breaks_ties_between_equal_actions() -> None:
    expected = [
        ExpectedStep(action="Approve the request", actor="System owner"),
        ExpectedStep(action="Approve the request", actor="Line manager"),
    ]
    extracted = steps(
        ("approve the request", "line manager"), ("approve the request", "Finance system owner")
    )
    pairs = match_steps(expected, extracted, "en").pairs
    assert [(p.expected, p.extracted, p.actor_same) for p in pairs] == [(0, 1, True), (1, 0, True)]


def test_verbose_extraction_loses_to_precise_one() -> None:
    expected = [ExpectedStep(action="Check the documents")]
    extracted = steps(
        ("check the documents and write to the architect and wait for the reply", None),
        ("check the documents", None),
    )
    assert match_steps(expected, extracted, "en").pairs[0].extracted == 1


@pytest.mark.parametrize(
    ("left", "right", "language", "same"),
    [
        ("HR Operations", "HR", "en", True),
        ("Metering Operations", "Account Operations", "en", False),
        ("Service Desk", "IT service desk team", "en", True),
        ("Employee", "requester", "en", True),
        ("Stationsarzt", "Arzt", "de", True),
        ("Schadenregulierung", "Regulierung", "de", True),
        ("Netzbau", "Netzplanung", "de", False),
        ("Auftragsmanagement", "Netzanschlussmanagement", "de", False),
        ("Bauaufsicht", None, "de", False),
    ],
)
def test_same_actor(left: str, right: str | None, language: str, same: bool) -> None:
    assert same_actor(left, right, language) is same  # type: ignore[arg-type]


def test_bare_verb_counts_only_with_the_same_actor() -> None:
    expected = [ExpectedStep(action="Bescheid unterschreiben", actor="Amtsleitung")]
    assert match_steps(expected, steps(("unterschreiben", "Amtsleitung")), "de").pairs
    assert not match_steps(expected, steps(("unterschreiben", "Bauaufsicht")), "de").pairs
    assert not match_steps(expected, steps(("Bescheid", "Amtsleitung")), "de").pairs  # object without verb
    english = [ExpectedStep(action="Approve the request", actor="Line manager")]
    assert match_steps(english, steps(("approves", "line manager")), "en").pairs
    assert not match_steps(english, steps(("approve the budget", "line manager")), "en").pairs


def test_german_separable_prefixes() -> None:
    assert matched("Unterlagen anfordern", "Unterlagen an die Kunden fordern")
    assert matched("Antrag abstempeln", "Antrag stempeln")
    assert not matched("Teile bestellen", "Teile stellen")


def test_bare_light_verb_with_the_same_actor_is_a_weak_candidate() -> None:
    expected = [ExpectedStep(action="Eigentümer prüfen", actor="Kundenservice")]
    pairs = match_steps(expected, steps(("prüfen", "Kundenservice Abfallwirtschaft")), "de").pairs
    assert len(pairs) == 1 and pairs[0].similarity == 0.5
    # a full phrasing wins over the bare verb
    both = steps(("prüfen", "Kundenservice"), ("Eigentümer prüfen", "Kundenservice"))
    assert match_steps(expected, both, "de").pairs[0].extracted == 1


def test_light_verb_make_stands_for_create() -> None:
    assert matched("Gebührenbescheid erstellen", "Gebührenbescheid machen")

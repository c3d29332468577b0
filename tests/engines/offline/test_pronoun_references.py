"""Third-person subjects with separable verbs and demonstrative objects.

"Er zeichnet ab" is the step of the person just talked about; "dann prüfe ich
das" works on the claim, not on "das Problem" someone mentioned in passing.
"""

from __future__ import annotations

import pytest

from interviewer.engines.offline import OfflineEngine
from interviewer.engines.offline.lexicon import load_lexicon
from interviewer.models import EngineInfo, Language, Process, Transcript, Turn


def _process(lines: list[tuple[str, str | None, str]], language: Language) -> Process:
    turns = [
        Turn(number=n, speaker=speaker, role=role, text=text, is_interviewer=speaker == "Interviewer")
        for n, (speaker, role, text) in enumerate(lines, start=1)
    ]
    transcript = Transcript(case_id="t", language=language, turns=turns)
    return OfflineEngine().extract(transcript, language, EngineInfo(name="offline"))


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("zeichnet", "zeichnen"), ("rechnet", "rechnen"), ("berechnet", "berechnen"), ("druckt", "drucken")],
)
def test_weak_verbs_on_chn_take_the_linking_e(form: str, lemma: str) -> None:
    assert load_lexicon("de").verbs.table.forms.get(form) == lemma


def test_er_zeichnet_ab_is_the_step_of_the_superior_just_named() -> None:
    process = _process(
        [
            ("Interviewer", None, "Was macht der Vorgesetzte mit dem Antrag?"),
            ("Petra", "Personalabteilung", "Der bestätigt, dass alles stimmt. Also, er zeichnet ab."),
            ("Interviewer", None, "Und danach?"),
            ("Petra", "Personalabteilung", "Dann erfasse ich den Antrag im System."),
        ],
        "de",
    )
    signing = [s for s in process.steps if "abzeichnen" in s.action]
    assert signing, [s.action for s in process.steps]
    assert signing[0].actor is not None and signing[0].actor.startswith("Vorgesetzte")


def test_sie_zeichnet_das_ab_with_a_female_subject() -> None:
    process = _process(
        [
            ("Interviewer", None, "Und die Teamleiterin?"),
            ("Jonas", "Einkauf", "Sie zeichnet das ab und gibt es an uns zurück."),
        ],
        "de",
    )
    signing = [s for s in process.steps if "abzeichnen" in s.action]
    assert signing and signing[0].actor is not None and "Teamleiter" in signing[0].actor


@pytest.mark.parametrize(
    ("language", "lines", "item", "abstract"),
    [
        (
            "de",
            [
                ("Interviewer", None, "Wer stellt den Antrag?"),
                ("Anna", "Sachbearbeitung", "Der Kunde schickt uns den Antrag per Post."),
                ("Anna", "Sachbearbeitung", "Aber das Problem ist, das dauert oft eine Woche."),
                ("Anna", "Sachbearbeitung", "Dann prüfe ich das."),
            ],
            "Antrag",
            "Problem",
        ),
        (
            "en",
            [
                ("Interviewer", None, "Who starts?"),
                ("Anna", "Claims", "The customer sends us the claim form by post."),
                ("Anna", "Claims", "The issue is, it takes a week."),
                ("Anna", "Claims", "Then I check that."),
            ],
            None,  # English "that" stays as said; it must not become "the issue"
            "issue",
        ),
    ],
)
def test_demonstrative_object_takes_the_work_item_not_an_abstract_noun(
    language: Language, lines: list[tuple[str, str | None, str]], item: str | None, abstract: str
) -> None:
    process = _process(lines, language)
    checks = [
        s for s in process.steps if s.action.lower().endswith(("prüfen", "check")) or "check" in s.action
    ]
    assert checks, [s.action for s in process.steps]
    assert all(abstract.lower() not in s.action.lower() for s in process.steps)
    if item is not None:
        assert item.lower() in checks[0].action.lower()

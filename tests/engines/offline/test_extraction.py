"""Whole-transcript extraction by the offline engine, on realistic spoken
interviews (fixtures/) and on small constructed ones for single behaviours."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.analysis.metrics import compute_metrics
from interviewer.engines.offline import OfflineEngine
from interviewer.models import EngineInfo, Language, Process, Step, Transcript, Turn
from interviewer.transcripts import read_text

FIXTURES = Path(__file__).parent / "fixtures"


def _extract(transcript: Transcript, language: Language) -> Process:
    record = EngineInfo(name="offline")
    process = OfflineEngine().extract(transcript, language, record)
    assert record.llm_calls == [] and record.fallbacks == []
    return process


def _fixture(name: str, language: Language) -> tuple[Transcript, Process]:
    transcript = read_text((FIXTURES / name).read_text(encoding="utf-8"), case_id=Path(name).stem)
    return transcript, _extract(transcript, language)


def _turns(*lines: tuple[str, str | None, str], language: Language = "en") -> Transcript:
    turns = [
        Turn(number=n, speaker=speaker, role=role, text=text, is_interviewer=speaker == "Interviewer")
        for n, (speaker, role, text) in enumerate(lines, start=1)
    ]
    return Transcript(case_id="t", language=language, turns=turns)


def _find(process: Process, *words: str) -> Step:
    for step in process.steps:
        if all(word.lower() in step.action.lower() for word in words):
            return step
    raise AssertionError(f"no step with {words}: {[s.action for s in process.steps]}")


def _position(process: Process, step: Step) -> int:
    return process.steps.index(step)


ALL_FIXTURES = [
    ("broadband_de.txt", "de"),
    ("kfz_de.txt", "de"),
    ("invoice_en.txt", "en"),
    ("access_en.txt", "en"),
]


@pytest.mark.parametrize(("name", "language"), ALL_FIXTURES)
def test_every_step_is_grounded_in_a_verbatim_quote(name: str, language: Language) -> None:
    transcript, process = _fixture(name, language)
    assert len(process.steps) >= 5
    assert [step.id for step in process.steps] == [f"s{n}" for n in range(1, len(process.steps) + 1)]
    for step in process.steps:
        assert step.evidence, step
        for evidence in step.evidence:
            assert evidence.quote in transcript.turns[evidence.turn - 1].text
        assert step.action.strip()
    ids = {step.id for step in process.steps}
    for handoff in process.handoffs:
        assert handoff.from_step in ids and handoff.to_step in ids


@pytest.mark.parametrize(("name", "language"), ALL_FIXTURES)
def test_interviewer_turns_are_no_steps(name: str, language: Language) -> None:
    transcript, process = _fixture(name, language)
    interviewer_turns = {turn.number for turn in transcript.turns if turn.is_interviewer}
    for step in process.steps:
        # a step may cite the interviewer only next to the interviewee's confirmation
        cited = {evidence.turn for evidence in step.evidence}
        assert not cited <= interviewer_turns, step


def test_german_broadband_interview() -> None:
    _, process = _fixture("broadband_de.txt", "de")
    crm = _find(process, "Auftrag", "CRM", "erfassen")
    assert (crm.actor, crm.system) == ("Vertrieb", "CRM")
    check = _find(process, "Vollständigkeit", "prüfen")
    assert check.actor == "Auftragsmanagement"  # "wir" = the speaker's unit
    assert check.duration_hours == pytest.approx(20 / 60, abs=1e-3)
    retype = _find(process, "SAP", "abtippen")
    assert retype.value == "waste" and retype.system == "SAP"
    # "Nein, Moment, vorher machen wir noch die Bonitätsprüfung": moved before the re-typing
    credit = _find(process, "Bonitätsprüfung")
    assert _position(process, credit) == _position(process, retype) - 1
    # "die planen das nur freitags ein": a weekly run, half a week of waiting on average
    assert _find(process, "einplanen").wait_hours == pytest.approx(84)
    # the building authority takes two to three months before the contractor is hired
    assert _find(process, "Tiefbaufirma", "beauftragen").wait_hours == pytest.approx(1825)
    unlock = _find(process, "freischalten")
    assert unlock.actor == "Netzbetreiber" and unlock.wait_hours == pytest.approx(365)
    assert process.stated_lead_time_hours == 4380
    assert process.stated_lead_time_evidence is not None
    assert "halbes Jahr" in process.stated_lead_time_evidence.quote
    assert process.customer == "Kunde"
    # the aside about faxing in the old days is no step
    assert not any("fax" in step.action.lower() for step in process.steps)
    to_operator = [h for h in process.handoffs if h.to_actor == "Netzbetreiber"]
    assert to_operator and to_operator[0].crosses_org_boundary and to_operator[0].wait_hours == 365
    metrics = compute_metrics(process)
    assert metrics.lead_time_source == "stated" and metrics.lead_time_hours == 4380
    assert metrics.handoff_count == len(process.handoffs) >= 4


def test_german_claims_interview_with_correction_and_confirmation() -> None:
    _, process = _fixture("kfz_de.txt", "de")
    first = _find(process, "Schaden", "anlegen")
    assert first.duration_hours == pytest.approx(0.25)  # "eine Viertelstunde"
    # "Wir prüfen die Deckung. Nee, Moment, zuerst gleichen wir die Unterlagen ... ab"
    compare = _find(process, "Unterlagen", "abgleichen")
    cover = _find(process, "Deckung", "prüfen")
    assert _position(process, compare) < _position(process, cover)
    assert len([s for s in process.steps if "Deckung" in s.action]) == 1  # said twice, one step
    decide = _find(process, "Zahlung", "entscheiden")
    assert decide.actor == "Regulierung"
    pay = _find(process, "auszahlen")
    assert pay.actor == "Buchhaltung" and pay.wait_hours == pytest.approx(84)  # "nur donnerstags"
    assert process.stated_lead_time_hours == 1008
    assert not any("Fax" in step.action for step in process.steps)  # "früher haben wir das ... gefaxt"


def test_english_invoice_interview() -> None:
    _, process = _fixture("invoice_en.txt", "en")
    scan = _find(process, "scan")
    assert scan.actor == "mailroom"
    check = _find(process, "check the invoice against the purchase order")
    assert check.actor == "Accounts Payable" and check.duration_hours == pytest.approx(10 / 60, abs=1e-3)
    back = _find(process, "send", "back")
    assert back.value == "waste"
    chase = _find(process, "chase the supplier")
    assert chase.wait_hours == pytest.approx(420)  # "which can take two to three weeks"
    # "No wait, first the team lead has to sign it off": before the manager's approval
    sign = _find(process, "sign", "off")
    approve = _find(process, "approve")
    assert _position(process, sign) < _position(process, approve)
    assert sign.actor == "team lead" and approve.actor == "cost centre manager"
    # "So then it goes to approval?" - "Yes, exactly.": the confirmed proposition is evidence
    assert {evidence.turn for evidence in approve.evidence} >= {7, 8}
    assert _find(process, "pay").actor == "treasury"
    assert process.stated_lead_time_hours == 730
    assert not any("print" in step.action for step in process.steps)  # "we used to print everything"


def test_english_access_interview() -> None:
    _, process = _fixture("access_en.txt", "en")
    request = _find(process, "raise a request")
    assert request.actor == "hiring manager" and request.system == "ticket system"
    desk = _find(process, "check the request")
    assert desk.actor == "IT service desk"  # from "I work in the IT service desk"
    approve = _find(process, "approve")
    create = _find(process, "create the account")
    assert approve.actor == "line manager"
    assert _position(process, approve) < _position(process, create)
    # "As I said, we create the account in Active Directory first.": a repetition, not a new step
    assert len([s for s in process.steps if "create the account" in s.action]) == 1
    assert len(create.evidence) >= 2
    assert _find(process, "order the laptop").wait_hours == pytest.approx(168)  # five working days = one week
    assert _find(process, "image the laptop").duration_hours == 1
    vendor = _find(process, "licence")
    assert vendor.actor == "vendor" and vendor.wait_hours == 168
    crossing = [h for h in process.handoffs if h.to_actor == "vendor"]
    assert crossing and crossing[0].crosses_org_boundary
    assert process.stated_lead_time_hours == 504
    assert not any("ship" in step.action for step in process.steps)


def test_handoffs_follow_actor_changes_and_carry_the_wait() -> None:
    transcript = _turns(
        ("Interviewer", None, "What happens with an order?"),
        (
            "Petra",
            "Order management",
            "We check the order. Then it sits for a week until planning picks it up.",
        ),
        (
            "Petra",
            "Order management",
            "The planning department schedules the work, and the subcontractor digs the trench.",
        ),
    )
    process = _extract(transcript, "en")
    actions = [(s.action, s.actor) for s in process.steps]
    assert actions[0] == ("check the order", "Order management")
    schedule = _find(process, "schedule the work")
    assert schedule.actor == "planning department" and schedule.wait_hours == 168
    handoffs = [(h.from_actor, h.to_actor, h.crosses_org_boundary, h.wait_hours) for h in process.handoffs]
    assert handoffs == [
        ("Order management", "planning department", True, 168),
        ("planning department", "subcontractor", True, None),
    ]


def test_they_and_sie_refer_to_the_last_unit_named() -> None:
    en = _extract(
        _turns(
            ("Anna", "Sales", "We send the contract to the legal department. They review it and sign it off.")
        ),
        "en",
    )
    assert _find(en, "review").actor == "legal department"
    de = _extract(
        _turns(
            ("Interviewer", None, "Und was macht die Bauabteilung damit?"),
            ("Anna", "Vertrieb", "Die beantragen die Genehmigung beim Tiefbauamt."),
            language="de",
        ),
        "de",
    )
    assert _find(de, "Genehmigung", "beantragen").actor == "Bauabteilung"


def test_it_refers_to_the_work_item() -> None:
    process = _extract(
        _turns(("Anna", "Sales", "We create the offer in the CRM. Then we send it to the customer.")), "en"
    )
    assert _find(process, "send").action == "send the offer to the customer"
    de = _extract(
        _turns(
            ("Anna", "Vertrieb", "Wir erstellen das Angebot. Dann schicken wir es an den Kunden."),
            language="de",
        ),
        "de",
    )
    assert _find(de, "schicken").action == "Angebot an Kunden schicken"


def test_questions_back_and_wishes_are_no_steps() -> None:
    process = _extract(
        _turns(
            ("Anna", "Sales", "Do you want me to explain the approval too? We enter the order in SAP."),
            (
                "Anna",
                "Sales",
                "Ideally the portal would send it to SAP directly. Honestly, nobody checks it.",
            ),
        ),
        "en",
    )
    assert [step.action for step in process.steps] == ["enter the order in SAP"]


def test_coordinated_actions_of_one_actor_are_one_step() -> None:
    process = _extract(_turns(("Raj", "Warehouse", "Then we pick and pack the part.")), "en")
    assert [step.action for step in process.steps] == ["pick and pack the part"]
    de = _extract(
        _turns(
            ("Herr Roth", "Netzbau", "Der Bauherr muss das Angebot unterschreiben und zurückschicken."),
            language="de",
        ),
        "de",
    )
    assert [(s.action, s.actor) for s in de.steps] == [
        ("Angebot unterschreiben und zurückschicken", "Bauherr")
    ]


def test_actor_correction_and_retraction() -> None:
    process = _extract(
        _turns(
            (
                "Frau Becker",
                "Netzanschluss",
                "Dann prüfen wir die Netzkapazität. Naja, eigentlich nicht wir, das macht die Netzplanung.",
            ),
            ("Herr Schulz", "Netzbau", "Wir sehen die Anträge im Portal, nein, Moment, sehen wir nicht."),
            language="de",
        ),
        "de",
    )
    assert [(s.action, s.actor) for s in process.steps] == [("Netzkapazität prüfen", "Netzplanung")]


def test_customer_contacts_and_status_chasing_are_no_steps() -> None:
    process = _extract(
        _turns(
            ("Anna", "Customer service", "The customer phones the hotline. We open a case in the CRM."),
            (
                "Anna",
                "Customer service",
                "They call every few hours, and I phone the warehouse to ask where it is.",
            ),
        ),
        "en",
    )
    assert [step.action for step in process.steps] == ["open a case in the CRM"]


def test_value_classes() -> None:
    process = _extract(
        _turns(
            (
                "Anna",
                "Back office",
                "We type the data into SAP again. The manager approves the order. The technician installs the line.",
            )
        ),
        "en",
    )
    assert [step.value for step in process.steps] == ["waste", "business", "customer"]


def test_empty_and_interviewer_only_transcripts() -> None:
    assert _extract(Transcript(case_id="empty", turns=[]), "en").steps == []
    only_questions = _turns(("Interviewer", None, "What do you do?"), ("Interviewer", None, "Hello?"))
    process = _extract(only_questions, "en")
    assert process.steps == [] and process.handoffs == [] and process.stated_lead_time_hours is None
    assert compute_metrics(process).lead_time_hours is None

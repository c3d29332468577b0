"""Interviews for the LLM tests, in English and German, with personal data in them."""

from __future__ import annotations

from interviewer.models import (
    EngineInfo,
    Evidence,
    Finding,
    Language,
    Process,
    Proposal,
    Step,
    Transcript,
    Turn,
)


def _turns(rows: list[tuple[str, str | None, str, bool]]) -> list[Turn]:
    return [
        Turn(number=i, speaker=speaker, role=role, text=text, is_interviewer=asks)
        for i, (speaker, role, text, asks) in enumerate(rows, start=1)
    ]


ENGLISH = Transcript(
    case_id="broadband-en",
    language="en",
    title="Broadband activation",
    turns=_turns(
        [
            ("Interviewer", None, "What happens when a customer orders a new line?", True),
            (
                "Petra Schmidt",
                "order management",
                "Sales enters the order in the CRM, then I check the order for completeness. If something is "
                "missing I write to petra.schmidt@example.com or call the customer on +49 30 1234 5678.",
                False,
            ),
            ("Interviewer", None, "And after your check?", True),
            (
                "Petra Schmidt",
                "order management",
                "Then it goes to planning at Netzbau GmbH. It usually sits there for about two weeks before "
                "Mr Jones schedules the technician.",
                False,
            ),
            (
                "Petra Schmidt",
                "order management",
                "The technician installs the line, and Frau Müller in billing activates the contract in SAP.",
                False,
            ),
        ]
    ),
)

GERMAN = Transcript(
    case_id="anschluss-de",
    language="de",
    title="Internetanschluss für einen Neubau",
    turns=_turns(
        [
            ("Interviewerin", None, "Was passiert, wenn ein Kunde einen Anschluss bestellt?", True),
            (
                "Jonas Weber",
                "Auftragsmanagement",
                "Der Vertrieb erfasst den Auftrag im CRM, dann prüfe ich ihn auf Vollständigkeit. Fehlt etwas, "
                "schreibe ich an jonas.weber@example.de oder rufe unter 030 98765432 an.",
                False,
            ),
            (
                "Jonas Weber",
                "Auftragsmanagement",
                "Danach geht der Auftrag an die Planung. Dort liegt er meistens drei Wochen, bis Herr Yilmaz "
                "den Techniker einplant.",
                False,
            ),
        ]
    ),
)

PERSONAL_VALUES = {
    ENGLISH.case_id: ["Petra", "Schmidt", "petra.schmidt@example.com", "+49 30 1234 5678", "Jones", "Müller"],
    GERMAN.case_id: ["Jonas", "Weber", "jonas.weber@example.de", "030 98765432", "Yilmaz"],
}


def long_transcript(turn_count: int, language: Language = "en") -> Transcript:
    """An interview of many turns, each a distinct step, for the window tests."""
    rows: list[tuple[str, str | None, str, bool]] = []
    for index in range(1, turn_count + 1):
        if index % 5 == 1:
            rows.append(("Interviewer", None, f"What happens in stage {index}?", True))
        else:
            rows.append(
                (
                    "Anna",
                    "back office",
                    f"In stage {index} we handle document number {index} and pass it on.",
                    False,
                )
            )
    return Transcript(
        case_id=f"long-{turn_count}", language=language, title="Long interview", turns=_turns(rows)
    )


def analysed_process() -> tuple[Process, list[Finding]]:
    """A small as-is process with a finding, as the pipeline would hand it to propose()."""
    steps = [
        Step(id="s1", action="check the order", actor="order management",
             evidence=[Evidence(turn=2, quote="I check the order for completeness")]),
        Step(id="s2", action="schedule the technician", actor="planning", wait_hours=336.0,
             evidence=[Evidence(turn=4, quote="It usually sits there for about two weeks")]),
    ]  # fmt: skip
    findings = [
        Finding(
            id="f1",
            category="handoff-delay",
            anti_pattern_id="handoff-delay-01",
            title="Work waits between order management and planning",
            step_ids=["s2"],
            score=0.8,
            evidence="It usually sits there for about two weeks (turn 4); Petra Schmidt reports it.",
            evidence_turns=[4],
        )
    ]
    return Process(name="Broadband activation", steps=steps), findings


class RecordingFallback:
    """The offline engine's place in unit tests: answers with a recognisable step and records each call."""

    name = "offline"

    def __init__(self) -> None:
        self.extract_calls: list[Transcript] = []
        self.propose_calls = 0

    def extract(self, transcript: Transcript, language: Language, record: EngineInfo) -> Process:
        self.extract_calls.append(transcript)
        first = transcript.turns[0].number if transcript.turns else 1
        step = Step(id="s1", action=f"offline step from turn {first}", evidence=[])
        return Process(name="offline", steps=[step])

    def propose(
        self,
        process: Process,
        findings: list[Finding],
        transcript: Transcript,
        language: Language,
        record: EngineInfo,
    ) -> list[Proposal]:
        self.propose_calls += 1
        return []

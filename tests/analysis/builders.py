"""Hand-built processes and findings for the proposal and redesign tests,
one telecom order in English and one building-permit case in German."""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

from interviewer.analysis.metrics import compute_metrics
from interviewer.models import (
    CATEGORIES,
    Category,
    Evidence,
    Finding,
    Handoff,
    Language,
    Process,
    Step,
    ValueClass,
)


def step(
    sid: str,
    action: str,
    actor: str | None,
    *,
    wait: float | None = None,
    duration: float | None = None,
    value: ValueClass = "unknown",
    org: str | None = None,
    system: str | None = None,
    quote: str | None = None,
    turn: int = 1,
) -> Step:
    evidence = [Evidence(turn=turn, quote=quote)] if quote else []
    return Step(
        id=sid,
        action=action,
        actor=actor,
        wait_hours=wait,
        duration_hours=duration,
        value=value,
        org_unit=org,
        system=system,
        evidence=evidence,
    )


def chain(
    name: str, steps: list[Step], *, stated: float | None = None, customer: str | None = None
) -> Process:
    """A process whose handoffs are the actor changes between consecutive
    steps, each carrying the wait of the step it leads to (the extractor's
    convention)."""
    handoffs = [
        Handoff(
            from_step=a.id,
            to_step=b.id,
            from_actor=a.actor,
            to_actor=b.actor,
            wait_hours=b.wait_hours,
            crosses_org_boundary=bool(a.org_unit and b.org_unit and a.org_unit != b.org_unit),
        )
        for a, b in itertools.pairwise(steps)
        if a.actor != b.actor
    ]
    process = Process(
        name=name, steps=steps, handoffs=handoffs, stated_lead_time_hours=stated, customer=customer
    )
    return process.model_copy(update={"metrics": compute_metrics(process)})


def finding(fid: str, category: Category, step_ids: list[str], *, title: str = "", turn: int = 3) -> Finding:
    return Finding(
        id=fid,
        category=category,
        anti_pattern_id=f"{category}-test",
        title=title or category.replace("-", " "),
        step_ids=step_ids,
        score=0.8,
        evidence=f"Turn {turn}: the interviewee describes it.",
        evidence_turns=[turn],
    )


def telecom_en(*, stated: float | None = 4380) -> Process:
    return chain(
        "broadband activation",
        [
            step(
                "s1",
                "capture the order in the CRM",
                "sales",
                duration=1,
                system="CRM",
                value="customer",
                org="NetCo",
            ),
            step("s2", "check the order for completeness", "order management", wait=48, duration=1),
            step(
                "s3", "send the order back for missing documents", "order management", wait=120, duration=0.5
            ),
            step("s4", "type the order into SAP", "order management", wait=24, duration=0.5, system="SAP"),
            step("s5", "plan the network connection", "network planning", wait=168, duration=8, org="NetCo"),
            step(
                "s6", "plan the civil works", "civil works contractor", wait=336, duration=16, org="Bau GmbH"
            ),
            step(
                "s7",
                "approval by head of department",
                "head of department",
                wait=72,
                duration=0.2,
                org="NetCo",
            ),
            step(
                "s8",
                "print and file a paper copy",
                "back office",
                wait=24,
                duration=0.5,
                value="waste",
                quote="we have always done it this way",
                turn=9,
            ),
            step("s9", "install the line", "field service", wait=168, duration=4, value="customer"),
        ],
        stated=stated,
    )


def telecom_findings() -> list[Finding]:
    return [
        finding("f1", "rework-loop", ["s2", "s3"], title="Incomplete orders are sent back"),
        finding(
            "f2", "sequential-planning", ["s5", "s6"], title="Civil works planned only after the network"
        ),
        finding("f3", "manual-re-entry", ["s1", "s4"], title="The order is typed twice"),
        finding("f4", "approval-bottleneck", ["s7"], title="Every order waits for a signature"),
        finding("f5", "legacy-step", ["s8"], title="A paper copy nobody reads"),
        finding("f6", "status-chasing", ["s9"], title="Customers call to ask"),
        finding("f7", "batching", ["s9"], title="Installations only on the weekly tour"),
    ]


def permit_de(*, stated: float | None = None) -> Process:
    """Baugenehmigung: a German public-services case without a stated lead time."""
    return chain(
        "Baugenehmigung",
        [
            step("s1", "Antrag im Bürgerportal einreichen", "Bürgerin", system="Portal"),
            step(
                "s2",
                "Antrag entgegennehmen und erfassen",
                "Bürgerbüro",
                wait=24,
                duration=0.5,
                system="Fachverfahren",
            ),
            step("s3", "Unterlagen auf Vollständigkeit prüfen", "Bauaufsicht", wait=72, duration=1),
            step("s4", "fehlende Unterlagen nachfordern", "Bauaufsicht", wait=240, duration=0.5),
            step("s5", "Antrag an das Tiefbauamt weiterleiten", "Bauaufsicht", wait=24, duration=0.2),
            step("s6", "Stellungnahme Tiefbauamt planen", "Tiefbauamt", wait=336, duration=4),
            step(
                "s7",
                "Daten in die Excel-Liste übertragen",
                "Sachbearbeitung",
                wait=48,
                duration=0.5,
                system="Excel",
            ),
            step("s8", "Freigabe durch die Amtsleitung", "Amtsleitung", wait=120, duration=0.2),
            step(
                "s9",
                "Bescheid schreiben und versenden",
                "Sachbearbeitung",
                wait=168,
                duration=2,
                value="customer",
            ),
        ],
        stated=stated,
        customer="Bauherrin",
    )


def permit_findings() -> list[Finding]:
    return [
        finding("f1", "rework-loop", ["s3", "s4"], title="Unvollständige Anträge"),
        finding("f2", "handoff-delay", ["s5", "s6"], title="Weiterleitung an das Tiefbauamt"),
        finding("f3", "manual-re-entry", ["s2", "s7"], title="Doppelerfassung in Excel"),
        finding("f4", "approval-bottleneck", ["s8"], title="Jede Genehmigung über die Amtsleitung"),
        finding("f5", "batching", ["s9"], title="Bescheide gesammelt versendet"),
        finding("f6", "unclear-ownership", ["s5", "s6"], title="Niemand verantwortet den ganzen Antrag"),
    ]


_FUNCTION_WORDS = {
    "en": (" the ", " and ", " is ", " to "),
    "de": (" der ", " die ", " das ", " und ", " nicht "),
}


def reads_as(text: str, language: str) -> bool:
    """Function words of that language occur, and none of the other's."""
    other = "de" if language == "en" else "en"
    return any(w in text for w in _FUNCTION_WORDS[language]) and not any(
        w in text for w in _FUNCTION_WORDS[other]
    )


# Random processes for the property tests.
_ACTIONS = [
    "capture the request",
    "check the documents for completeness",
    "send it back for missing documents",
    "plan the route",
    "type the data into SAP",
    "approve the order",
    "forward the case to the depot",
    "answer the status call",
    "print a copy for the file",
    "deliver the bin",
    "Antrag prüfen",
    "Freigabe einholen",
]
_ACTORS = ["service centre", "depot", "finance", "Kunde", "Tiefbauamt", None]


@st.composite
def processes_with_findings(draw: st.DrawFn) -> tuple[Process, list[Finding], Language]:
    count = draw(st.integers(min_value=1, max_value=8))
    hours = st.one_of(
        st.none(), st.floats(min_value=0, max_value=500, allow_nan=False).map(lambda h: round(h, 1))
    )
    steps = [
        step(
            f"s{i + 1}",
            draw(st.sampled_from(_ACTIONS)),
            draw(st.sampled_from(_ACTORS)),
            wait=draw(hours),
            duration=draw(hours),
            value=draw(st.sampled_from(["customer", "business", "waste", "unknown"])),
            org=draw(st.sampled_from([None, "Org A", "Org B"])),
        )
        for i in range(count)
    ]
    process = chain("random", steps, stated=draw(st.one_of(st.none(), st.floats(0, 5000))))
    ids = [s.id for s in steps] + ["s99"]
    findings = [
        finding(f"f{i}", draw(st.sampled_from(CATEGORIES)), draw(st.lists(st.sampled_from(ids), max_size=3)))
        for i in range(draw(st.integers(min_value=1, max_value=5)))
    ]
    return process, findings, draw(st.sampled_from(["en", "de"]))

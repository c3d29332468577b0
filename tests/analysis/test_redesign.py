"""The to-be process (proposals applied, metrics recomputed) and the two
questions of the redesign asked of every step."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from interviewer.analysis.metrics import compute_metrics
from interviewer.analysis.proposals import propose
from interviewer.analysis.redesign import apply_proposals, review_steps
from interviewer.models import Finding, Handoff, Language, Process, Proposal, StepChange
from tests.analysis.builders import (
    chain,
    finding,
    permit_de,
    permit_findings,
    processes_with_findings,
    reads_as,
    step,
    telecom_en,
    telecom_findings,
)


def _proposals(process: Process, findings: list[Finding], language: Language) -> list[Proposal]:
    return propose(process, findings, None, language, catalogue=[])


# --------------------------------------------------------------------------
# as-is versus to-be
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("process", "findings", "language"),
    [(telecom_en(), telecom_findings(), "en"), (permit_de(), permit_findings(), "de")],
    ids=["telecom-en", "permit-de"],
)
def test_to_be_has_fewer_handoffs_and_a_shorter_lead_time(
    process: Process, findings: list[Finding], language: Language
) -> None:
    proposals = _proposals(process, findings, language)
    to_be = apply_proposals(process, proposals)
    assert to_be.metrics.handoff_count < process.metrics.handoff_count
    assert to_be.metrics.lead_time_hours is not None and process.metrics.lead_time_hours is not None
    assert to_be.metrics.lead_time_hours < process.metrics.lead_time_hours
    assert to_be.metrics.flow_efficiency is not None and process.metrics.flow_efficiency is not None
    assert process.metrics.flow_efficiency < to_be.metrics.flow_efficiency <= 1
    # The metrics are those of compute_metrics on the to-be process itself.
    assert compute_metrics(to_be).lead_time_hours == pytest.approx(to_be.metrics.lead_time_hours)


def test_stated_lead_time_minus_the_savings() -> None:
    process = telecom_en(stated=4380)
    proposals = _proposals(process, telecom_findings(), "en")
    to_be = apply_proposals(process, proposals)
    # In this case no two proposals touch the same wait, so the savings add up.
    total = sum(p.expected_lead_time_saving_hours or 0 for p in proposals)
    assert to_be.metrics.lead_time_hours == pytest.approx(4380 - total)
    assert to_be.stated_lead_time_hours == pytest.approx(4380 - total)
    assert to_be.stated_lead_time_evidence is None
    assert to_be.metrics.lead_time_source == "stated"


def test_overstated_waits_never_take_the_to_be_lead_time_to_zero() -> None:
    # The interviewee names waits that add up to more than the end-to-end time
    # they state; removing those waits must shorten the lead time in proportion,
    # never to zero and never below the remaining hands-on time.
    as_is_summed = compute_metrics(telecom_en(stated=None)).lead_time_hours
    assert as_is_summed is not None
    stated = as_is_summed / 3
    process = telecom_en(stated=stated)
    proposals = _proposals(process, telecom_findings(), "en")
    to_be = apply_proposals(process, proposals)
    lead = to_be.metrics.lead_time_hours
    assert lead is not None
    assert 0 < lead < stated
    assert lead >= (to_be.metrics.touch_time_hours or 0)
    removed = sum(p.expected_lead_time_saving_hours or 0 for p in proposals)
    assert lead == pytest.approx(stated - removed * stated / as_is_summed)


def test_each_proposal_alone_shortens_the_lead_time_by_its_saving() -> None:
    process = telecom_en(stated=None)
    as_is = process.metrics.lead_time_hours
    assert as_is is not None
    for proposal in _proposals(process, telecom_findings(), "en"):
        to_be = apply_proposals(process, [proposal])
        saving = proposal.expected_lead_time_saving_hours or 0
        assert to_be.metrics.lead_time_hours == pytest.approx(as_is - saving), proposal.kind
        assert process.metrics.handoff_count - to_be.metrics.handoff_count == proposal.removes_handoffs


def test_overlapping_proposals_remove_each_hour_once() -> None:
    process = permit_de()
    proposals = _proposals(process, permit_findings(), "de")
    promised = sum(p.expected_lead_time_saving_hours or 0 for p in proposals)
    to_be = apply_proposals(process, proposals)
    removed = (process.metrics.lead_time_hours or 0) - (to_be.metrics.lead_time_hours or 0)
    assert 0 < removed < promised  # intake and parallel planning both claim the waits before s3 and s4
    assert removed <= (process.metrics.total_wait_hours or 0) + (process.metrics.touch_time_hours or 0)


def test_no_proposals_leave_the_process_as_it_is() -> None:
    process = telecom_en()
    to_be = apply_proposals(process, [])
    assert to_be.steps == process.steps
    assert to_be.handoffs == process.handoffs
    assert to_be.metrics.lead_time_hours == process.metrics.lead_time_hours


# --------------------------------------------------------------------------
# structure: ids, merges, removals, parallel steps, handoffs
# --------------------------------------------------------------------------


def test_step_ids_stay_stable_and_in_order() -> None:
    process = telecom_en()
    to_be = apply_proposals(process, _proposals(process, telecom_findings(), "en"))
    as_is_ids = [s.id for s in process.steps]
    ids = [s.id for s in to_be.steps]
    assert ids == [i for i in as_is_ids if i in ids]
    assert ids == ["s1", "s5", "s6", "s7", "s9"]
    for handoff in to_be.handoffs:
        assert {handoff.from_step, handoff.to_step} <= set(ids)


def test_merged_steps_are_combined_under_their_owner() -> None:
    process = telecom_en()
    intake = next(p for p in _proposals(process, telecom_findings(), "en") if p.kind == "intake-assistant")
    to_be = apply_proposals(process, [intake])
    first = to_be.steps[0]
    assert first.id == "s1"
    assert first.actor == "sales"
    assert first.action == "capture the order in the CRM; check the order for completeness"
    assert first.duration_hours == 2
    assert "s2" not in {s.id for s in to_be.steps} and "s3" not in {s.id for s in to_be.steps}
    # s4 (order management) now follows sales directly: a handoff between them.
    assert any(h.from_step == "s1" and h.to_step == "s4" and h.wait_hours == 24 for h in to_be.handoffs)


def test_merge_keeps_the_id_of_the_earliest_step_and_the_owners_actor() -> None:
    process = chain(
        "late owner",
        [
            step("s1", "forward the request", "front desk", wait=2),
            step("s2", "assess the request", "specialists", wait=30),
            step("s3", "decide", "specialists", wait=5),
        ],
    )
    proposal = Proposal(
        id="p1",
        title="t",
        change="c",
        ai_role="a",
        step_changes=[StepChange(step_id="s1", change="merge", with_step="s2")],
        expected_lead_time_saving_hours=30,
    )
    to_be = apply_proposals(process, [proposal])
    assert [(s.id, s.actor) for s in to_be.steps] == [("s1", "specialists"), ("s3", "specialists")]
    assert to_be.steps[0].wait_hours == 2
    assert to_be.handoffs == []


def test_parallel_step_is_marked_and_its_wait_overlaps() -> None:
    process = telecom_en()
    parallel = next(p for p in _proposals(process, telecom_findings(), "en") if p.kind == "parallel-planning")
    to_be = apply_proposals(process, [parallel])
    civil = next(s for s in to_be.steps if s.id == "s6")
    assert civil.parallel_with == "s5"
    assert civil.wait_hours == 336 - (168 + 8)  # what still sticks out beyond the upstream span


def test_exception_only_and_flow_steps_keep_their_place_with_a_shorter_wait() -> None:
    process = telecom_en()
    chosen = [
        p
        for p in _proposals(process, telecom_findings(), "en")
        if p.kind in ("exception-approval", "batch-to-flow")
    ]
    to_be = apply_proposals(process, chosen)
    waits = {s.id: s.wait_hours for s in to_be.steps}
    assert waits["s7"] == pytest.approx(72 * 0.2)
    assert waits["s9"] == 8
    handoff = next(h for h in to_be.handoffs if h.to_step == "s9")
    assert handoff.wait_hours == 8


def test_loop_back_handoff_disappears_with_its_wait() -> None:
    process = chain(
        "loop",
        [
            step("s1", "submit the claim", "broker", duration=1),
            step("s2", "check the claim for completeness", "claims", wait=24, duration=1),
            step("s3", "settle the claim", "claims", wait=48, duration=2),
        ],
    )
    process = process.model_copy(
        update={"handoffs": [*process.handoffs, Handoff(from_step="s2", to_step="s1", wait_hours=96)]}
    )
    (proposal,) = propose(process, [finding("f1", "rework-loop", ["s2"])], None, "en", catalogue=[])
    assert proposal.expected_lead_time_saving_hours == 24 + 96
    assert "send-back loop s2→s1 96 h" in (proposal.saving_formula or "")
    to_be = apply_proposals(process, [proposal])
    assert all(h.to_step != "s1" for h in to_be.handoffs)


def test_unknown_step_ids_from_an_llm_are_skipped() -> None:
    process = telecom_en()
    proposal = Proposal(
        id="p1",
        title="t",
        change="c",
        ai_role="a",
        step_changes=[
            StepChange(step_id="s42", change="remove"),
            StepChange(step_id="s7", change="exception-only"),
        ],
        expected_lead_time_saving_hours=1000,  # more than the wait there: capped at it
    )
    to_be = apply_proposals(process, [proposal])
    assert len(to_be.steps) == len(process.steps)
    assert next(s for s in to_be.steps if s.id == "s7").wait_hours == 0
    assert to_be.metrics.lead_time_hours == pytest.approx((process.metrics.lead_time_hours or 0) - 72)


@settings(max_examples=100, deadline=None)
@given(processes_with_findings())
def test_to_be_never_grows(case: tuple[Process, list[Finding], Language]) -> None:
    process, findings, language = case
    proposals = propose(process, findings, None, language, catalogue=[])
    to_be = apply_proposals(process, proposals)
    assert len(to_be.steps) <= len(process.steps)
    assert {s.id for s in to_be.steps} <= {s.id for s in process.steps}
    lead, before = to_be.metrics.lead_time_hours, process.metrics.lead_time_hours
    if before is not None:
        assert lead is not None and lead <= before + 1e-6
    if to_be.metrics.flow_efficiency is not None:
        assert 0 <= to_be.metrics.flow_efficiency <= 1


# --------------------------------------------------------------------------
# the two questions, for every step
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("process", "findings", "language"),
    [(telecom_en(), telecom_findings(), "en"), (permit_de(), permit_findings(), "de")],
    ids=["en", "de"],
)
def test_every_step_is_reviewed_in_the_interview_language(
    process: Process, findings: list[Finding], language: Language
) -> None:
    reviews = review_steps(process, findings, language)
    assert [r.step_id for r in reviews] == [s.id for s in process.steps]
    for review in reviews:
        assert reads_as(review.adds_customer_value + " " + review.exists_only_historically, language), review


def test_reviews_answer_from_what_is_known_en() -> None:
    reviews = {r.step_id: r for r in review_steps(telecom_en(), telecom_findings(), "en")}
    assert reviews["s1"].adds_customer_value.startswith("Yes")
    assert reviews["s1"].exists_only_historically.startswith("No")
    assert reviews["s8"].adds_customer_value.startswith("No")
    # The historic quote of the interview is cited with its turn.
    assert "“we have always done it this way” (turn 9)" in reviews["s8"].exists_only_historically
    assert reviews["s7"].exists_only_historically.startswith("Possibly")
    # Unknown value: said to be unknown (or doubtful), with the question to ask.
    assert reviews["s5"].adds_customer_value.startswith("Unknown")
    assert "Ask network planning:" in reviews["s5"].adds_customer_value
    assert "7 days" in reviews["s5"].adds_customer_value
    assert reviews["s5"].exists_only_historically.startswith("Unknown")
    assert reviews["s2"].adds_customer_value.startswith("Doubtful")


def test_reviews_answer_from_what_is_known_de() -> None:
    process = permit_de()
    reviews = {r.step_id: r for r in review_steps(process, permit_findings(), "de")}
    assert reviews["s9"].adds_customer_value.startswith("Ja")
    assert reviews["s1"].adds_customer_value.startswith("Unbekannt")
    assert "Frage an Bürgerin:" in reviews["s1"].adds_customer_value
    assert reviews["s8"].exists_only_historically.startswith("Möglicherweise")
    assert reviews["s7"].exists_only_historically.startswith("Möglicherweise: Die Doppelerfassung")
    assert "2 Wochen" in reviews["s6"].adds_customer_value


def test_reviews_without_findings_or_facts_say_what_to_ask() -> None:
    process = chain("bare", [step("s1", "stamp the form", None)])
    (review,) = review_steps(process, [], "en")
    assert review.adds_customer_value == (
        "Unknown: the interview does not say. Ask the team doing it: "
        "“What would the customer miss if this step were dropped?”"
    )
    assert review.exists_only_historically.startswith("Unknown: the interview gives no reason for it.")


def test_a_handoff_to_an_unknown_step_saves_nothing() -> None:
    process = telecom_en()
    dangling = Handoff(from_step="s3", to_step="s42", wait_hours=500)
    process = process.model_copy(update={"handoffs": [*process.handoffs, dangling]})
    findings = [finding("f1", "rework-loop", ["s2", "s3"])]
    (proposal,) = propose(process, findings, None, "en", catalogue=[])
    assert proposal.expected_lead_time_saving_hours == 48 + 120 + 0.5
    to_be = apply_proposals(process, [proposal])
    assert all(h.to_step != "s42" for h in to_be.handoffs)

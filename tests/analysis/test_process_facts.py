"""waits_before (one pass) answers as wait_before (step by step) does."""

from __future__ import annotations

from interviewer.analysis.process_facts import wait_before, waits_before
from interviewer.models import Handoff, Process
from tests.analysis.builders import step, telecom_en


def test_waits_before_matches_wait_before_on_a_built_process() -> None:
    process = telecom_en()
    assert waits_before(process) == {s.id: wait_before(process, s.id) for s in process.steps}


def test_handoff_waits_count_forward_only_and_the_largest_wins() -> None:
    steps = [
        step("s1", "receive order", "Sales"),
        step("s2", "check order", "Ops"),
        step("s3", "ship", "Ops", wait=5),
    ]
    handoffs = [
        Handoff(from_step="s1", to_step="s2", wait_hours=24),
        Handoff(from_step="s1", to_step="s2", wait_hours=48),
        Handoff(from_step="s3", to_step="s1", wait_hours=100),  # a send-back loop: no wait before s1
        Handoff(from_step="s2", to_step="s3", wait_hours=72),  # the step's own wait wins
    ]
    process = Process(name="p", steps=steps, handoffs=handoffs)
    assert waits_before(process) == {"s1": None, "s2": 48, "s3": 5}
    assert waits_before(process) == {s.id: wait_before(process, s.id) for s in steps}

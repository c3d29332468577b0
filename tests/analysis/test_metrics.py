"""Metrics as spec/result.md defines them: null where the interview did not say."""

from __future__ import annotations

import pytest

from interviewer.analysis.metrics import compute_metrics
from interviewer.models import Handoff, Process, Step


def _step(
    n: int, *, duration: float | None = None, wait: float | None = None, actor: str | None = None
) -> Step:
    return Step(id=f"s{n}", action=f"step {n}", actor=actor, duration_hours=duration, wait_hours=wait)


def test_nothing_said_gives_nulls_and_zero_counts() -> None:
    metrics = compute_metrics(Process(name="p", steps=[_step(1), _step(2)]))
    assert metrics.lead_time_hours is None
    assert metrics.touch_time_hours is None
    assert metrics.flow_efficiency is None
    assert metrics.total_wait_hours is None
    assert metrics.lead_time_source is None
    assert metrics.handoff_count == 0
    assert metrics.org_boundary_crossings == 0


def test_stated_lead_time_wins_over_the_sum() -> None:
    process = Process(
        name="p",
        steps=[_step(1, duration=2, wait=10), _step(2, duration=6, wait=100)],
        stated_lead_time_hours=4380,
    )
    metrics = compute_metrics(process)
    assert metrics.lead_time_hours == 4380
    assert metrics.lead_time_source == "stated"
    assert metrics.touch_time_hours == 8
    assert metrics.total_wait_hours == 110
    assert metrics.flow_efficiency == pytest.approx(8 / 4380)


def test_computed_lead_time_sums_waits_and_durations_that_are_known() -> None:
    process = Process(name="p", steps=[_step(1, duration=1), _step(2, wait=336), _step(3)])
    metrics = compute_metrics(process)
    assert metrics.lead_time_hours == 337
    assert metrics.lead_time_source == "computed"
    assert metrics.touch_time_hours == 1
    assert metrics.total_wait_hours == 336
    assert metrics.flow_efficiency == pytest.approx(1 / 337)


def test_waits_alone_give_a_lead_time_but_no_flow_efficiency() -> None:
    metrics = compute_metrics(Process(name="p", steps=[_step(1, wait=168)]))
    assert metrics.lead_time_hours == 168
    assert metrics.touch_time_hours is None
    assert metrics.flow_efficiency is None


def test_flow_efficiency_is_clipped_when_stated_lead_time_is_shorter_than_the_work() -> None:
    process = Process(name="p", steps=[_step(1, duration=30)], stated_lead_time_hours=24)
    assert compute_metrics(process).flow_efficiency == 1.0


def test_zero_lead_time_gives_no_flow_efficiency() -> None:
    process = Process(name="p", steps=[_step(1, duration=0)], stated_lead_time_hours=0)
    metrics = compute_metrics(process)
    assert metrics.lead_time_hours == 0
    assert metrics.flow_efficiency is None


def test_handoffs_and_boundary_crossings_are_counted_and_handoff_waits_not_added_twice() -> None:
    steps = [_step(1, actor="sales"), _step(2, actor="planning", wait=84), _step(3, actor="contractor")]
    handoffs = [
        Handoff(from_step="s1", to_step="s2", crosses_org_boundary=True, wait_hours=84),
        Handoff(from_step="s2", to_step="s3", crosses_org_boundary=False),
    ]
    metrics = compute_metrics(Process(name="p", steps=steps, handoffs=handoffs))
    assert metrics.handoff_count == 2
    assert metrics.org_boundary_crossings == 1
    assert metrics.total_wait_hours == 84
    assert metrics.lead_time_hours == 84

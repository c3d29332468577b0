"""Issue figures for the proposals, on every evaluation case (development and
held-out) through the real offline pipeline: every case gets at least one
proposal, each proposal cites at least one finding and one step of the
process, and no proposal saves more than the waits and durations of the steps
it changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reports.support import EVAL_CASE_FILES, analysed_eval_case


@pytest.mark.parametrize("path", EVAL_CASE_FILES, ids=lambda p: p.stem)
def test_every_case_gets_grounded_proposals(path: Path) -> None:
    result = analysed_eval_case(path)
    assert result.proposals, f"{path.stem}: no proposal"
    step_ids = {step.id for step in result.process.steps}
    finding_ids = {finding.id for finding in result.findings}
    for proposal in result.proposals:
        assert proposal.finding_ids and set(proposal.finding_ids) <= finding_ids, proposal.id
        assert proposal.collapses_step_ids and set(proposal.collapses_step_ids) <= step_ids, proposal.id


@pytest.mark.parametrize("path", EVAL_CASE_FILES, ids=lambda p: p.stem)
def test_no_saving_exceeds_what_its_steps_wait_and_take(path: Path) -> None:
    result = analysed_eval_case(path)
    steps = {step.id: step for step in result.process.steps}
    for proposal in result.proposals:
        saving = proposal.expected_lead_time_saving_hours
        if saving is None:
            continue
        changed = {change.step_id for change in proposal.step_changes} | set(proposal.collapses_step_ids)
        removable = sum((steps[sid].wait_hours or 0) + (steps[sid].duration_hours or 0) for sid in changed)
        assert saving <= removable + 1e-6, f"{proposal.id}: saves {saving} h of {removable} h"
        assert proposal.saving_formula, proposal.id


@pytest.mark.parametrize("path", EVAL_CASE_FILES, ids=lambda p: p.stem)
def test_proposals_are_ranked_and_the_to_be_process_is_shorter(path: Path) -> None:
    result = analysed_eval_case(path)
    assert sorted(p.rank for p in result.proposals) == list(range(1, len(result.proposals) + 1))
    assert result.to_be is not None
    as_is, to_be = result.process.metrics, result.to_be.metrics
    assert to_be.handoff_count <= as_is.handoff_count
    if as_is.lead_time_hours is not None and to_be.lead_time_hours is not None:
        assert 0 < to_be.lead_time_hours <= as_is.lead_time_hours

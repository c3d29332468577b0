"""Prompts are files, rendered strictly, hashed; any change to a rendered prompt shows as a diff.

Regenerate the snapshots after an intended change with
`INTERVIEWER_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/llm/test_prompts.py`.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from pathlib import Path

import pytest

from interviewer.engines.llm.extraction import extraction_prompts
from interviewer.engines.llm.proposal_writing import proposal_prompts
from interviewer.engines.llm.pseudonymise import Pseudonymiser
from interviewer.models import Proposal
from interviewer.prompts import PromptError, load_template, prompt_directories, render
from tests.llm.samples import ENGLISH, GERMAN, analysed_process

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("INTERVIEWER_UPDATE_SNAPSHOTS") == "1"


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"snapshot {path.name} did not exist and was written; check it and run again")
        return
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"{name} (snapshot)",
                f"{name} (now)",
            )
        )
        pytest.fail(
            f"the rendered prompt {name} changed (INTERVIEWER_UPDATE_SNAPSHOTS=1 accepts the change):\n{diff}"
        )


def _skeleton() -> Proposal:
    return Proposal(
        id="p1",
        title="Start planning in parallel",
        kind="parallel-planning",
        collapses_step_ids=["s2"],
        removes_handoffs=1,
        finding_ids=["f1"],
        change="Planning starts from the first order data.",
        ai_role="An assistant passes the order data to planning at once.",
        stays_with_people="Planners decide the schedule.",
        expected_lead_time_saving_hours=336.0,
        saving_formula="wait before s2: 336 h",
        risks=["Planning on incomplete data."],
    )


@pytest.mark.parametrize("method", ["json_schema", "json_mode"])
@pytest.mark.parametrize("transcript", [ENGLISH, GERMAN], ids=["en", "de"])
def test_extraction_prompt_snapshot(transcript: object, method: str) -> None:
    from interviewer.models import Transcript

    assert isinstance(transcript, Transcript)
    language = transcript.language or "en"
    prompts = extraction_prompts(
        transcript,
        transcript.turns,
        index=0,
        count=1,
        language=language,
        method=method,
        pseudo=Pseudonymiser.for_transcript(transcript),
    )
    text = f"=== system\n{prompts.system.text}\n=== user\n{prompts.user.text}"
    check_snapshot(f"extract.{language}.{method}", text)


@pytest.mark.parametrize("language", ["en", "de"])
def test_proposals_prompt_snapshot(language: str) -> None:
    process, findings = analysed_process()
    prompts, allowed = proposal_prompts(
        process,
        findings,
        [_skeleton()],
        language=language,  # type: ignore[arg-type]
        method="json_schema",
        pseudo=Pseudonymiser.for_transcript(ENGLISH),
    )
    check_snapshot(
        f"proposals.{language}", f"=== system\n{prompts.system.text}\n=== user\n{prompts.user.text}"
    )
    assert {336.0, 14.0, 2.0} <= allowed  # the saving in hours, days and weeks


@pytest.mark.parametrize("language", ["en", "de"])
def test_repair_prompt_snapshot(language: str) -> None:
    rendered = render(
        "repair",
        "user",
        language,
        {"problems": "- steps.0.evidence: List should have at least 1 item", "previous_answer": "{}"},
    )
    check_snapshot(f"repair.{language}", rendered.text)


def test_every_prompt_exists_in_both_languages() -> None:
    (directory,) = [d for d in prompt_directories() if d.name == "prompts"]
    names = {p.relative_to(directory).as_posix().rsplit(".", 2)[0] for p in directory.rglob("*.md")}
    for name in names:
        for language in ("en", "de"):
            assert (directory / f"{name}.{language}.md").is_file(), f"{name}.{language}.md is missing"
    assert {"extract/system", "extract/user", "repair/user", "proposals/system", "proposals/user"} <= names


def test_a_missing_variable_is_an_error() -> None:
    with pytest.raises(PromptError, match="no value for previous_answer"):
        render("repair", "user", "en", {"problems": "- x"})


def test_an_unused_variable_is_an_error() -> None:
    with pytest.raises(PromptError, match="not used by the template: surplus"):
        render("repair", "user", "en", {"problems": "- x", "previous_answer": "-", "surplus": "y"})


def test_a_missing_template_names_what_was_searched() -> None:
    with pytest.raises(PromptError, match=r"prompt nothing/system\.en not found"):
        render("nothing", "system", "en", {})


def test_values_are_not_expanded_again(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "user.en.md").write_text("A {{ a }} B {{b}}", encoding="utf-8")
    rendered = render("t", "user", "en", {"a": "{{ b }}", "b": "x"}, directory=tmp_path)
    assert rendered.text == "A {{ b }} B x"


def test_the_hash_is_the_sha256_of_the_template_file() -> None:
    template = load_template("extract", "system", "de")
    assert template.sha256 == hashlib.sha256(template.path.read_bytes()).hexdigest()
    assert render("extract", "system", "de", {"output_format": "x"}).template_sha256 == template.sha256


def test_prompts_ship_in_the_wheel() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"prompts" = "interviewer/_prompts"' in pyproject

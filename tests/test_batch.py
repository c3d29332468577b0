"""run_batch: worker processes, resumability, failures, atomic files, summaries.

Most tests use the StepPerTurnEngine double (tests/batch_double.py) so that
they test the batch, not the engine; the CLI tests run the real pipeline.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from interviewer.batch import BatchSummary, run_batch
from interviewer.batch.inputs import assign_case_ids, collect_transcripts
from interviewer.batch.manifest import MANIFEST_NAME, write_atomic
from interviewer.errors import InputError
from interviewer.models import AnalysisResult
from interviewer.settings import Settings
from tests.batch_double import make_services

FIXTURES = Path(__file__).parent / "transcripts" / "fixtures"
GOOD = ("teams.vtt", "zoom.srt", "turns.json", "labelled_en.txt", "windows1252.txt", "zoom.vtt")
# zoom.srt and zoom.vtt share a stem: their case ids say which is which.
CASES = ["labelled_en", "teams", "turns", "windows1252", "zoom-srt", "zoom-vtt"]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "nested").mkdir(parents=True)
    for index, name in enumerate(GOOD):
        target = folder / "nested" if index % 2 else folder
        shutil.copy(FIXTURES / name, target / name)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not a transcript")
    (folder / ".hidden.txt").write_text("Interviewer: hidden?\nAna: yes\n", encoding="utf-8")
    (folder / "~$lock.txt").write_text("Interviewer: lock?\nAna: yes\n", encoding="utf-8")
    return folder


def _run(paths: list[Path], out: Path, **options: object) -> BatchSummary:
    defaults: dict[str, object] = {
        "settings": Settings(),
        # In-process by default; the tests about worker processes ask for two.
        "workers": 1,
        "reports": (),
        "progress": False,
        "services_factory": make_services,
    }
    defaults.update(options)
    return run_batch(paths, out, **defaults)  # type: ignore[arg-type]


def _results(out: Path) -> list[Path]:
    """Result files (the manifest is a hidden .json beside them)."""
    return sorted(p for p in out.glob("*.json") if not p.name.startswith("."))


def _mtimes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in _results(out)}


def test_two_workers_write_one_result_per_transcript_and_summaries(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    monkeypatch.setenv("BATCH_DOUBLE_MARKERS", str(markers))
    out = tmp_path / "out"

    summary = _run([inputs], out, workers=2)

    assert summary.ok and summary.count("ok") == len(GOOD)
    assert [p.stem for p in _results(out)] == CASES
    results = [AnalysisResult.model_validate_json(p.read_text("utf-8")) for p in _results(out)]
    teams = next(r for r in results if r.case_id == "teams")
    assert teams.language == "de" and [s.actor for s in teams.process.steps] == ["Auftragsmanagement"] * 2
    assert teams.source and teams.source.endswith("teams.vtt")
    # Services are built once per worker process, and in no more than two
    # workers although six transcripts were analysed. (This process builds
    # them once afterwards, to write the organisational memory.)
    builds = {int(m.name): int(m.read_text()) for m in markers.iterdir()}
    assert builds.pop(os.getpid(), 1) == 1
    assert set(builds.values()) == {1} and 1 <= len(builds) <= 2
    assert {int(r.process.name.removeprefix("pid-")) for r in results} <= set(builds)

    with (out / "summary.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["case"] for row in rows] == [item.case for item in summary.items]
    assert {row["status"] for row in rows} == {"ok"}
    assert {row["case"]: row["language"] for row in rows}["zoom-srt"] == "de"
    assert list(rows[0]) == [
        "case", "source", "status", "language", "steps", "handoffs", "lead_time_hours",
        "flow_efficiency", "findings", "proposals", "error", "seconds", "result",
    ]  # fmt: skip
    jsonl = [json.loads(line) for line in (out / "summary.jsonl").read_text("utf-8").splitlines()]
    assert [row["case"] for row in jsonl] == [row["case"] for row in rows]
    assert next(row for row in jsonl if row["case"] == "teams")["steps"] == 2


def test_memory_is_written_once_per_result_by_this_process_not_by_workers(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chroma's store breaks with writers in several processes: workers only read.
    memory = tmp_path / "memory.txt"
    monkeypatch.setenv("BATCH_DOUBLE_MEMORY", str(memory))
    (inputs / "explodes.txt").write_text("Interviewer: Go?\nAna: EXPLODE now.\n", encoding="utf-8")
    _run([inputs], tmp_path / "out", workers=2)
    lines = [line.split() for line in memory.read_text("utf-8").splitlines()]
    assert {int(pid) for pid, _ in lines} == {os.getpid()}
    assert sorted(case for _, case in lines) == CASES  # the failed file is not remembered

    _run([inputs], tmp_path / "out", workers=2)  # all up to date: nothing new to remember
    assert len(memory.read_text("utf-8").splitlines()) == len(CASES)


def test_up_to_date_results_are_skipped_until_changed_or_forced(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run([inputs], out)
    first = _mtimes(out)

    again = _run([inputs], out)
    assert again.count("skipped") == len(GOOD) and again.count("ok") == 0
    assert _mtimes(out) == first
    # Skipped rows still carry their figures in the summary.
    assert next(i for i in again.items if i.case == "teams").steps == 2

    changed = inputs / "teams.vtt"
    changed.write_text(changed.read_text("utf-8").replace("So drei Tage", "So vier Tage"), encoding="utf-8")
    after_edit = _run([inputs], out)
    assert [i.case for i in after_edit.items if i.status == "ok"] == ["teams"]

    other_settings = _run([inputs], out, settings=Settings(language="en"))
    assert other_settings.count("ok") == len(GOOD)
    assert AnalysisResult.model_validate_json((out / "teams.json").read_text("utf-8")).language == "en"

    forced = _run([inputs], out, settings=Settings(language="en"), force=True)
    assert forced.count("ok") == len(GOOD)


def test_a_result_missing_from_the_manifest_is_made_again(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run([inputs], out)
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    del manifest["entries"]["zoom-vtt"]
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    (out / "labelled_en.json").unlink()

    summary = _run([inputs], out)
    assert sorted(i.case for i in summary.items if i.status == "ok") == ["labelled_en", "zoom-vtt"]


def test_failing_files_are_listed_and_do_not_stop_the_batch(inputs: Path, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "missing_speaker.json", inputs / "missing_speaker.json")
    shutil.copy(FIXTURES / "undecodable.txt", inputs / "nested" / "undecodable.txt")
    (inputs / "explodes.txt").write_text("Interviewer: Go?\nAna: EXPLODE now.\n", encoding="utf-8")
    out = tmp_path / "out"

    summary = _run([inputs], out, workers=2)

    failed = {item.case: item.error for item in summary.failed}
    assert set(failed) == {"missing_speaker", "undecodable", "explodes"}
    assert "missing_speaker.json:5: turn 3" in (failed["missing_speaker"] or "")
    assert "undecodable.txt:3:" in (failed["undecodable"] or "")
    assert failed["explodes"] == "RuntimeError: the engine exploded on purpose"
    assert summary.count("ok") == len(GOOD)
    assert not (out / "explodes.json").exists()
    rows = {row["case"]: row for row in csv.DictReader((out / "summary.csv").open(encoding="utf-8"))}
    assert rows["explodes"]["status"] == "failed" and "exploded" in rows["explodes"]["error"]

    # Failures are tried again next time; the good files stay skipped.
    again = _run([inputs], out)
    assert {i.case for i in again.items if i.status != "skipped"} == set(failed)


def test_engine_that_cannot_be_built_fails_every_file_with_one_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in GOOD[:3]:
        shutil.copy(FIXTURES / name, folder / name)
    summary = _run([folder], tmp_path / "out", workers=2, services_factory=_broken_factory)
    assert summary.count("failed") == 3
    assert {i.error for i in summary.items} == {
        "analysis engine could not be set up: ModuleNotFoundError: no engine here"
    }


def _broken_factory(settings: Settings) -> object:
    raise ModuleNotFoundError("no engine here")


def test_write_atomic_never_leaves_half_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "case.json"
    target.write_text('{"old": true}', encoding="utf-8")

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, '{"new": true, "long": "' + "x" * 100_000 + '"}')
    assert target.read_text("utf-8") == '{"old": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json"]


def test_no_temporary_files_remain_and_stale_ones_are_cleared(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".teams.json.999.deadbeef.tmp").write_text("{half", encoding="utf-8")
    _run([inputs], out)
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))


def test_duplicate_stems_get_distinct_stable_case_ids(tmp_path: Path) -> None:
    for folder, name in (
        ("team-a", "interview.txt"),
        ("team-b", "interview.txt"),
        ("team-b", "interview.vtt"),
    ):
        (tmp_path / "in" / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(
            FIXTURES / ("labelled_en.txt" if name.endswith("txt") else "teams.vtt"),
            tmp_path / "in" / folder / name,
        )
    files = collect_transcripts([tmp_path / "in"])
    ids = assign_case_ids(files)
    assert sorted(ids.values()) == ["team-a-interview-txt", "team-b-interview-txt", "team-b-interview-vtt"]
    assert assign_case_ids(list(reversed(files))) == ids

    summary = _run([tmp_path / "in"], tmp_path / "out")
    results = _results(tmp_path / "out")
    assert [p.stem for p in results] == sorted(ids.values())
    assert {AnalysisResult.model_validate_json(p.read_text("utf-8")).case_id for p in results} == set(
        ids.values()
    )
    assert summary.ok


def test_output_folder_inside_the_input_folder_is_not_read_back(inputs: Path) -> None:
    out = inputs / "results"
    _run([inputs], out)
    again = _run([inputs], out)
    assert len(again.items) == len(GOOD)


def test_missing_path_and_empty_folder_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        _run([tmp_path / "absent"], tmp_path / "out")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no transcripts found"):
        _run([tmp_path / "empty"], tmp_path / "out")


def test_missing_reports_module_is_a_warning_not_a_crash(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "interviewer.reports", None)  # makes the import fail
    summary = _run([inputs], tmp_path / "out", reports=("html",))
    assert summary.ok and summary.count("ok") == len(GOOD)
    assert any("interviewer.reports" in warning for warning in summary.warnings)


def test_reports_are_added_to_up_to_date_results_without_new_analysis(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewer.batch import reports_hook

    written: list[str] = []

    def fake_writer(result: AnalysisResult, directory: Path, formats: list[str]) -> list[Path]:
        path = directory / f"{result.case_id}.md"
        path.write_text(f"# {result.case_id}\n", encoding="utf-8")
        written.append(result.case_id)
        return [path]

    monkeypatch.setattr(reports_hook, "load_report_writer", lambda: (fake_writer, None))
    out = tmp_path / "out"
    _run([inputs], out)
    before = _mtimes(out)

    summary = _run([inputs], out, reports=("md",))
    assert summary.count("skipped") == len(GOOD)
    assert _mtimes(out) == before
    assert sorted(written) == CASES
    assert (out / "teams.md").read_text("utf-8") == "# teams\n"

    written.clear()
    _run([inputs], out, reports=("md",))
    assert written == []  # reports exist now: nothing to do


def test_progress_bar_reports_to_stderr(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run([inputs], tmp_path / "out", progress=True)
    captured = capsys.readouterr()
    assert f"{len(GOOD)}/{len(GOOD)}" in captured.err and "failed: 0" in captured.err
    assert captured.out == ""

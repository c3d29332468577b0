"""`interviewer analyze` and `interviewer demo`, end to end on the real
pipeline (offline engine, real worker processes)."""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.models import AnalysisResult

SAMPLES = Path(__file__).resolve().parents[1] / "interviewer" / "samples"
SAMPLE_LANGUAGES = {
    "baugenehmigung-stadtverwaltung": "de",
    "broadband-new-build-teams": "en",
    "krankenhaus-entlassung-reha-zoom": "de",
    "motor-claim-interview": "en",
    "muelltonne-bestellung-teams": "de",
}


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # Long case ids stay on one line of the summary table.
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture(scope="module")
def samples_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int, str]]:
    """One real run over the samples, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("samples-out")
    data = tmp_path_factory.mktemp("samples-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INTERVIEWER_DATA_DIR", str(data))
        patch.setenv("INTERVIEWER_CONFIG", str(data / "none.toml"))
        patch.setenv("COLUMNS", "200")
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            code = main(["analyze", str(SAMPLES), "--out", str(out), "--workers", "2", "--no-progress"])
    yield out, code, buffer.getvalue()


def _results(out: Path) -> dict[str, AnalysisResult]:
    return {
        p.stem: AnalysisResult.model_validate_json(p.read_text("utf-8"))
        for p in out.glob("*.json")
        if not p.name.startswith(".")
    }


def test_samples_are_analysed_by_the_real_pipeline(samples_run: tuple[Path, int, str]) -> None:
    out, code, stdout = samples_run
    assert code == 0, stdout
    results = _results(out)
    assert {case: r.language for case, r in results.items()} == SAMPLE_LANGUAGES
    for case, result in results.items():
        assert result.engine.name == "offline"
        assert len(result.process.steps) >= 3, case
        assert result.source and Path(result.source).name.startswith(case)
    for case in SAMPLE_LANGUAGES:
        assert case in stdout
    assert "5 analysed, 0 up to date (skipped), 0 failed" in stdout
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert {row["case"]: int(row["steps"]) for row in rows} == {
        case: len(result.process.steps) for case, result in results.items()
    }
    assert (out / "summary.jsonl").is_file()


def test_reports_are_written_beside_results(samples_run: tuple[Path, int, str]) -> None:
    out, _, _ = samples_run
    pytest.importorskip("interviewer.reports")
    for case in SAMPLE_LANGUAGES:
        assert (out / f"{case}.html").is_file() and (out / f"{case}.md").is_file()


def test_second_run_skips_and_force_runs_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for name in ("motor-claim-interview.json", "baugenehmigung-stadtverwaltung.txt"):
        shutil.copy(SAMPLES / name, source / name)
    out = tmp_path / "out"
    # In this process (one worker): the worker pool is covered by the other tests.
    arguments = [
        "analyze",
        str(source),
        "--out",
        str(out),
        "--workers",
        "1",
        "--no-progress",
        "--reports",
        "none",
    ]
    assert main(arguments) == 0
    assert "2 analysed, 0 up to date" in capsys.readouterr().out
    stamp = (out / "motor-claim-interview.json").stat().st_mtime_ns

    assert main(arguments) == 0
    assert "0 analysed, 2 up to date (skipped)" in capsys.readouterr().out
    assert (out / "motor-claim-interview.json").stat().st_mtime_ns == stamp

    assert main([*arguments, "--force"]) == 0
    assert "2 analysed, 0 up to date" in capsys.readouterr().out


def test_failed_file_is_listed_and_exit_status_is_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLES / "motor-claim-interview.json", source / "good.json")
    broken = source / "broken.srt"
    broken.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nAna: hi\n\n2\nnot a timing\nBen: ho\n", encoding="utf-8"
    )

    code = main(["analyze", str(source), "--out", str(tmp_path / "out"), "--workers", "2", "--no-progress"])

    stdout = capsys.readouterr().out
    assert code == 1
    assert "1 analysed, 0 up to date (skipped), 1 failed" in stdout
    assert "Failed (1):" in stdout
    assert f"{broken}:6: expected a cue timing line" in stdout
    assert (tmp_path / "out" / "good.json").is_file()


def test_language_override_and_csv_only_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(
        [
            "analyze",
            str(SAMPLES / "motor-claim-interview.json"),
            "--out",
            str(out),
            "--workers",
            "1",
            "--language",
            "de",
            "--summary",
            "csv",
            "--reports",
            "none",
            "--no-progress",
        ]
    )
    assert code == 0
    assert _results(out)["motor-claim-interview"].language == "de"
    assert (out / "summary.csv").is_file() and not (out / "summary.jsonl").exists()


def test_demo_runs_over_the_bundled_samples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    stdout = capsys.readouterr().out
    assert f"Results (one JSON per interview): {out.resolve()}" in stdout
    assert set(_results(out)) == set(SAMPLE_LANGUAGES)
    if list(out.glob("*.html")):
        assert "HTML report, open in a browser:" in stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--reports", "html,pdf"], "unknown report format(s) pdf"),
        (["--workers", "0"], "--workers must be at least 1"),
    ],
)
def test_bad_options_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    code = main(["analyze", str(SAMPLES), "--out", str(tmp_path / "out"), *arguments])
    assert code == 2
    assert message in capsys.readouterr().err


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "nothing"), "--out", str(tmp_path / "out")]) == 2
    assert "no such file or folder" in capsys.readouterr().err

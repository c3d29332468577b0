"""`interviewer report RESULT.json --format ... [--out FILE]`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.reports import render
from tests.reports.support import FIXTURES, load_fixture


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("html", "html"), ("md", "md"), ("markdown", "md"), ("bpmn", "bpmn"), ("mermaid", "mermaid")],
)
def test_report_to_stdout(fmt: str, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "glasfaser-neubau.json"
    assert main(["report", str(path), "--format", fmt]) == 0
    assert capsys.readouterr().out == render(load_fixture("glasfaser-neubau"), name)


def test_report_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sub" / "report.html"
    assert main(["report", str(FIXTURES / "waste-bin-replacement.json"), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render(load_fixture("waste-bin-replacement"), "html")
    assert capsys.readouterr().out == ""


def test_invalid_result_names_the_file_and_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((FIXTURES / "waste-bin-replacement.json").read_text(encoding="utf-8"))
    del data["process"]["steps"][2]["action"]
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["report", str(bad)]) == 2
    error = capsys.readouterr().err
    assert str(bad) in error
    assert "process.steps.2.action" in error
    assert "Field required" in error


def test_broken_json_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "cut.json"
    bad.write_text('{\n  "case_id": "x",\n  "language": \n', encoding="utf-8")
    assert main(["report", str(bad), "-f", "md"]) == 2
    assert f"{bad}:4:1: not valid JSON" in capsys.readouterr().err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "nope.json")]) == 2
    assert "nope.json: no such file" in capsys.readouterr().err


def test_unknown_format_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(FIXTURES / "glasfaser-neubau.json"), "--format", "pdf"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err

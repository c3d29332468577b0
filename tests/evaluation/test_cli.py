from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.cli import main

CASES = Path(__file__).resolve().parents[2] / "eval" / "cases"


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["eval", "--help"])
    out = capsys.readouterr().out
    for option in ("CASES_DIR", "--engine", "--out", "--case", "--pet"):
        assert option in out


def test_broken_case_folder_fails_with_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.yaml").write_text(
        "id: bad\nlanguage: xx\ntranscript: 'A: b'\nexpected: {steps: [{action: a}]}\n"
    )
    assert main(["eval", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "field 'language'" in err


def test_eval_one_case_prints_and_writes_the_scorecard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "card.json"
    code = main(
        [
            "eval",
            str(CASES),
            "--engine",
            "offline",
            "--case",
            "en-spare-part",
            "de-muelltonne",
            "--out",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "en-spare-part" in printed and "overall" in printed and str(out) in printed
    card = json.loads(out.read_text())
    assert card["engine"] == "offline"
    assert sorted(case["case_id"] for case in card["cases"]) == ["de-muelltonne", "en-spare-part"]
    assert set(card["aggregate"]) == {"de", "en", "overall"}
    assert 0 <= card["aggregate"]["overall"]["step_f1"] <= 1


def test_eval_pet_on_two_documents(
    tmp_path: Path, shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = (shared_dir / "data" / "pet" / "all.jsonl").read_text().splitlines()[:2]
    small = tmp_path / "pet.jsonl"
    small.write_text("\n".join(lines) + "\n")
    out = tmp_path / "pet.json"
    assert main(["eval", "--pet", str(small), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "PET benchmark: 2 documents" in printed and "0.55" in printed
    report = json.loads(out.read_text())
    assert len(report["documents"]) == 2 and "activity_recall" in report["macro"]

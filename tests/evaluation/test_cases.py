from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from interviewer.evaluation.cases import CaseError, case_files, load_case, load_cases
from interviewer.transcripts import read_text

CASES = Path(__file__).resolve().parents[2] / "eval" / "cases"

GOOD = {
    "id": "tiny",
    "language": "de",
    "title": "Kleiner Fall",
    "transcript": "Interviewer: Wie läuft das?\nPetra (Vertrieb): Wir erfassen den Auftrag.\n",
    "expected": {
        "steps": [
            {"action": "Auftrag erfassen", "actor": "Vertrieb"},
            {"action": "Auftrag prüfen", "actor": "Innendienst"},
        ],
        "handoffs": [[1, 2]],
        "anti_patterns": ["handoff-delay"],
        "lead_time_hours": 48,
    },
}


def write(tmp_path: Path, data: object, name: str = "tiny.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def broken(**changes: object) -> dict[str, object]:
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value
    return data


def test_shipped_set_has_both_languages_and_enough_cases() -> None:
    cases = load_cases(CASES)
    languages = Counter(case.language for case in cases)
    assert languages["de"] >= 7 and languages["en"] >= 7
    assert len({case.id for case in cases}) == len(cases)


@pytest.mark.parametrize("path", case_files(CASES), ids=lambda path: path.stem)
def test_every_shipped_case_validates(path: Path) -> None:
    case = load_case(path)
    assert case.id == path.stem
    count = len(case.expected.steps)
    assert all(1 <= a <= count and 1 <= b <= count and a != b for a, b in case.expected.handoffs)
    assert case.expected.lead_time_hours is None or case.expected.lead_time_hours > 0
    # The transcript is one the project's reader accepts, with an interviewer and staff.
    transcript = read_text(case.transcript_text, case_id=case.id)
    assert 15 <= len(transcript.turns) <= 40
    assert any(turn.is_interviewer for turn in transcript.turns)
    assert any(turn.role for turn in transcript.turns if not turn.is_interviewer)


def test_good_case_loads(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, GOOD))
    assert case.expected.handoffs == [(1, 2)]
    assert case.expected.steps[0].phrases == ["Auftrag erfassen"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"expected__steps__1__actors": "Innendienst"}, "expected.steps[2].actors"),
        ({"expected__steps__0__action": ""}, "expected.steps[1].action"),
        ({"expected__anti_patterns__0": "slow-process"}, "expected.anti_patterns[1]"),
        ({"expected__handoffs__0": [1, 3]}, "expected.handoffs[1]"),
        ({"expected__handoffs__0": [2, 2]}, "expected.handoffs[1]"),
        ({"language": "fr"}, "language"),
        ({"expected__lead_time_hours": -5}, "expected.lead_time_hours"),
        ({"expected__steps": []}, "expected.steps"),
        ({"id": "other"}, "id"),
    ],
)
def test_broken_case_names_file_and_field(tmp_path: Path, changes: dict[str, object], field: str) -> None:
    path = write(tmp_path, broken(**changes))
    with pytest.raises(CaseError) as caught:
        load_case(path)
    assert caught.value.path == str(path)
    assert caught.value.field == field
    assert str(path) in str(caught.value) and field in str(caught.value)


def test_missing_section_names_it(tmp_path: Path) -> None:
    data = dict(GOOD)
    del data["expected"]
    with pytest.raises(CaseError, match=r"tiny\.yaml: field 'expected'"):
        load_case(write(tmp_path, data))


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\nlanguage: de\nexpected: [unclosed\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"bad\.yaml: not valid YAML at line \d"):
        load_case(path)


def test_folder_selection_and_errors(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD | {"id": "second"}, "second.yaml")
    assert [case.id for case in load_cases(tmp_path, ["second"])] == ["second"]
    with pytest.raises(CaseError, match="no case with id missing"):
        load_cases(tmp_path, ["missing"])
    with pytest.raises(CaseError, match="no such folder"):
        load_cases(tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CaseError, match=r"no \*\.yaml evaluation cases"):
        load_cases(empty)

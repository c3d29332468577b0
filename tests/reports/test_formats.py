"""Every format renders from both fixtures; write_reports writes the files
atomically under the agreed names; labels exist in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.errors import InputError
from interviewer.reports import EXTENSIONS, FORMATS, render, write_reports
from interviewer.reports.labels import Labels, load_labels
from tests.reports.support import FIXTURE_NAMES, load_fixture


def test_there_is_a_german_and_an_english_fixture() -> None:
    languages = {load_fixture(name).language for name in FIXTURE_NAMES}
    assert languages == {"de", "en"}


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_every_step(name: str, fmt: str) -> None:
    result = load_fixture(name)
    text = render(result, fmt)
    assert text.endswith("\n")
    for step in result.process.steps:
        # Markdown escapes punctuation; compare on a word of the action.
        longest_word = max(step.action.split(), key=len)
        assert longest_word in text, f"{fmt}: step {step.id} missing"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_reports_use_the_interview_language(name: str) -> None:
    result = load_fixture(name)
    html = render(result, "html")
    markdown = render(result, "md")
    if result.language == "de":
        assert "Durchlaufzeit" in html and "Befunde" in html and "Lead time" not in html
        assert "## Vorschläge" in markdown
    else:
        assert "Lead time" in html and "Findings" in html and "Durchlaufzeit" not in html
        assert "## Proposals" in markdown


def test_write_reports_writes_each_file_under_the_case_id(tmp_path: Path) -> None:
    result = load_fixture(FIXTURE_NAMES[0])
    paths = write_reports(result, tmp_path / "out", list(FORMATS))
    assert [p.name for p in paths] == [f"{result.case_id}{EXTENSIONS[f]}" for f in FORMATS]
    for path, fmt in zip(paths, FORMATS, strict=True):
        assert path.read_text(encoding="utf-8") == render(result, fmt)
    # Atomic writes leave no temporary files behind.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)


def test_write_reports_accepts_aliases_and_skips_duplicates(tmp_path: Path) -> None:
    result = load_fixture(FIXTURE_NAMES[0])
    paths = write_reports(result, tmp_path, ["markdown", "md", "mmd"])
    assert [p.suffix for p in paths] == [".md", ".mmd"]


def test_unknown_format_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown report format 'pdf'"):
        render(load_fixture(FIXTURE_NAMES[0]), "pdf")


def test_case_id_cannot_escape_the_report_folder(tmp_path: Path) -> None:
    result = load_fixture(FIXTURE_NAMES[0]).model_copy(update={"case_id": "../../etc/passwd"})
    (path,) = write_reports(result, tmp_path, ["md"])
    assert path.parent == tmp_path
    assert "/" not in path.name


def test_every_label_has_both_languages() -> None:
    for key, entry in load_labels().items():
        assert set(entry) == {"en", "de"}, key


@pytest.mark.parametrize(
    ("hours", "en", "de"),
    [
        (0.25, "15 minutes", "15 Minuten"),
        (1, "1 hour", "1 Stunde"),
        (1.5, "1.5 hours", "1,5 Stunden"),
        (48, "2 days", "2 Tage"),
        (72, "3 days", "3 Tage"),
        (336, "2 weeks", "2 Wochen"),
        (672, "4 weeks", "4 Wochen"),
        (4380, "6 months", "6 Monate"),
        (17520, "2 years", "2 Jahre"),
        (None, "—", "—"),
    ],
)
def test_durations_read_like_people_talk(hours: float | None, en: str, de: str) -> None:
    assert Labels("en").duration(hours) == en
    assert Labels("de").duration(hours) == de

"""read_file / read_text: format by extension or content, and the bundled samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.errors import TranscriptError
from interviewer.transcripts import SUPPORTED_SUFFIXES, read_file, read_text

SAMPLES = Path(__file__).resolve().parents[2] / "interviewer" / "samples"


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".vtt", ".srt", ".json", ".docx"}


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [("teams.vtt", "vtt"), ("zoom.srt", "srt"), ("turns.json", "json"), ("labelled_en.txt", "text")],
)
def test_format_sniffed_without_extension(fixtures: Path, tmp_path: Path, fixture: str, fmt: str) -> None:
    path = tmp_path / "transcript"
    path.write_bytes((fixtures / fixture).read_bytes())
    assert read_file(path).source_format == fmt


def test_txt_holding_subtitles_is_read_as_subtitles(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "zoom-export.txt"
    path.write_bytes((fixtures / "zoom.srt").read_bytes())
    transcript = read_file(path)
    assert transcript.source_format == "srt"
    assert transcript.turns[1].speaker == "Dr. Anja Weber"


def test_extension_decides_over_content(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "looks-like-text.json"
    path.write_text("Interviewer: hi\nAna: hello\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="invalid JSON"):
        read_file(path)


def test_bracketed_timestamp_text_is_not_mistaken_for_json() -> None:
    transcript = read_text("[00:00:01] Interviewer: Hi?\n[00:00:03] Ana: Hello.\n", case_id="t")
    assert transcript.source_format == "text"
    assert len(transcript.turns) == 2


def test_read_text_fields_and_unknown_format() -> None:
    transcript = read_text("\ufeffInterviewer: Hi?\nAna: Hello.", case_id="case-7", source="paste")
    assert (transcript.case_id, transcript.source, transcript.language) == ("case-7", "paste", "en")
    assert transcript.turns[0].speaker == "Interviewer"
    with pytest.raises(TranscriptError, match="unknown text format"):
        read_text("Interviewer: hi", case_id="t", fmt="docx")
    with pytest.raises(TranscriptError, match="empty"):
        read_text("  \n", case_id="t")


EXPECTED_SAMPLES = {
    "baugenehmigung-stadtverwaltung.txt": ("de", "text"),
    "broadband-new-build-teams.vtt": ("en", "vtt"),
    "krankenhaus-entlassung-reha-zoom.srt": ("de", "srt"),
    "motor-claim-interview.json": ("en", "json"),
    "muelltonne-bestellung-teams.docx": ("de", "docx"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_SAMPLES))
def test_bundled_samples_read_with_language_interviewer_and_roles(name: str) -> None:
    transcript = read_file(SAMPLES / name)
    assert (transcript.language, transcript.source_format) == EXPECTED_SAMPLES[name]
    assert transcript.case_id == Path(name).stem
    assert len(transcript.turns) >= 20
    interviewers = {t.speaker for t in transcript.turns if t.is_interviewer}
    interviewees = {t.speaker for t in transcript.turns if not t.is_interviewer}
    assert len(interviewers) == 1 and len(interviewees) >= 1
    # Interviewees' roles or units are known in every sample (the engine resolves "ich"/"we" with them).
    assert any(t.role for t in transcript.turns if not t.is_interviewer)
    assert [t.number for t in transcript.turns] == list(range(1, len(transcript.turns) + 1))


def test_samples_cover_both_languages_and_all_formats() -> None:
    files = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in SUPPORTED_SUFFIXES)
    assert files == sorted(EXPECTED_SAMPLES)

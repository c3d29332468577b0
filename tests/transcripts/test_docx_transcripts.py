"""DOCX: the Teams export and plain "Name: text" documents."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from interviewer.errors import TranscriptError
from interviewer.transcripts import read_file


def _document(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        lines = text.split("\n")
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            run.add_break()  # a soft line break, as some exports put one after the header
            run = paragraph.add_run(line)
    document.save(str(path))
    return path


def test_teams_export_headers_and_joined_blocks(tmp_path: Path) -> None:
    path = _document(
        tmp_path / "teams.docx",
        [
            "Prozessinterview Kfz-Zulassung",
            "5. März 2024, 09:58",
            "Becker, Thomas   0:03",
            "Wie beginnt der Vorgang?",
            "Schneider, Claudia (Zulassungsstelle)   0:10",
            "Der Antrag kommt über das Portal.",
            "Schneider, Claudia (Zulassungsstelle)   0:21",
            "Dann prüfe ich die Unterlagen.",
            "Becker, Thomas   1:02:05\nUnd wie lange dauert das?",
        ],
    )
    transcript = read_file(path)
    assert transcript.source_format == "docx"
    assert transcript.title == "Prozessinterview Kfz-Zulassung"
    assert transcript.language == "de"
    assert [(t.speaker, t.role, t.start_seconds, t.is_interviewer) for t in transcript.turns] == [
        ("Becker, Thomas", None, 3.0, True),
        ("Schneider, Claudia", "Zulassungsstelle", 10.0, False),
        ("Becker, Thomas", None, 3725.0, True),
    ]
    assert transcript.turns[1].text == "Der Antrag kommt über das Portal. Dann prüfe ich die Unterlagen."
    assert transcript.turns[2].text == "Und wie lange dauert das?"


def test_name_colon_paragraphs(tmp_path: Path) -> None:
    path = _document(
        tmp_path / "notes.docx",
        [
            "Interviewer: What happens first?",
            "Karen (Claims): I check the cover.",
            "It takes fifteen minutes.",
        ],
    )
    turns = read_file(path).turns
    assert [(t.speaker, t.role, t.text) for t in turns] == [
        ("Interviewer", None, "What happens first?"),
        ("Karen", "Claims", "I check the cover. It takes fifteen minutes."),
    ]


def test_two_column_table_reads_as_speaker_and_text(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for row, (speaker, text) in zip(
        table.rows, [("Interviewer", "Who signs?"), ("Ana", "The head of unit.")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = speaker, text
    document.save(str(tmp_path / "table.docx"))
    turns = read_file(tmp_path / "table.docx").turns
    assert [(t.speaker, t.text) for t in turns] == [
        ("Interviewer", "Who signs?"),
        ("Ana", "The head of unit."),
    ]


def test_paragraph_number_in_error_when_no_speakers(tmp_path: Path) -> None:
    path = _document(tmp_path / "prose.docx", ["", "Meeting notes without speakers."])
    with pytest.raises(TranscriptError) as caught:
        read_file(path)
    assert caught.value.line == 2
    assert "paragraph 2" in str(caught.value)


def test_empty_document(tmp_path: Path) -> None:
    path = _document(tmp_path / "empty.docx", [])
    with pytest.raises(TranscriptError, match="no text"):
        read_file(path)


def test_broken_docx_is_a_transcript_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(TranscriptError, match="not a readable DOCX") as caught:
        read_file(path)
    assert str(path) in str(caught.value)


def test_docx_without_extension_is_sniffed(tmp_path: Path) -> None:
    path = _document(tmp_path / "export", ["Interviewer: Who approves?", "Ana: The team lead."])
    assert read_file(path).source_format == "docx"

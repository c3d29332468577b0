"""Strict decoding: UTF-8 with and without BOM, UTF-16, Windows-1252."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.errors import TranscriptError
from interviewer.transcripts import read_file

EXPECTED_SECOND_TURN = "Drei Tage, manchmal länger – je nach Größe."


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("utf8_bom.txt", "utf-8-sig"), ("utf16.txt", "utf-16"), ("windows1252.txt", "windows-1252")],
)
def test_fixture_encodings_decode_to_the_same_turns(fixtures: Path, name: str, encoding: str) -> None:
    transcript = read_file(fixtures / name)
    assert transcript.encoding == encoding
    assert [t.speaker for t in transcript.turns] == [
        "Interviewerin",
        "Frau Müller",
        "Interviewerin",
        "Frau Müller",
    ]
    assert transcript.turns[1].text == EXPECTED_SECOND_TURN
    assert transcript.turns[0].speaker == "Interviewerin"  # no BOM character glued to the first label


@pytest.mark.parametrize(
    ("codec", "prefix", "encoding"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),  # no BOM: recognised by its NUL bytes
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32"),
    ],
)
def test_encodings_written_here(tmp_path: Path, codec: str, prefix: bytes, encoding: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(prefix + "Interviewer: Größe?\nJörg: Straße – fünf Tage.\n".encode(codec))
    transcript = read_file(path)
    assert transcript.encoding == encoding
    assert transcript.turns[1].text == "Straße – fünf Tage."


def test_undecodable_byte_names_file_and_line(fixtures: Path) -> None:
    with pytest.raises(TranscriptError) as caught:
        read_file(fixtures / "undecodable.txt")
    assert caught.value.line == 3
    message = str(caught.value)
    assert "undecodable.txt:3:" in message and "0x81" in message


def test_broken_utf16_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken16.txt"
    # A lone high surrogate on line 2 cannot be decoded.
    path.write_bytes(b"\xff\xfe" + "I: a\n".encode("utf-16-le") + b"B\x00:\x00 \x00\x00\xd8x\x00\n\x00")
    with pytest.raises(TranscriptError) as caught:
        read_file(path)
    assert caught.value.line == 2
    assert "UTF-16" in str(caught.value)


def test_binary_file_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"Interviewer: hi\n\x89PNG\x1a\x02\x03")
    with pytest.raises(TranscriptError, match="binary content") as caught:
        read_file(path)
    assert caught.value.line == 2


def test_missing_file_is_a_transcript_error(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="cannot read the file") as caught:
        read_file(tmp_path / "absent.txt")
    assert "absent.txt" in str(caught.value)

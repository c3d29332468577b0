"""JSON transcripts: a list of turns or {"turns": [...]}."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.errors import TranscriptError
from interviewer.transcripts import read_file, read_text


def test_list_of_turns_with_roles_and_times(fixtures: Path) -> None:
    transcript = read_file(fixtures / "turns.json")
    assert transcript.source_format == "json"
    assert [(t.speaker, t.role, t.start_seconds, t.end_seconds) for t in transcript.turns] == [
        ("Interviewer", None, 0.5, 2.0),
        ("Karen Walsh", "Claims Handler", 2.5, 6.0),  # "00:00:02.5" read as a time
        ("Interviewer", None, None, None),
        ("Karen Walsh", "Claims Handler", None, None),
    ]
    assert transcript.language == "en"


def test_object_with_turns_title_and_language(fixtures: Path) -> None:
    transcript = read_file(fixtures / "turns_object.json")
    assert transcript.title == "Reha-Antrag"
    assert transcript.language == "de"
    assert [(t.speaker, t.role, t.is_interviewer) for t in transcript.turns] == [
        ("Q", None, True),
        ("Stefan Hoffmann", "Sozialdienst", False),
    ]


def test_missing_speaker_names_the_line_where_the_turn_starts(fixtures: Path) -> None:
    with pytest.raises(TranscriptError) as caught:
        read_file(fixtures / "missing_speaker.json")
    assert caught.value.line == 5
    assert "turn 3" in str(caught.value) and "'speaker'" in str(caught.value)


def test_syntax_error_names_its_line() -> None:
    text = '[\n  {"speaker": "A", "text": "x"},\n  {"speaker": "B" "text": "y"}\n]'
    with pytest.raises(TranscriptError) as caught:
        read_text(text, case_id="t", source="upload.json")
    assert caught.value.line == 3
    assert str(caught.value).startswith("upload.json:3: invalid JSON")


@pytest.mark.parametrize(
    ("turn", "message"),
    [
        ('{"speaker": "A", "text": 3}', "'text'"),
        ('{"speaker": "A", "text": "x", "start": "soon"}', "'start'"),
        ('{"speaker": "A", "text": "x", "is_interviewer": "yes"}', "'is_interviewer'"),
        ('"just a string"', "expected an object"),
    ],
)
def test_invalid_fields_are_named(turn: str, message: str) -> None:
    with pytest.raises(TranscriptError, match=message):
        read_text(f'[{{"speaker": "I", "text": "ok"}},\n {turn}]', case_id="t")


def test_explicit_interviewer_flag_wins() -> None:
    text = '[{"speaker": "Anna", "text": "Wie geht es los?", "is_interviewer": true}, {"speaker": "Ben", "text": "Mit einem Anruf."}]'
    turns = read_text(text, case_id="t").turns
    assert [t.is_interviewer for t in turns] == [True, False]


def test_wrong_top_level_shape_is_an_error() -> None:
    with pytest.raises(TranscriptError, match='"turns" list'):
        read_text('{"speakers": []}', case_id="t", fmt="json")


def test_empty_turn_list_is_an_error() -> None:
    with pytest.raises(TranscriptError, match="no turns found"):
        read_text("[]", case_id="t")

"""Speaker-labelled text: labels, roles, timestamps, continuation lines, headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.errors import TranscriptError
from interviewer.transcripts import read_file, read_text


def test_fixture_with_roles_timestamps_and_continuation(fixtures: Path) -> None:
    transcript = read_file(fixtures / "labelled_en.txt")

    assert transcript.title == "Broadband activation"
    assert transcript.source_format == "text"
    assert [(t.number, t.speaker, t.role) for t in transcript.turns] == [
        (1, "Interviewer", None),
        (2, "Priya Nair", "Order Management"),
        (3, "Interviewer", None),
        (4, "Priya Nair", "Order Management"),  # role carried from turn 2
    ]
    assert [t.start_seconds for t in transcript.turns] == [3.0, 9.0, 31.0, None]
    # The continuation line and the "Note:" line belong to Priya's turn, in one paragraph.
    assert transcript.turns[1].text == (
        "Sales enters it in Salesforce, and it reaches us overnight. Note: the SAP interface runs once a night."
    )


@pytest.mark.parametrize(
    ("line", "speaker", "role", "start"),
    [
        ("[00:01:02] Petra (Vertrieb): Hallo", "Petra", "Vertrieb", 62.0),
        ("(01:02) Petra: Hallo", "Petra", None, 62.0),
        ("00:01:02 - Petra: Hallo", "Petra", None, 62.0),
        ("Petra [00:00:07.500]: Hallo", "Petra", None, 7.5),
        ("Petra (10:32): Hallo", "Petra", None, 632.0),
        ("Petra (Vertrieb) (00:10:32): Hallo", "Petra", "Vertrieb", 632.0),
        (
            "Dr. Anja Weber (Innere Medizin, Station 4): Hallo",
            "Dr. Anja Weber",
            "Innere Medizin, Station 4",
            None,
        ),
        ("Schneider, Claudia: Hallo", "Schneider, Claudia", None, None),
        ("**Petra Schmidt:** Hallo", "Petra Schmidt", None, None),
        ("Speaker 2: Hallo", "Speaker 2", None, None),
    ],
)
def test_label_forms(line: str, speaker: str, role: str | None, start: float | None) -> None:
    text = f"Interviewer: Was machen Sie?\n{line}\n"
    turn = read_text(text, case_id="t").turns[1]
    assert (turn.speaker, turn.role, turn.start_seconds, turn.text) == (speaker, role, start, "Hallo")


def test_colons_inside_speech_do_not_start_turns() -> None:
    text = (
        "Interviewer: Wann ist die Besprechung?\n"
        "Petra: Um 10:30 Uhr, jeden Dienstag.\n"
        "Wichtig: vorher muss die Akte da sein.\n"
        "Das Problem ist: die Akte fehlt oft.\n"
        "Also: wir warten.\n"
    )
    transcript = read_text(text, case_id="t")
    assert [t.speaker for t in transcript.turns] == ["Interviewer", "Petra"]
    assert transcript.turns[1].text == (
        "Um 10:30 Uhr, jeden Dienstag. Wichtig: vorher muss die Akte da sein. "
        "Das Problem ist: die Akte fehlt oft. Also: wir warten."
    )


def test_otter_style_header_lines_in_text() -> None:
    text = "Speaker 1  0:03\nHow does it start?\n\nSpeaker 2  0:09\nWith an email.\nThen a call.\n"
    transcript = read_text(text, case_id="t")
    assert [(t.speaker, t.start_seconds, t.text) for t in transcript.turns] == [
        ("Speaker 1", 3.0, "How does it start?"),
        ("Speaker 2", 9.0, "With an email. Then a call."),
    ]


def test_label_without_text_takes_the_following_lines() -> None:
    transcript = read_text("Interviewer:\nWhat happens?\nPetra:\nWe print it.\n", case_id="t")
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Interviewer", "What happens?"),
        ("Petra", "We print it."),
    ]


def test_lowercase_labels_count_when_they_recur() -> None:
    text = "kunde: a\nsachbearbeiter: b\nkunde: c\nsachbearbeiter: d\nkunde: e\nsachbearbeiter: f\n"
    assert [t.speaker for t in read_text(text, case_id="t").turns] == ["kunde", "sachbearbeiter"] * 3


def test_first_header_line_is_the_title_without_a_title_key() -> None:
    text = "# Interview Bauamt, 12.03.2024\n\nInterviewer: Frage?\nPetra: Antwort.\n"
    assert read_text(text, case_id="t").title == "Interview Bauamt, 12.03.2024"


def test_text_without_any_label_is_an_error_naming_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("\n\nWe talked about the process.\nIt was long.\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_file(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: no speaker-labelled turns found")


def test_labels_without_any_text_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty-turns.txt"
    path.write_text("Interviewer:\nPetra:\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="no turns found"):
        read_file(path)


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf\n"])
def test_empty_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(TranscriptError, match="empty") as caught:
        read_file(path)
    assert str(path) in str(caught.value)

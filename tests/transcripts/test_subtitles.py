"""WebVTT and SRT as Teams, Zoom and Meet export them."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.errors import TranscriptError
from interviewer.transcripts import read_file, read_text


def test_teams_voice_tags_cues_of_one_speaker_become_one_turn(fixtures: Path) -> None:
    transcript = read_file(fixtures / "teams.vtt")
    assert transcript.source_format == "vtt"
    assert [(t.speaker, t.role) for t in transcript.turns] == [
        ("Jana Wolf", None),
        ("Erik Brandt", "Auftragsmanagement"),
        ("Jana Wolf", None),
        ("Erik Brandt", "Auftragsmanagement"),
    ]
    second = transcript.turns[1]
    # Two cues joined; entities decoded; start of the first cue, end of the last.
    assert second.text == "Der Vertrieb erfasst ihn im CRM, und dann prüfe ich ihn & gebe ihn an die Technik."
    assert (second.start_seconds, second.end_seconds) == (5.0, 13.25)


def test_zoom_vtt_names_in_cues_and_unlabelled_cues_continue(fixtures: Path) -> None:
    transcript = read_file(fixtures / "zoom.vtt")
    assert [t.speaker for t in transcript.turns] == [
        "Interviewer",
        "Karen Walsh",
        "Interviewer",
        "Karen Walsh",
    ]
    assert (
        transcript.turns[1].text
        == "The call centre logs it in ClaimCenter. Then it sits in a queue until the next morning."
    )
    # Cue settings after the timing and inline tags are dropped.
    assert transcript.turns[3].text == "Whoever the team leader allocates it to."
    assert transcript.turns[3].end_seconds == 19.0


def test_srt_multiline_cues_and_roles(fixtures: Path) -> None:
    transcript = read_file(fixtures / "zoom.srt")
    assert transcript.source_format == "srt"
    assert [(t.speaker, t.role, t.is_interviewer) for t in transcript.turns] == [
        ("Moderatorin", None, True),
        ("Dr. Anja Weber", "Station", False),
        ("Moderatorin", None, True),
        ("Stefan Hoffmann", None, False),
    ]
    assert transcript.turns[1].text == "Ich melde den Patienten beim Sozialdienst an. Das geht über das KIS."
    assert (transcript.turns[1].start_seconds, transcript.turns[1].end_seconds) == (4.0, 11.0)


def test_several_voices_in_one_cue_and_style_blocks() -> None:
    text = (
        "WEBVTT\n\nSTYLE\n::cue { color: white }\n\n"
        "00:01.000 --> 00:04.000\n<v.loud Ana>Is it signed?</v> <v Ben>Not yet.</v>\n\n"
        "00:04.500 --> 00:06.000\n<v Ben>Friday, <c.yellow>maybe</c>.</v>\n"
    )
    transcript = read_text(text, case_id="t")
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Ana", "Is it signed?"),
        ("Ben", "Not yet. Friday, maybe."),
    ]
    assert transcript.turns[1].end_seconds == 6.0


def test_dash_speakers_in_one_srt_cue() -> None:
    text = "1\n00:00:01,000 --> 00:00:03,000\n- Ana: Done?\n- Ben: Done.\n"
    transcript = read_text(text, case_id="t", fmt="srt")
    assert [(t.speaker, t.text) for t in transcript.turns] == [("Ana", "Done?"), ("Ben", "Done.")]


def test_cues_without_any_speaker_are_kept_as_unknown() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n\n00:00:02.000 --> 00:00:03.000\nsecond line\n"
    )
    transcript = read_text(text, case_id="t")
    assert [(t.speaker, t.text) for t in transcript.turns] == [("Unknown", "hello there second line")]


def test_malformed_timing_names_the_timing_line(fixtures: Path) -> None:
    with pytest.raises(TranscriptError) as caught:
        read_file(fixtures / "broken_timing.srt")
    assert caught.value.line == 6
    assert "broken_timing.srt:6:" in str(caught.value)
    assert "00:00:04,000 -> 00:00:08,000" in str(caught.value)


def test_unparseable_timestamps_name_the_line() -> None:
    text = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.000\n<v Ana>hi</v>\n"
    with pytest.raises(TranscriptError) as caught:
        read_text(text, case_id="t", source="call.vtt")
    assert caught.value.line == 4
    assert str(caught.value).startswith("call.vtt:4: malformed cue timing")


def test_vtt_without_cues_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.vtt"
    path.write_text("WEBVTT\n\nNOTE nothing was said\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="no cues found"):
        read_file(path)

"""WebVTT and SRT, as Teams, Zoom and Meet export them.

Teams writes voice tags (`<v Petra Schmidt>text</v>`), Zoom and Meet put
"Name: text" in the cue. A cue without a speaker continues the previous
speaker; consecutive cues of one speaker become one turn (start of the first
cue, end of the last), because a recording splits speech every few seconds
while the analysis needs what a person said in one go.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from interviewer.errors import TranscriptError
from interviewer.transcripts.assemble import RawTurn
from interviewer.transcripts.labels import SPEAKER_LINE, Candidate, LabelPolicy

_CUE_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*({_CUE_TIME})\s*-->\s*({_CUE_TIME})(?:\s+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>")
_DASH_SPEAKER = re.compile(r"^\s*[-–]\s+")
_SKIPPED_VTT_BLOCKS = ("NOTE", "STYLE", "REGION")
UNKNOWN_SPEAKER = "Unknown"


@dataclass
class _Segment:
    text: str
    voice: str | None = None
    candidate: Candidate | None = None
    label_rest: str = ""


@dataclass
class _Cue:
    line: int
    start: float
    end: float
    segments: list[_Segment] = field(default_factory=list)


def parse_subtitles(text: str, *, path: str, fmt: str) -> list[RawTurn]:
    """Parse WebVTT (fmt='vtt') or SRT (fmt='srt') into raw turns, one per cue segment."""
    blocks = _blocks(text)
    if fmt == "vtt" and blocks and blocks[0][0][1].lstrip("\ufeff").startswith("WEBVTT"):
        blocks = blocks[1:]
    cues: list[_Cue] = []
    for block in blocks:
        first_text = block[0][1]
        if fmt == "vtt" and first_text.split(" ")[0] in _SKIPPED_VTT_BLOCKS:
            continue
        timing_at = next((i for i, (_, t) in enumerate(block[:2]) if "-->" in t), None)
        if timing_at is None:
            if cues and not first_text.strip().isdigit():
                # A blank line inside a cue's text: keep the words with that cue.
                cues[-1].segments.extend(_segments("\n".join(t for _, t in block)))
                continue
            # After a cue number the timing line must follow: name that line.
            line, found = block[1] if first_text.strip().isdigit() and len(block) > 1 else block[0]
            example = "00:00:01,000 --> 00:00:04,000" if fmt == "srt" else "00:00:01.000 --> 00:00:04.000"
            raise TranscriptError(
                f"expected a cue timing line like '{example}', found {found.strip()!r}", path=path, line=line
            )
        timing_line, timing_text = block[timing_at]
        match = _TIMING.match(timing_text)
        if not match:
            raise TranscriptError(
                f"malformed cue timing {timing_text.strip()!r}", path=path, line=timing_line
            )
        cue = _Cue(line=timing_line, start=_seconds(match[1]), end=_seconds(match[2]))
        cue.segments = _segments("\n".join(t for _, t in block[timing_at + 1 :]))
        cues.append(cue)
    if not cues:
        raise TranscriptError(f"no cues found in this {fmt.upper()} file", path=path, line=1)
    return _raw_turns(cues)


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[-3]) if len(parts) == 3 else 0
    return hours * 3600 + minutes * 60 + seconds


def _segments(payload: str) -> list[_Segment]:
    """Split a cue's text by voice tags and "- Name:" dashes; find "Name:" labels."""
    segments: list[_Segment] = []
    voices = list(_VOICE.finditer(payload))
    pieces: list[tuple[str | None, str]] = []
    if voices:
        if payload[: voices[0].start()].strip():
            pieces.append((None, payload[: voices[0].start()]))
        for index, tag in enumerate(voices):
            end = voices[index + 1].start() if index + 1 < len(voices) else len(payload)
            pieces.append(((tag[1] or "").strip() or None, payload[tag.end() : end]))
    else:
        lines = payload.split("\n")
        if len(lines) > 1 and all(_DASH_SPEAKER.match(line) for line in lines):
            pieces = [(None, _DASH_SPEAKER.sub("", line)) for line in lines]
        else:
            pieces = [(None, payload)]
    for voice, raw in pieces:
        text = html.unescape(_TAG.sub("", raw)).replace("\xa0", " ")
        segment = _Segment(text=" ".join(text.split()), voice=voice)
        if voice is None:
            match = SPEAKER_LINE.match(segment.text)
            if match and match["label"].strip():
                segment.candidate = Candidate(
                    label=match["label"].strip() + (f" ({match['role']})" if match["role"] else ""),
                    has_role=bool(match["role"]),
                    has_timestamp=False,
                )
                segment.label_rest = match["text"].strip()
        segments.append(segment)
    return segments


def _raw_turns(cues: list[_Cue]) -> list[RawTurn]:
    policy = LabelPolicy(_plain_candidate(s.candidate) for c in cues for s in c.segments if s.candidate)
    turns: list[RawTurn] = []
    speaker: str | None = None
    for cue in cues:
        for segment in cue.segments:
            text = segment.text
            if segment.voice:
                speaker = segment.voice
            elif segment.candidate and policy.accepts(_plain_candidate(segment.candidate)):
                speaker, text = segment.candidate.label, segment.label_rest
            if not text:
                continue
            turns.append(
                RawTurn(
                    speaker=speaker or UNKNOWN_SPEAKER, text=text, line=cue.line, start=cue.start, end=cue.end
                )
            )
    return turns


def _plain_candidate(candidate: Candidate | None) -> Candidate:
    """The policy judges the name without the "(Role)" part."""
    assert candidate is not None
    name = candidate.label.split(" (", 1)[0]
    return Candidate(label=name, has_role=candidate.has_role, has_timestamp=False)

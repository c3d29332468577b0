"""Speaker-labelled text: "Name: text", "Name (Role): text", optional
"[00:01:02]" timestamps, and the "Name   0:03" header lines of Teams and
Otter exports. Lines without a label continue the turn before them; lines
before the first turn are the header (its first line, or a "Title:" line,
becomes the title).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.errors import TranscriptError
from interviewer.transcripts.assemble import RawTurn
from interviewer.transcripts.labels import (
    HEADER_LINE,
    SPEAKER_LINE,
    Candidate,
    LabelPolicy,
    parse_timestamp,
    speaker_words,
)

# "**Petra:** text" from Markdown notes: drop the emphasis around the label.
_EMPHASISED_LABEL = re.compile(r"^(\s*)(\*\*|__)(.+?)\2")


@dataclass
class _Line:
    number: int
    text: str
    candidate: Candidate | None = None
    role: str | None = None
    start: float | None = None
    rest: str = ""


@dataclass
class Labelled:
    turns: list[RawTurn]
    title: str | None


def parse_labelled(lines: Sequence[tuple[int, str]], *, path: str, unit: str = "line") -> Labelled:
    """Parse (line number, text) pairs; `unit` names what a number counts in errors."""
    parsed = [_classify(number, text) for number, text in lines]
    policy = LabelPolicy(line.candidate for line in parsed if line.candidate)
    turns: list[RawTurn] = []
    header: list[str] = []
    for line in parsed:
        if line.candidate and policy.accepts(line.candidate):
            turns.append(
                RawTurn(
                    speaker=line.candidate.label,
                    role=line.role,
                    text=line.rest,
                    line=line.number,
                    start=line.start,
                )
            )
        elif turns:
            if line.text.strip():
                turns[-1].text = f"{turns[-1].text} {line.text.strip()}"
        elif line.text.strip():
            header.append(line.text.strip())
    if not turns:
        first = next((n for n, text in lines if text.strip()), None)
        if first is None:
            raise TranscriptError("the transcript is empty", path=path)
        raise TranscriptError(
            f"no speaker-labelled turns found (first text at {unit} {first}); "
            "expected lines like 'Name: text' or 'Name (Role): text'",
            path=path,
            line=first,
        )
    return Labelled(turns=turns, title=_title(header))


def _classify(number: int, text: str) -> _Line:
    line = _Line(number=number, text=text)
    plain = _EMPHASISED_LABEL.sub(r"\1\3", text)
    match = SPEAKER_LINE.match(plain)
    if match:
        timestamp = match["ts1"] or match["ts2"]
        line.candidate = Candidate(
            label=match["label"].strip(), has_role=bool(match["role"]), has_timestamp=bool(timestamp)
        )
        line.role = match["role"]
        line.start = parse_timestamp(timestamp) if timestamp else None
        line.rest = match["text"].strip()
        return line
    header = HEADER_LINE.match(plain)
    if header and parse_timestamp(header["ts"]) is not None:
        line.candidate = Candidate(
            label=header["label"].strip(), has_role=bool(header["role"]), has_timestamp=True
        )
        line.role = header["role"]
        line.start = parse_timestamp(header["ts"])
    return line


def _title(header: list[str]) -> str | None:
    keys = speaker_words().title_keys
    for text in header:
        key, sep, value = text.partition(":")
        if sep and key.strip().strip("#*").strip().lower() in keys and value.strip():
            return value.strip()
    for text in header:
        cleaned = text.strip().lstrip("#").strip().strip("*_").strip()
        if cleaned and ":" not in cleaned:
            return cleaned[:200]
    return None

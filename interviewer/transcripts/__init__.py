"""Transcript readers: speaker-labelled text, WebVTT, SRT, JSON and DOCX.

    from interviewer.transcripts import read_file, read_text
    transcript = read_file(Path("interview.vtt"))          # language detected
    transcript = read_file(Path("notes.txt"), language="de")  # language given
    transcript = read_text("Interviewer: Wie läuft das?\\nPetra: ...", case_id="t1")

The format is chosen by the extension (a generic .txt is looked at too), or
sniffed from the content. Bytes are decoded strictly (UTF-8 with or without
BOM, UTF-16, Windows-1252), and the Transcript records which encoding and
format were used. Anything that cannot be read raises TranscriptError naming
the file and the line (paragraph, for DOCX).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from interviewer.errors import TranscriptError
from interviewer.models import Language, Transcript, Turn
from interviewer.transcripts.sniff import SUPPORTED_SUFFIXES

__all__ = ["SUPPORTED_SUFFIXES", "detect_language", "read_file", "read_text"]


def read_file(path: Path, *, language: Language | None = None) -> Transcript:
    """Read one transcript file. `language` overrides detection."""
    from interviewer.transcripts.sniff import format_for_suffix, is_docx

    path = Path(path)
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TranscriptError(f"cannot read the file: {error.strerror or error}", path=where) from None
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise TranscriptError("the file is empty", path=where)
    fmt = format_for_suffix(path.suffix)
    if fmt == "docx" or (fmt is None and is_docx(data)):
        return _from_docx(data, path=path, language=language)
    from interviewer.transcripts.decoding import decode

    text, encoding = decode(data, path=where)
    transcript = _parse(text, case_id=path.stem or path.name, fmt=fmt, source=where, encoding=encoding)
    return _with_language(transcript, language)


def read_text(text: str, *, case_id: str, fmt: str | None = None, source: str | None = None) -> Transcript:
    """Parse transcript text already in memory (an upload, a pasted interview).

    `fmt` is 'text', 'vtt', 'srt' or 'json'; None sniffs it from the content.
    The language is detected; `source` names the origin in error messages.
    """
    from interviewer.transcripts.sniff import normalise_format

    where = source or f"<{case_id}>"
    chosen = None
    if fmt is not None:
        chosen = normalise_format(fmt)
        if chosen is None or chosen == "docx":
            raise TranscriptError(
                f"unknown text format {fmt!r}; use text, vtt, srt or json (DOCX is read from a file)",
                path=where,
            )
    if not text.strip(" \t\r\n\ufeff"):
        raise TranscriptError("the transcript is empty", path=where)
    return _with_language(_parse(text.lstrip("\ufeff"), case_id=case_id, fmt=chosen, source=source), None)


def detect_language(turns: Sequence[Turn]) -> Language:
    """German or English, from the function words in the turns."""
    from interviewer.transcripts.language import detect_language as detect

    return detect(turns)


def _parse(
    text: str, *, case_id: str, fmt: str | None, source: str | None, encoding: str | None = None
) -> Transcript:
    from interviewer.transcripts.assemble import build_turns
    from interviewer.transcripts.sniff import sniff_text

    where = source or f"<{case_id}>"
    fmt = fmt or sniff_text(text)
    title: str | None = None
    language: Language | None = None
    if fmt in ("vtt", "srt"):
        from interviewer.transcripts.subtitles import parse_subtitles

        turns = build_turns(parse_subtitles(text, path=where, fmt=fmt), merge_consecutive=True, path=where)
    elif fmt == "json":
        from interviewer.transcripts.json_format import parse_json

        parsed = parse_json(text, path=where)
        turns = build_turns(parsed.turns, merge_consecutive=False, path=where)
        title = parsed.title
        language = parsed.language
    else:
        from interviewer.transcripts.labelled import parse_labelled

        labelled = parse_labelled(list(enumerate(text.splitlines(), start=1)), path=where)
        turns = build_turns(labelled.turns, merge_consecutive=False, path=where)
        title = labelled.title
    return Transcript(
        case_id=case_id,
        language=language,
        title=title,
        source=source,
        source_format=fmt,
        encoding=encoding,
        turns=turns,
    )


def _from_docx(data: bytes, *, path: Path, language: Language | None) -> Transcript:
    from interviewer.transcripts.assemble import build_turns
    from interviewer.transcripts.docx_format import parse_docx

    where = str(path)
    labelled, header_style = parse_docx(data, path=where)
    transcript = Transcript(
        case_id=path.stem or path.name,
        title=labelled.title,
        source=where,
        source_format="docx",
        turns=build_turns(labelled.turns, merge_consecutive=header_style, path=where),
    )
    return _with_language(transcript, language)


def _with_language(transcript: Transcript, language: Language | None) -> Transcript:
    if language is None and transcript.language is not None:
        return transcript
    chosen = language or detect_language(transcript.turns)
    return transcript.model_copy(update={"language": chosen})

"""Choose a transcript's format: by extension, else by looking at the content.

A ".txt" file is looked at too, because Zoom and several recorders save
WebVTT or SRT content under that generic name.
"""

from __future__ import annotations

import re

FORMATS = ("text", "vtt", "srt", "json", "docx")

BY_SUFFIX = {".txt": "text", ".vtt": "vtt", ".srt": "srt", ".json": "json", ".docx": "docx"}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(BY_SUFFIX)

_ALIASES = {"txt": "text", "labelled": "text", "webvtt": "vtt", "subrip": "srt"}
_SRT_START = re.compile(r"^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")
_CUE_TIMING = re.compile(r"^\s*(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->", re.MULTILINE)


def normalise_format(fmt: str) -> str | None:
    name = fmt.lower().lstrip(".")
    name = _ALIASES.get(name, name)
    return name if name in FORMATS else None


def format_for_suffix(suffix: str) -> str | None:
    """The format an extension fixes; None for unknown or generic (.txt) ones."""
    fmt = BY_SUFFIX.get(suffix.lower())
    return None if fmt == "text" else fmt


def is_docx(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def sniff_text(text: str) -> str:
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    # "[" alone is not enough: "[00:01:02] Petra: ..." is labelled text. A broken
    # JSON file still goes to the JSON reader, which names the line.
    if head.startswith("{") or (head.startswith("[") and head[1:].lstrip()[:1] in ("{", "]")):
        return "json"
    if _SRT_START.match(head):
        return "srt"
    timings = _CUE_TIMING.findall(head[:4000])
    if len(timings) >= 2:
        # SRT separates milliseconds with a comma, WebVTT with a dot.
        return "srt" if "," in timings[0] else "vtt"
    return "text"

"""Turn a transcript file's bytes into text, strictly, and say which encoding it was.

Exports from Teams, Zoom and Word arrive as UTF-8 (with or without BOM),
UTF-16 (with BOM, sometimes without) or Windows-1252 from older Windows
tools. Every decode is strict: a byte that does not fit is an error naming
the line, never a silent replacement character in someone's quote.
"""

from __future__ import annotations

import codecs
import re

from interviewer.errors import TranscriptError

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Control characters that never occur in a text transcript; their presence
# means a binary file was given (tab, newline, carriage return, form feed are fine).
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, *, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Raises TranscriptError naming the line."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec, path=path)
            return _checked(text, path=path), name
    guessed = _utf16_without_bom(data)
    if guessed:
        return _checked(_strict(data, guessed, path=path), path=path), guessed
    try:
        return _checked(data.decode("utf-8"), path=path), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            # Windows-1252 leaves five bytes undefined, so this can still fail.
            return _checked(data.decode("cp1252"), path=path), "windows-1252"
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            byte = data[utf8_error.start]
            raise TranscriptError(
                f"cannot decode byte 0x{byte:02x}: the file is neither UTF-8, UTF-16 nor Windows-1252",
                path=path,
                line=line,
            ) from None


def _strict(data: bytes, codec: str, *, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        # Count lines in what did decode, so the line is right for 2-byte codecs too.
        good = data[: error.start].decode(codec, errors="replace")
        raise TranscriptError(
            f"invalid {codec.upper()} at byte {error.start}: {error.reason}",
            path=path,
            line=good.count("\n") + 1,
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise UTF-16 without BOM by its NUL bytes on every other position."""
    sample = data[:400]
    if len(sample) < 8 or sample.count(0) < len(sample) // 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.7 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.7 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def _checked(text: str, *, path: str) -> str:
    match = _BINARY.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise TranscriptError(
            f"binary content (control character {match.group()!r}); not a text transcript",
            path=path,
            line=line,
        )
    return text

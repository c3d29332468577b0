"""DOCX transcripts: the Teams export ("Petra Schmidt   0:03" header
paragraphs, each followed by what was said) and Word documents written as
"Name: text" paragraphs. Both go through the speaker-labelled parser;
positions in errors are paragraph numbers.
"""

from __future__ import annotations

import io

from interviewer.errors import TranscriptError
from interviewer.transcripts.labelled import Labelled, parse_labelled
from interviewer.transcripts.labels import HEADER_LINE


def docx_lines(data: bytes, *, path: str) -> list[tuple[int, str]]:
    """(paragraph number, text) for every line of every paragraph, tables included."""
    import zipfile

    import docx  # python-docx pulls in lxml: imported only when a DOCX is read

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TranscriptError(f"not a readable DOCX file ({error})", path=path) from None
    except Exception as error:  # python-docx raises several private error types for broken parts
        raise TranscriptError(
            f"not a readable DOCX file ({type(error).__name__}: {error})", path=path
        ) from None
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            # A two-column table reads as "speaker: text"; wider ones as one line.
            paragraphs.append(f"{cells[0]}: {cells[1]}" if len(cells) == 2 else "  ".join(cells))
    lines: list[tuple[int, str]] = []
    for number, text in enumerate(paragraphs, start=1):
        # Soft line breaks (Shift+Enter) separate the header from the text in some exports.
        lines.extend((number, part) for part in text.replace("\v", "\n").split("\n"))
    return lines


def parse_docx(data: bytes, *, path: str) -> tuple[Labelled, bool]:
    """Return the parsed turns and whether they come from Teams-style headers
    (whose consecutive blocks of one speaker are joined into one turn)."""
    lines = docx_lines(data, path=path)
    if not any(text.strip() for _, text in lines):
        raise TranscriptError("the document has no text", path=path)
    header_style = any(HEADER_LINE.match(text) for _, text in lines)
    return parse_labelled(lines, path=path, unit="paragraph"), header_style

"""Grounding, checked in code: a quote counts only if it is really in the turn it cites.

Comparison ignores case, runs of whitespace, typographic quote marks and
dashes, and an ellipsis the model used to skip words; beyond that a small
fuzzy tolerance absorbs a slip of a character or two (a missing comma, one
changed letter). The quote that goes into the result is then the span of
the transcript itself, never the model's wording.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TRANSLATE = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‹": "<",
        "›": ">",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[\.\.\.\]|\(\.\.\.\))\s*")
_EDGE_PUNCTUATION = " \t\n\"'.,;:!?()[]-"
MIN_FUZZY_CHARS = 12  # shorter quotes must match exactly


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with single spaces, and for each character its index in `text`."""
    chars: list[str] = []
    positions: list[int] = []
    previous_space = True
    for index, char in enumerate(text.translate(_TRANSLATE)):
        if char.isspace():
            if previous_space:
                continue
            chars.append(" ")
            positions.append(index)
            previous_space = True
            continue
        for lowered in char.casefold():
            chars.append(lowered)
            positions.append(index)
        previous_space = False
    while chars and chars[-1] == " ":
        chars.pop()
        positions.pop()
    return "".join(chars), positions


def _find(part: str, haystack: str, start: int, tolerance: float) -> tuple[int, int] | None:
    """(start, end) of `part` in `haystack` at or after `start`, exactly or within tolerance."""
    exact = haystack.find(part, start)
    if exact >= 0:
        return exact, exact + len(part)
    if len(part) < MIN_FUZZY_CHARS or tolerance <= 0:
        return None
    region = haystack[start:]
    anchor = SequenceMatcher(None, region, part, autojunk=False).find_longest_match(
        0, len(region), 0, len(part)
    )
    if anchor.size == 0:
        return None
    slack = max(3, len(part) // 5)
    low = max(0, anchor.a - anchor.b - slack)
    window = region[low : anchor.a - anchor.b + len(part) + slack]
    blocks = [b for b in SequenceMatcher(None, window, part, autojunk=False).get_matching_blocks() if b.size]
    matched = sum(block.size for block in blocks)
    if not blocks or matched < (1 - tolerance) * len(part):
        return None
    first, last = blocks[0], blocks[-1]
    return start + low + first.a, start + low + last.a + last.size


def locate(quote: str, text: str, *, tolerance: float = 0.1) -> str | None:
    """The verbatim span of `text` that `quote` cites, or None when it is not there."""
    norm_text, positions = normalise(text)
    norm_quote, _ = normalise(quote)
    parts = [p.strip(_EDGE_PUNCTUATION) for p in _ELLIPSIS.split(norm_quote)]
    parts = [p for p in parts if p]
    if not parts or not norm_text:
        return None
    cursor = 0
    first_start: int | None = None
    for part in parts:
        found = _find(part, norm_text, cursor, tolerance)
        if found is None:
            return None
        if first_start is None:
            first_start = found[0]
        cursor = found[1]
    assert first_start is not None
    return text[positions[first_start] : positions[cursor - 1] + 1]

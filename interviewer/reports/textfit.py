"""Fitting text into SVG boxes without a browser.

SVG has no automatic line wrapping and the report ships no JavaScript, so we
estimate the width of a string from typical glyph widths of a sans-serif
font (as a fraction of the font size) and wrap by words. Overestimating a
little is safer than text running out of its box.
"""

from __future__ import annotations

import re

NARROW = frozenset("il.,:;'|!()[]{}ſ1 ")
SEMI_NARROW = frozenset('fjrtI-/"')
WIDE = frozenset("mwMW@%")
ELLIPSIS = "…"


def char_width(char: str) -> float:
    if char in NARROW:
        return 0.30
    if char in SEMI_NARROW:
        return 0.40
    if char in WIDE:
        return 0.86
    if char.isupper() or char.isdigit():
        return 0.66 if char.isupper() else 0.57
    if ord(char) > 0x2000:  # symbols and emoji are drawn wide
        return 1.0
    return 0.53


def text_width(text: str, font_size: float) -> float:
    return sum(char_width(c) for c in text) * font_size


def truncate(text: str, max_width: float, font_size: float) -> str:
    if text_width(text, font_size) <= max_width:
        return text
    budget = max_width - text_width(ELLIPSIS, font_size)
    out = []
    used = 0.0
    for char in text:
        used += char_width(char) * font_size
        if used > budget:
            break
        out.append(char)
    return "".join(out).rstrip() + ELLIPSIS


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Words, further split after hyphens and slashes; the flag says whether a space precedes."""
    tokens: list[tuple[str, bool]] = []
    for word in text.split():
        for k, part in enumerate(re.split(r"(?<=[-/])(?=.)", word)):
            tokens.append((part, k == 0))
    return tokens


VOWELS = frozenset("aeiouäöüyáéíóúàèìòù")
UNSPLIT = frozenset({"ch", "ck", "sc", "ph", "th"})


def _syllable_breaks(word: str) -> list[int]:
    """Positions where a rough syllable rule allows a hyphen: before a consonant
    that starts a syllable (vowel-consonant-vowel, or consonant pair before a
    vowel), never inside ch/ck/sch. Good enough for German compounds."""
    low = word.lower()
    breaks = []
    for k in range(2, len(low) - 2):
        consonant, vowel_next = low[k] not in VOWELS and low[k].isalpha(), low[k + 1] in VOWELS
        if not (consonant and vowel_next) or low[k - 1 : k + 1] in UNSPLIT:
            continue
        if k >= 3 and (low[k - 1] in VOWELS or low[k - 2] in VOWELS):
            breaks.append(k)
    return breaks


def _hyphenate(word: str, max_width: float, font_size: float) -> list[str]:
    """Cut a word longer than the line into hyphenated pieces (German compounds are long)."""
    pieces = []
    while text_width(word, font_size) > max_width and len(word) > 3:
        fitting = [k for k in _syllable_breaks(word) if text_width(word[:k] + "-", font_size) <= max_width]
        if fitting:
            k = fitting[-1]
        else:  # no syllable break fits: cut at the last character that does
            k = len(word) - 1
            while k > 2 and text_width(word[:k] + "-", font_size) > max_width:
                k -= 1
        pieces.append(word[:k] + "-")
        word = word[k:]
    return [*pieces, word]


def wrap(text: str, max_width: float, font_size: float, max_lines: int) -> list[str]:
    """Greedy word wrap with hyphenation; the last line ends in an ellipsis when text is cut."""
    lines: list[str] = []
    current = ""
    for token, spaced in _tokens(text):
        candidate = f"{current} {token}" if current and spaced else current + token
        if text_width(candidate, font_size) <= max_width:
            current = candidate
            continue
        if current and text_width(token, font_size) > max_width:
            # The word needs cutting anyway: start it on this line.
            room = max_width - text_width(current + (" " if spaced else ""), font_size)
            head, *tail = _hyphenate(token, room, font_size) if room > 3 * font_size else [token]
            if tail and head.endswith("-") and len(head) > 3:
                current += (" " if spaced else "") + head
                token = token[len(head) - 1 :]
        if current:
            lines.append(current)
        *full, current = _hyphenate(token, max_width, font_size)
        lines.extend(full)
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], truncate(rest, max_width, font_size)]
    return lines or [""]

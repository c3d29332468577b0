"""Which tool or system a step uses: SAP, Excel, email, a portal, paper, ..."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from interviewer.engines.offline.lexicon import load_file


@dataclass(frozen=True)
class _SystemPatterns:
    words: re.Pattern[str]  # case-insensitive aliases
    exact: re.Pattern[str]  # acronyms that only count in capitals
    names: dict[str, str]  # alias (lower) -> reported name
    compound: re.Pattern[str]  # German compound endings: "Bestellportal"
    compound_names: dict[str, str]


@cache
def _patterns() -> _SystemPatterns:
    data = load_file("systems.yaml")
    exact = set(data.get("exact", []))
    names: dict[str, str] = {}
    for entry in data["systems"]:
        for alias in entry["aliases"]:
            names[alias.lower()] = entry["name"]
    plain = [alias for alias in names if alias.upper() not in exact]
    ordered = sorted(plain, key=len, reverse=True)
    words = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in ordered) + r")(?![\w])",
        re.IGNORECASE,
    )
    exact_re = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(re.escape(a) for a in sorted(exact, key=len, reverse=True))
        + r")(?![a-z])"
    )
    for acronym in exact:
        names.setdefault(acronym.lower(), acronym)
    compound_names = {k: v for k, v in data.get("compound_parts", {}).items() if v}
    compound = re.compile(r"(?<=\w)(" + "|".join(compound_names) + r")(?:n|s|en)?\b", re.IGNORECASE)
    return _SystemPatterns(words, exact_re, names, compound, compound_names)


def find_system(text: str) -> str | None:
    """The first system the text mentions, by its reported name."""
    patterns = _patterns()
    hits: list[tuple[int, str]] = []
    match = patterns.words.search(text)
    if match:
        alias = re.sub(r"\s+", " ", match.group().lower())
        hits.append((match.start(), patterns.names[alias]))
    match = patterns.exact.search(text)
    if match:
        hits.append((match.start(), patterns.names[match.group().lower()]))
    match = patterns.compound.search(text)
    if match:
        hits.append((match.start(), patterns.compound_names[match.group(1).lower()]))
    return min(hits)[1] if hits else None

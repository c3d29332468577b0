"""Words, numbers and durations in the language of the interview.

The words live in labels.yaml beside this module (data, not code); this
module loads them once and formats the numbers the reports print, so that
"672 hours" reads as "4 weeks" in English and "4 Wochen" in German.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import cast

from interviewer.models import Language

LABELS_FILE = Path(__file__).with_name("labels.yaml")

# Calendar conversions used for display only. A month is a twelfth of a
# 365-day year, so that "six months" (4380 h in the eval cases) prints as such.
HOURS_PER_DAY = 24.0
HOURS_PER_WEEK = 168.0
HOURS_PER_MONTH = 730.0
HOURS_PER_YEAR = 8760.0

Entry = dict[str, str | list[str]]


@lru_cache(maxsize=1)
def load_labels() -> dict[str, Entry]:
    import yaml

    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    return cast(dict[str, Entry], data)


class Labels:
    """The labels of one language, plus number and duration formatting."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._table = load_labels()

    def __call__(self, key: str, **values: object) -> str:
        entry = self._table.get(key)
        if entry is None:
            raise KeyError(f"report label {key!r} is missing from {LABELS_FILE.name}")
        text = entry[self.language]
        if not isinstance(text, str):
            raise TypeError(f"report label {key!r} is not a plain string")
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        """A label that may legitimately be absent (e.g. a category slug added later)."""
        return self(key) if key in self._table else default

    def _unit(self, unit: str, count: float) -> str:
        forms = self._table[f"unit_{unit}"][self.language]
        return forms[0] if count == 1 else forms[1]

    def number(self, value: float, digits: int = 1) -> str:
        """1.5 -> '1.5' / '1,5'; 2.0 -> '2'."""
        text = f"{value:.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", self("decimal_separator"))

    def percent(self, fraction: float | None, missing: str = "—") -> str:
        if fraction is None:
            return missing
        pct = fraction * 100
        if 0 < pct < 0.1:
            return f"< {self.number(0.1)} %"  # "0 %" would say no work is done at all
        digits = 0 if pct >= 10 else 1
        return f"{self.number(pct, digits)} %"

    def duration(self, hours: float | None, *, short: bool = False, missing: str = "—") -> str:
        """A human duration: 0.25 -> '15 minutes', 672 -> '4 weeks', 4380 -> '6 months'."""
        if hours is None:
            return missing
        if hours <= 0:
            return f"0 {self._short('minute') if short else self._unit('minute', 0)}"
        unit, size = _unit_for(hours)
        count = _round_count(hours / size)
        word = self._short(unit) if short else self._unit(unit, count)
        return f"{self.number(count)} {word}"

    def _short(self, unit: str) -> str:
        return self(f"unit_{unit}_short")

    def hours(self, hours: float | None, missing: str = "—") -> str:
        """Exact hours, for formulas and tables: '48 h'."""
        if hours is None:
            return missing
        return f"{self.number(hours, 2)} h"


def _unit_for(hours: float) -> tuple[str, float]:
    # Thresholds chosen so that the number stays small and readable:
    # up to 2 days in hours, up to 2 weeks in days, up to ~2 months in weeks.
    if hours < 1:
        return "minute", 1 / 60
    if hours < 48:
        return "hour", 1.0
    if hours < 14 * HOURS_PER_DAY:
        return "day", HOURS_PER_DAY
    if hours < 9 * HOURS_PER_WEEK:
        return "week", HOURS_PER_WEEK
    if hours < 18 * HOURS_PER_MONTH:
        return "month", HOURS_PER_MONTH
    return "year", HOURS_PER_YEAR


def _round_count(count: float) -> float:
    """Whole numbers from 10 up, halves below: '2.5 weeks', '12 days'."""
    if count >= 10:
        return float(round(count))
    return max(math.floor(count * 2 + 0.5) / 2, 0.5)

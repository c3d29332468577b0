"""Does a quote state a time? Durations and waits from the LLM are kept only then.

The offline engine's parser of spoken time expressions is the authority
(interviewer.engines.offline.time_expressions.find_times: "about two weeks",
"drei Tage", "every Friday", "bis zum nächsten Monatslauf"); the same words
count for both engines. A coarse word list (data/time_words.yaml) stands in
only if that module cannot be imported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from importlib import resources

import yaml

from interviewer.models import Language


@functools.cache
def _offline_parser() -> Callable[[str, Language], Sequence[object]] | None:
    try:
        from interviewer.engines.offline.time_expressions import find_times
    except ImportError:
        return None
    return find_times


@functools.cache
def _fallback_pattern(language: str) -> re.Pattern[str]:
    text = resources.files("interviewer.engines.llm").joinpath("data/time_words.yaml").read_text("utf-8")
    data = yaml.safe_load(text)

    def words(key: str) -> str:
        items = set(data[key]["en"]) | set(data[key][language if language in data[key] else "en"])
        return "|".join(sorted((re.escape(str(w)) for w in items), key=len, reverse=True))

    number = rf"(?:\d+(?:[.,]\d+)?|{words('numbers')})"
    return re.compile(
        rf"(?<!\w)(?:{number}(?:\s*[-–]\s*\d+)?\s+(?:\w+\s+)?(?:{words('units')})|{words('phrases')})(?!\w)",
        re.IGNORECASE,
    )


def states_time(text: str, language: Language) -> bool:
    """True when `text` contains a spoken time: "two weeks", "drei Tage", "every Friday"."""
    parser = _offline_parser()
    if parser is not None:
        return bool(parser(text, language))
    return bool(_fallback_pattern(language).search(text))

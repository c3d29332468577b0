"""JSON transcripts: a list of {speaker, text} objects (optional role, start,
end, is_interviewer), or an object {"turns": [...]} with optional "title"
and "language".

Each turn is decoded on its own (json.JSONDecoder.raw_decode) so that an
error can name the line where the broken turn starts, which json.loads
alone cannot tell for a missing field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from interviewer.errors import TranscriptError
from interviewer.models import Language
from interviewer.transcripts.assemble import RawTurn
from interviewer.transcripts.labels import parse_timestamp

_SPEAKER_KEYS = ("speaker", "name", "speaker_name")
_TEXT_KEYS = ("text", "content", "utterance")
_START_KEYS = ("start", "start_seconds", "start_time")
_END_KEYS = ("end", "end_seconds", "end_time")
_TURNS_KEY = re.compile(r'"turns"\s*:\s*\[')


@dataclass
class JsonTranscript:
    turns: list[RawTurn]
    title: str | None = None
    language: Language | None = None


def parse_json(text: str, *, path: str) -> JsonTranscript:
    decoder = json.JSONDecoder()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise TranscriptError(
            f"invalid JSON: {error.msg} (column {error.colno})", path=path, line=error.lineno
        ) from None
    if isinstance(document, list):
        array_at = text.index("[")
        meta: dict[str, Any] = {}
    elif isinstance(document, dict) and isinstance(document.get("turns"), list):
        found = _TURNS_KEY.search(text)
        array_at = found.end() - 1 if found else text.index("[")
        meta = document
    else:
        raise TranscriptError(
            'expected a list of turns or an object with a "turns" list, each turn {"speaker": ..., "text": ...}',
            path=path,
            line=1,
        )
    turns = [
        _turn(item, line, index, path)
        for index, (item, line) in enumerate(_items(text, array_at, decoder), 1)
    ]
    title = meta.get("title")
    language = meta.get("language")
    return JsonTranscript(
        turns=turns,
        title=title if isinstance(title, str) and title.strip() else None,
        language="de" if language == "de" else "en" if language == "en" else None,
    )


def _items(text: str, array_at: int, decoder: json.JSONDecoder) -> list[tuple[Any, int]]:
    """Each element of the array starting at `array_at`, with its line number."""
    items: list[tuple[Any, int]] = []
    position = array_at + 1
    while True:
        position = _skip_space(text, position)
        if text[position] == "]":
            return items
        item, end = decoder.raw_decode(text, position)
        items.append((item, text.count("\n", 0, position) + 1))
        position = _skip_space(text, end)
        if text[position] == ",":
            position += 1


def _skip_space(text: str, position: int) -> int:
    while text[position] in " \t\r\n":
        position += 1
    return position


def _turn(item: Any, line: int, index: int, path: str) -> RawTurn:
    where = f"turn {index}: "
    if not isinstance(item, dict):
        raise TranscriptError(
            f'{where}expected an object like {{"speaker": ..., "text": ...}}', path=path, line=line
        )
    speaker = _first(item, _SPEAKER_KEYS)
    text = _first(item, _TEXT_KEYS)
    if not isinstance(speaker, str) or not speaker.strip():
        raise TranscriptError(f"{where}'speaker' is missing or not a non-empty string", path=path, line=line)
    if not isinstance(text, str):
        raise TranscriptError(f"{where}'text' is missing or not a string", path=path, line=line)
    role = item.get("role")
    if role is not None and not isinstance(role, str):
        raise TranscriptError(f"{where}'role' must be a string", path=path, line=line)
    flag = item.get("is_interviewer")
    if flag is not None and not isinstance(flag, bool):
        raise TranscriptError(f"{where}'is_interviewer' must be true or false", path=path, line=line)
    return RawTurn(
        speaker=speaker.strip(),
        text=text,
        line=line,
        role=role,
        start=_time(_first(item, _START_KEYS), "start", where, path, line),
        end=_time(_first(item, _END_KEYS), "end", where, path, line),
        is_interviewer=flag,
    )


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((item[key] for key in keys if key in item), None)


def _time(value: Any, name: str, where: str, path: str, line: int) -> float | None:
    """Seconds as a number, or a "00:01:02" string."""
    if value is None:
        return None
    if isinstance(value, bool):
        seconds = None
    elif isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        seconds = parse_timestamp(value)
    else:
        seconds = None
    if seconds is None or seconds < 0:
        raise TranscriptError(
            f"{where}'{name}' must be seconds or a time like '00:01:02'", path=path, line=line
        )
    return seconds

"""How data is put into a prompt: delimited, escaped, pseudonymised.

A transcript is data, never instructions. It goes between <transcript> and
</transcript>, one turn per line, and anything inside it that looks like one
of our delimiters is defused (its angle brackets become ‹ ›), so that no
text in an interview can close the data block and speak as the prompt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from pydantic import BaseModel

from interviewer.engines.llm.pseudonymise import Pseudonymiser
from interviewer.models import Turn
from interviewer.prompts import RenderedPrompt, render

DELIMITERS = ("transcript", "analysis", "previous_answer")
_DELIMITER = re.compile(r"<(\s*/?\s*(?:" + "|".join(DELIMITERS) + r")\b[^>]*)>?", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")

LANGUAGE_NAMES = {"en": {"en": "English", "de": "German"}, "de": {"en": "Englisch", "de": "Deutsch"}}


def defuse(text: str) -> str:
    """Make every delimiter-like tag inside data harmless: <transcript> -> ‹transcript›."""
    return _DELIMITER.sub(lambda match: f"‹{match.group(1)}›", text)


def one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def render_turns(turns: Sequence[Turn], pseudo: Pseudonymiser) -> str:
    """`T<n> | speaker (role): text`, one line per turn; the interviewer is marked."""
    lines = []
    for turn in turns:
        speaker = pseudo.apply(one_line(turn.speaker))
        if turn.role:
            speaker += f" ({pseudo.apply(one_line(turn.role))})"
        if turn.is_interviewer:
            speaker += " [interviewer]"
        lines.append(f"T{turn.number} | {defuse(speaker)}: {defuse(pseudo.apply(one_line(turn.text)))}")
    return "\n".join(lines)


def render_data(data: object) -> str:
    """Structured data for a prompt: JSON, with delimiters inside strings defused."""
    return defuse(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def output_format(method: str, language: str, schema: type[BaseModel]) -> RenderedPrompt:
    """The instruction on the answer's form: json_mode carries the schema in the prompt."""
    if method == "json_mode":
        text = json.dumps(schema.model_json_schema(), ensure_ascii=False, separators=(",", ":"))
        return render("formats", "json_mode", language, {"schema": text})
    return render("formats", "structured", language, {})


def system_prompt(
    purpose: str, language: str, method: str, schema: type[BaseModel]
) -> tuple[RenderedPrompt, RenderedPrompt]:
    """The system message and the format template it embeds: the same for every transcript."""
    form = output_format(method, language, schema)
    return render(purpose, "system", language, {"output_format": form.text}), form

"""The interviewer's words: question templates per gap and language.

Templates are data (templates/en.yaml, templates/de.yaml), validated on
load: every gap kind has several phrasings in both languages. The choice is
deterministic (the same state always gives the same question, so a retried
answer gives the same result) yet varied: the phrasings of one kind are
used in turn, starting at a place that depends on the interview's id, and a
text already asked is never asked again.
"""

from __future__ import annotations

import hashlib
import re
import string
from functools import cache, lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from interviewer.errors import ConfigurationError
from interviewer.models import Language

# Every kind of gap the conductor can ask about.
GAP_KINDS: tuple[str, ...] = (
    "role",
    "trigger",
    "start",
    "next",
    "continue",
    "before",
    "actor",
    "vague",
    "wait",
    "duration",
    "time_gap",
    "exceptions",
    "value",
    "lead_time",
    "customer",
    "anything_else",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Template(_Strict):
    id: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Labels(_Strict):
    interviewer: str
    interviewee: str
    quote_open: str
    quote_close: str


class Readback(_Strict):
    intro: list[Template] = Field(min_length=1)
    trigger: str
    customer: str
    step: str
    actor: str
    system: str
    wait: str
    duration: str
    lead: str
    no_steps: str
    question: list[str] = Field(min_length=1)


class Summary(_Strict):
    title: str
    lead: str
    waiting: str
    handoffs: str
    findings: str
    proposals: str
    saving: str
    none: str
    report: str


class TemplateSet(_Strict):
    labels: Labels
    opening: list[Template] = Field(min_length=1)
    consent: list[Template] = Field(min_length=1)
    questions: dict[str, list[Template]]
    acks: dict[str, list[str]]
    readback: Readback
    closing: list[Template] = Field(min_length=1)
    declined: list[Template] = Field(min_length=1)
    summary: Summary
    units: dict[str, tuple[str, str]]
    gap_descriptions: dict[str, str]


@cache
def templates(language: Language) -> TemplateSet:
    """The templates of one language, validated (a broken file names the field)."""
    name = f"templates/{language}.yaml"
    try:
        raw = resources.files("interviewer.interview").joinpath(name).read_text("utf-8")
        data = yaml.safe_load(raw)
        loaded = TemplateSet.model_validate(data)
    except FileNotFoundError as error:
        raise ConfigurationError(f"interviewer/interview/{name} is missing") from error
    except yaml.YAMLError as error:
        raise ConfigurationError(f"interviewer/interview/{name}: not valid YAML: {error}") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigurationError(f"interviewer/interview/{name}: field {where}: {first['msg']}") from error
    undescribed = [kind for kind in GAP_KINDS if kind not in loaded.gap_descriptions]
    if undescribed:
        raise ConfigurationError(
            f"interviewer/interview/{name}: no gap_descriptions for {', '.join(undescribed)}"
        )
    missing = [kind for kind in GAP_KINDS if len(loaded.questions.get(kind, [])) < 2]
    if missing:
        raise ConfigurationError(
            f"interviewer/interview/{name}: fewer than two phrasings for {', '.join(missing)}"
        )
    for kind in ("skip", "correction", "stop", "language"):
        if not loaded.acks.get(kind):
            raise ConfigurationError(f"interviewer/interview/{name}: field acks.{kind}: no text")
    return loaded


def fill(text: str, values: dict[str, str], *, where: str) -> str:
    """Fill {placeholders} strictly: a placeholder without a value is an error."""
    needed = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    missing = needed - values.keys()
    if missing:
        raise ConfigurationError(f"template {where}: no value for {', '.join(sorted(missing))}")
    return text.format_map({key: values[key] for key in needed})


@lru_cache(maxsize=8192)
def normalised(text: str) -> str:
    """A question's words, for comparing whether it was asked before. (Every
    turn compares against every question asked so far: remembered per text.)"""
    return re.sub(r"\W+", " ", text.lower()).strip()


def _offset(seed: str, kind: str, count: int) -> int:
    digest = hashlib.sha256(f"{seed}:{kind}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % count


def choose(
    options: list[Template],
    *,
    seed: str,
    kind: str,
    used_ids: list[str],
    used_texts: set[str],
    values: dict[str, str],
) -> Template | None:
    """The next phrasing of this kind: the least used one, in a rotation that
    starts at a per-interview place; never a text that was asked before."""
    start = _offset(seed, kind, len(options))
    uses = {template.id: used_ids.count(template.id) for template in options}
    ordered = [options[(start + i) % len(options)] for i in range(len(options))]
    ordered.sort(key=lambda template: uses[template.id])  # stable: keeps the rotation among equals
    for template in ordered:
        text = fill(template.text, values, where=template.id)
        if normalised(text) not in used_texts:
            return Template(id=template.id, text=text)
    return None


def quoted(action: str, language: Language) -> str:
    labels = templates(language).labels
    return f"{labels.quote_open}{action.strip()}{labels.quote_close}"


# -- times in words --------------------------------------------------------

_UNITS: tuple[tuple[str, float], ...] = (
    ("year", 8760.0),
    ("month", 730.0),
    ("week", 168.0),
    ("day", 24.0),
    ("hour", 1.0),
    ("minute", 1 / 60),
)


def hours_in_words(hours: float, language: Language) -> str:
    """168 -> "1 week", 60 -> "2.5 days" / "2,5 Tage", 0.5 -> "30 minutes"."""
    units = templates(language).units
    for unit, size in _UNITS:
        amount = hours / size
        if amount >= 1 or unit == "minute":
            rounded = round(amount * 2) / 2 if amount < 10 else round(amount)
            number = f"{rounded:g}"
            if language == "de":
                number = number.replace(".", ",")
            singular, plural = units[unit]
            return f"{number} {singular if rounded == 1 else plural}"
    return f"{hours:g} h"  # pragma: no cover - the loop always returns

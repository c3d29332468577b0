"""The data files of the analysis package (cues, parameters, text templates)
and the small helpers that turn numbers and steps into readable text.

Texts live in templates/*.yaml, one file per redesign pattern plus common.yaml
and step-review.yaml, each with an `en` and a `de` section. A text field is a
string or a list of sentences; a sentence may carry `when: VAR` (kept only
when that variable is non-empty) or `unless: VAR`. Rendering is strict: a
placeholder without a value is an error naming the file and the field, so a
typo in a template fails a test instead of shipping "{owner}" to a reader.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from interviewer.errors import CatalogueError
from interviewer.models import Language, Step

_HERE = Path(__file__).resolve().parent
TEMPLATE_DIR = _HERE / "templates"
DATA_DIR = _HERE / "data"


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CatalogueError(f"cannot read: {error}", path=str(path)) from error
    if not isinstance(data, dict):
        raise CatalogueError("expected a mapping at the top level", path=str(path))
    return data


@cache
def parameters() -> dict[str, Any]:
    return _load_yaml(DATA_DIR / "parameters.yaml")


@cache
def _cues() -> dict[str, dict[str, tuple[str, ...]]]:
    raw = _load_yaml(DATA_DIR / "cues.yaml")
    # Both languages are always searched: interviews mix them ("wir machen
    # dann den Approval-Check"), and a step's action may be in either.
    return {
        name: {lang: tuple(str(w).lower() for w in words) for lang, words in entry.items()}
        for name, entry in raw.items()
    }


def cue_words(cue: str) -> tuple[str, ...]:
    entry = _cues()[cue]
    return entry.get("en", ()) + entry.get("de", ())


def text_has_cue(text: str | None, cue: str) -> bool:
    if not text:
        return False
    lowered = text.lower()
    return any(word in lowered for word in cue_words(cue))


def names_customer(actor: str | None) -> bool:
    """True when the actor is the customer ("Kundin", "the citizen",
    "Versicherter"). Whole words only: the "Bürgerbüro" is an office."""
    if not actor:
        return False
    words = re.findall(r"\w+", actor.lower())
    return any(_CUSTOMER_WORD.fullmatch(word) for word in words)


_CUSTOMER_WORD = re.compile(
    "(?:" + "|".join(re.escape(w) for w in cue_words("customer")) + ")(?:in|innen|en|er|e|s|n)?"
)


def step_has_cue(step: Step, cue: str) -> bool:
    # The action only: working in Excel does not make a step a re-entry.
    return text_has_cue(step.action, cue)


# --------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------


@cache
def template(name: str) -> dict[str, Any]:
    data = _load_yaml(TEMPLATE_DIR / f"{name}.yaml")
    for lang in ("en", "de"):
        if not isinstance(data.get(lang), dict):
            raise CatalogueError(
                "missing language section", path=str(TEMPLATE_DIR / f"{name}.yaml"), field=lang
            )
    return data


class _Strict(dict[str, str]):
    def __init__(self, values: Mapping[str, str], where: str) -> None:
        super().__init__(values)
        self.where = where

    def __missing__(self, key: str) -> str:
        raise CatalogueError(f"template placeholder '{{{key}}}' has no value", path=self.where, field=key)


def _fill(text: str, values: _Strict) -> str:
    return string.Formatter().vformat(text, (), values)


def render(name: str, language: Language, field: str, values: Mapping[str, str]) -> str:
    """One text field of a template, sentences joined, placeholders filled."""
    where = str(TEMPLATE_DIR / f"{name}.yaml")
    section = template(name)[language]
    if field not in section:
        raise CatalogueError("missing field", path=where, field=f"{language}.{field}")
    return " ".join(_sentences(section[field], _Strict(values, where)))


def render_list(name: str, language: Language, field: str, values: Mapping[str, str]) -> list[str]:
    """A list field (risks, prerequisites): one rendered string per item."""
    where = str(TEMPLATE_DIR / f"{name}.yaml")
    items = template(name)[language].get(field, [])
    return _sentences(items, _Strict(values, where))


def _sentences(spec: Any, values: _Strict) -> list[str]:
    items = spec if isinstance(spec, list) else [spec]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            if item.get("when") and not values.get(item["when"]):
                continue
            if item.get("unless") and values.get(item["unless"]):
                continue
            item = item["text"]
        text = _fill(item, values).strip()
        # A sentence may start with a placeholder ("{owner_actor} owns ..."),
        # whose value is lower case ("order management").
        out.append(text[:1].upper() + text[1:])
    return out


def common(language: Language, key: str) -> str:
    value = template("common")[language][key]
    return str(value)


def common_snippet(language: Language, group: str, key: str) -> str:
    section: dict[str, str] = template("common")[language][group]
    if key not in section:
        raise CatalogueError(
            "missing snippet", path=str(TEMPLATE_DIR / "common.yaml"), field=f"{language}.{group}.{key}"
        )
    return section[key]


# --------------------------------------------------------------------------
# Numbers and names as text
# --------------------------------------------------------------------------


def number(value: float, language: Language, digits: int = 1) -> str:
    """48.0 -> '48', 57.6 -> '57.6' (German: '57,6')."""
    rounded = round(value, digits)
    text = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.{digits}f}".rstrip("0")
    return text.replace(".", ",") if language == "de" else text


def hours(value: float, language: Language) -> str:
    return f"{number(value, language)} h"


def span(value: float, language: Language) -> str:
    """Hours as a person would say them: '2 weeks', '3 Tage', '6 months'."""
    units = template("common")[language]["units"]
    for limit, divisor, key in ((48, 1, "hour"), (24 * 14, 24, "day"), (24 * 61, 168, "week")):
        if value < limit:
            return _unit(value / divisor, units[key], language)
    return _unit(value / 730, units["month"], language)


def _unit(amount: float, names: list[str], language: Language) -> str:
    rounded = round(amount * 2) / 2 if amount >= 1 else round(amount, 1)
    singular, plural = names
    return f"{number(rounded, language)} {singular if rounded == 1 else plural}"


def quoted(text: str, language: Language) -> str:
    return f"„{text}“" if language == "de" else f"“{text}”"


def step_ref(step: Step, language: Language) -> str:
    """'“check the order” (order management)'."""
    ref = quoted(step.action, language)
    return f"{ref} ({step.actor})" if step.actor else ref


def join_list(items: Iterable[str], language: Language) -> str:
    parts = [item for item in items if item]
    if len(parts) <= 1:
        return "".join(parts)
    word = common(language, "and")
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def customer_phrase(customer: str | None, language: Language) -> str:
    """'the customer', or the process's own word for them ('the citizen')."""
    if not customer:
        return common(language, "customer")
    if language == "en" and customer[:1].islower() and not customer.startswith(("the ", "a ", "an ")):
        return f"the {customer}"
    return customer


def distinct(items: Iterable[str | None]) -> list[str]:
    """The items without empties and case-insensitive repeats, first spelling kept."""
    seen: list[str] = []
    folded: set[str] = set()  # a set: this runs for every field of every to-be step
    for item in items:
        if item and (key := item.casefold()) not in folded:
            folded.add(key)
            seen.append(item)
    return seen

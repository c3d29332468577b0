"""Load and validate the anti-pattern catalogue (YAML files of AntiPattern entries).

The shipped catalogue lives in the package folder ``catalogue/``, one file per
taxonomy category. Users can add their own files (``interviewer patterns add``);
those go through :func:`validate_entry_file` first, so a typo is reported with
the file, the entry and the field instead of surfacing later as a bad finding.

Every error is a :class:`CatalogueError` whose message reads like
``handoff-delay.yaml: entry 3 (handoff-delay-telecom): field 'title.de': Field required``.
Entries are numbered from 1, as a person counts them in the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from interviewer.errors import CatalogueError
from interviewer.knowledge.catalogue_model import AntiPattern
from interviewer.models import CATEGORIES

CATALOGUE_DIR = Path(__file__).resolve().with_name("catalogue")
CATALOGUE_SUFFIXES = (".yaml", ".yml")

# The vocabularies below are free strings in the schema (so the schema stays
# simple for people writing entries) but code downstream keys on them:
# proposals map proposal_kind to a proposal template, reports group heuristics
# by source. An unknown value is therefore an error, not a silent mismatch.
PROPOSAL_KINDS: frozenset[str] = frozenset(
    {
        "intake-assistant",
        "parallel-planning",
        "case-owner-assistant",
        "document-drafting",
        "data-carry-over",
        "exception-approval",
        "knowledge-assistant",
        "batch-to-flow",
        "other",
    }
)

# Reijers & Limam Mansar (2005), "Best practices in business process redesign",
# and the eight wastes of Lean (Ohno's seven plus unused talent).
HEURISTIC_NAMES: dict[str, frozenset[str]] = {
    "reijers-limam-mansar": frozenset(
        {
            "task elimination",
            "task composition",
            "task automation",
            "triage",
            "resequencing",
            "parallelism",
            "knock-out",
            "exception",
            "order-based work",
            "case types",
            "case manager",
            "customer teams",
            "empower",
            "integration",
            "contact reduction",
            "control relocation",
            "control addition",
            "interfacing",
            "buffering",
            "trusted party",
            "outsourcing",
            "numerical involvement",
            "split responsibilities",
            "order assignment",
            "flexible assignment",
            "centralization",
            "specialist-generalist",
            "extra resources",
            "integral technology",
        }
    ),
    "lean": frozenset(
        {
            "waiting",
            "transport",
            "over-processing",
            "inventory",
            "motion",
            "defects",
            "overproduction",
            "unused talent",
        }
    ),
}

# Where an entry is typical. Kept open for user files; the shipped catalogue is
# tested against this list so that filters (--setting) stay meaningful.
KNOWN_SETTINGS: frozenset[str] = frozenset(
    {
        "public-services",
        "telecom",
        "insurance",
        "manufacturing",
        "health",
        "it",
        "construction",
        "back-office",
        "logistics",
        "retail",
        "banking",
        "general",
    }
)


class CatalogueEntryError(CatalogueError):
    """A catalogue entry that breaks the schema: names file, entry number, entry id and field."""

    def __init__(
        self, message: str, *, path: str, index: int, entry_id: str | None, field: str | None
    ) -> None:
        super().__init__(message, path=path, field=field)
        self.index = index
        self.entry_id = entry_id
        entry = f"entry {index}" + (f" ({entry_id})" if entry_id else "")
        what = f"field '{field}': " if field else ""
        # Replace the parent's message so the entry sits between file and field.
        self.args = (f"{path}: {entry}: {what}{message}",)


def _field_path(loc: Sequence[int | str]) -> str:
    """('signals', 'en', 2) -> 'signals.en[2]'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _entry_error(path: str, index: int, raw: Any, exc: ValidationError) -> CatalogueEntryError:
    errors = exc.errors()
    first = errors[0]
    field = _field_path(first["loc"]) or None
    message = str(first["msg"])
    if first["type"] == "literal_error" and first["loc"] == ("category",):
        message = f"unknown category {first['input']!r}; expected one of: {', '.join(CATEGORIES)}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''} in this entry)"
    entry_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    return CatalogueEntryError(message, path=path, index=index, entry_id=entry_id, field=field)


def _check_vocabulary(entry: AntiPattern, path: str, index: int) -> None:
    def fail(field: str, message: str) -> None:
        raise CatalogueEntryError(message, path=path, index=index, entry_id=entry.id, field=field)

    for n, heuristic in enumerate(entry.heuristics):
        names = HEURISTIC_NAMES.get(heuristic.source)
        if names is None:
            fail(
                f"heuristics[{n}].source",
                f"unknown source {heuristic.source!r}; expected one of: {', '.join(sorted(HEURISTIC_NAMES))}",
            )
        elif heuristic.name not in names:
            fail(
                f"heuristics[{n}].name",
                f"{heuristic.name!r} is not a {heuristic.source} heuristic; expected one of: "
                f"{', '.join(sorted(names))}",
            )
    for n, lever in enumerate(entry.ai_levers):
        if lever.proposal_kind not in PROPOSAL_KINDS:
            fail(
                f"ai_levers[{n}].proposal_kind",
                f"unknown proposal kind {lever.proposal_kind!r}; expected one of: "
                f"{', '.join(sorted(PROPOSAL_KINDS))}",
            )


def load_catalogue_file(path: Path) -> list[AntiPattern]:
    """Read one YAML file holding a list of entries; raise CatalogueError naming what is wrong."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"cannot read the file: {exc}", path=name) from exc
    try:
        # The C loader (when built) reads the catalogue about ten times faster.
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogueError(f"{where}not valid YAML: {problem}", path=name) from exc
    if data is None:
        raise CatalogueError("the file holds no entries; expected a YAML list of anti-patterns", path=name)
    if not isinstance(data, list):
        raise CatalogueError(
            f"expected a YAML list of anti-patterns at the top level, found {type(data).__name__}", path=name
        )
    entries: list[AntiPattern] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data, start=1):
        if not isinstance(raw, dict):
            raise CatalogueEntryError(
                f"expected a mapping with the fields of an anti-pattern, found {type(raw).__name__}",
                path=name,
                index=index,
                entry_id=None,
                field=None,
            )
        try:
            entry = AntiPattern.model_validate(raw)
        except ValidationError as exc:
            raise _entry_error(name, index, raw, exc) from exc
        _check_vocabulary(entry, name, index)
        if entry.id in seen:
            raise CatalogueEntryError(
                f"duplicate id, already used by entry {seen[entry.id]} of this file",
                path=name,
                index=index,
                entry_id=entry.id,
                field="id",
            )
        seen[entry.id] = index
        entries.append(entry)
    return entries


def _catalogue_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise CatalogueError("catalogue directory not found", path=str(directory))
    files = sorted(
        p
        for p in directory.iterdir()
        # Hidden files are editor backups and lock files, not catalogue content.
        if p.is_file() and p.suffix in CATALOGUE_SUFFIXES and not p.name.startswith(".")
    )
    if not files:
        raise CatalogueError("no catalogue files (*.yaml) in the directory", path=str(directory))
    return files


def _merge(files: Iterable[Path], known: Sequence[AntiPattern] = ()) -> list[AntiPattern]:
    """Load files in order; an id may appear only once across all of them (and `known`)."""
    origin: dict[str, str] = {entry.id: "the catalogue" for entry in known}
    merged: list[AntiPattern] = []
    for path in files:
        for index, entry in enumerate(load_catalogue_file(path), start=1):
            if entry.id in origin:
                raise CatalogueEntryError(
                    f"duplicate id, already defined in {origin[entry.id]}",
                    path=str(path),
                    index=index,
                    entry_id=entry.id,
                    field="id",
                )
            origin[entry.id] = str(path)
            merged.append(entry)
    return merged


def _expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(_catalogue_files(path) if path.is_dir() else [path])
    return files


@lru_cache(maxsize=1)
def _shipped_catalogue() -> tuple[AntiPattern, ...]:
    return tuple(_merge(_catalogue_files(CATALOGUE_DIR)))


def load_catalogue(directory: Path | None = None, *, extra: Sequence[Path] = ()) -> list[AntiPattern]:
    """All entries of a catalogue directory (default: the shipped catalogue, cached).

    `extra` adds user files or directories (e.g. entries added with
    `interviewer patterns add`); their ids must not clash with the base catalogue.
    """
    base = list(_shipped_catalogue()) if directory is None else _merge(_catalogue_files(directory))
    if not extra:
        return base
    return base + _merge(_expand(extra), known=base)


def validate_entry_file(path: Path, *, existing: Sequence[AntiPattern] | None = None) -> list[AntiPattern]:
    """Validate a user's file before it joins the catalogue: the schema, and no id already taken.

    `existing` defaults to the shipped catalogue; pass the user's full catalogue
    when more files were added before.
    """
    known = load_catalogue() if existing is None else existing
    return _merge([path], known=known)


def catalogue_fingerprint(entries: Iterable[AntiPattern]) -> str:
    """sha256 of the canonical JSON of the entries, independent of file order.

    The vector index stores this and is rebuilt when it changes.
    """
    canonical = sorted((entry.model_dump(mode="json") for entry in entries), key=lambda e: e["id"])
    blob = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()

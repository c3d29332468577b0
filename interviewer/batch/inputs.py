"""Which files a batch reads, and the case id each one gets."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from interviewer.errors import InputError
from interviewer.transcripts import SUPPORTED_SUFFIXES

# Office lock files ("~$interview.docx") and editor backups are not transcripts.
_IGNORED_PREFIXES = ("~$", ".~lock", ".")


def collect_transcripts(paths: Sequence[Path], *, exclude: Path | None = None) -> list[Path]:
    """Files named directly, plus every supported file under named folders.

    Folders are walked recursively in sorted order; hidden files and folders
    and everything under `exclude` (the output folder, whose result .json
    files must not be read back as transcripts) are left out. A path named
    twice is read once. Raises InputError for a path that does not exist or
    when nothing is found.
    """
    excluded = exclude.resolve() if exclude is not None else None
    found: dict[Path, Path] = {}
    for path in paths:
        if not path.exists():
            raise InputError(f"no such file or folder: {path}")
        if path.is_file():
            found.setdefault(path.resolve(), path)
            continue
        for candidate in _walk(path):
            resolved = candidate.resolve()
            if excluded is not None and resolved.is_relative_to(excluded):
                continue
            found.setdefault(resolved, candidate)
    if not found:
        names = ", ".join(str(p) for p in paths)
        raise InputError(f"no transcripts found in {names} (looked for {', '.join(SUPPORTED_SUFFIXES)})")
    return list(found.values())


def _walk(folder: Path) -> Iterable[Path]:
    for candidate in sorted(folder.rglob("*")):
        relative = candidate.relative_to(folder)
        if any(part.startswith(_IGNORED_PREFIXES) for part in relative.parts):
            continue
        if candidate.suffix.lower() in SUPPORTED_SUFFIXES and candidate.is_file():
            yield candidate


def assign_case_ids(files: Sequence[Path]) -> dict[Path, str]:
    """Case id = file stem. Files that share a stem are told apart, the same
    way on every run: by extension ("interview-vtt"), else by folder
    ("team-a-interview"), else by both, else by a hash of the path."""
    groups: dict[str, list[Path]] = defaultdict(list)
    for file in files:
        groups[file.stem or file.name].append(file)
    ids: dict[Path, str] = {}
    taken = {stem for stem, group in groups.items() if len(group) == 1}
    for stem, group in sorted(groups.items()):
        if len(group) == 1:
            ids[group[0]] = stem
            continue
        for strategy in _STRATEGIES:
            names = [strategy(stem, f) for f in group]
            if len(set(names)) == len(names) and not set(names) & taken:
                break
        else:
            names = [f"{stem}-{hashlib.sha1(str(f.resolve()).encode()).hexdigest()[:8]}" for f in group]
        taken.update(names)
        ids.update(zip(group, names, strict=True))
    return ids


_STRATEGIES: tuple[Callable[[str, Path], str], ...] = (
    lambda stem, f: f"{stem}-{_ext(f)}",
    lambda stem, f: f"{f.resolve().parent.name}-{stem}",
    lambda stem, f: f"{f.resolve().parent.name}-{stem}-{_ext(f)}",
)


def _ext(file: Path) -> str:
    return file.suffix.lstrip(".").lower() or "file"

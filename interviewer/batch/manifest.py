"""What makes a result up to date, and the manifest that remembers it.

A result is up to date when its file exists, is newer than its transcript,
and the manifest says it was made from a transcript with the same SHA-256
by an analysis with the same fingerprint (package code and data, engine and
the settings that change results). The manifest is `<out>/.manifest.json`;
it is rewritten atomically, so a killed batch leaves the previous complete
manifest, and a result missing from it is simply analysed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interviewer.settings import Settings

MANIFEST_NAME = ".manifest.json"
_MANIFEST_VERSION = 1
# Settings that change what an analysis produces. Paths, API limits and
# secrets do not, so changing them must not force a re-run.
_RESULT_SETTINGS = (
    "engine",
    "language",
    "llm_base_url",
    "llm_model",
    "llm_structured_output",
    "llm_temperature",
    "llm_window_turns",
    "llm_window_overlap",
    "llm_pseudonymise",
    "embedding_base_url",
    "embedding_model",
    "chroma_url",
)
_CODE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".txt", ".md", ".j2", ".jinja")
# The parts of the package whose code and data decide what a result contains
# (the CLI, reports, API and storage do not).
_RESULT_CODE = ("models.py", "pipeline.py", "services.py", "transcripts", "engines", "analysis", "knowledge")


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename it into place:
    a reader (or a killed batch) sees the old file or the new one, never half."""
    # A unique name per process and call; created with open(..., "x") so the
    # file gets the usual permissions (mkstemp would make it owner-only).
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with temporary.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def remove_stale_temporaries(directory: Path) -> None:
    """Temporary files a killed batch left behind."""
    for leftover in directory.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Digest of the analysis code and its data files: a new engine rule or
    lexicon entry makes earlier results stale, without a version bump."""
    import interviewer

    root = Path(interviewer.__file__).parent
    digest = hashlib.sha256()
    for part in _RESULT_CODE:
        files = [root / part] if (root / part).is_file() else sorted((root / part).rglob("*"))
        for file in files:
            if file.suffix in _CODE_SUFFIXES and "__pycache__" not in file.parts and file.is_file():
                digest.update(file.relative_to(root).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def fingerprint(settings: Settings) -> str:
    from interviewer import __version__
    from interviewer.models import SCHEMA_VERSION

    relevant: dict[str, Any] = {name: getattr(settings, name, None) for name in _RESULT_SETTINGS}
    relevant.update(version=__version__, schema=SCHEMA_VERSION, code=_code_digest())
    encoded = json.dumps(relevant, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:20]


@dataclass
class ManifestEntry:
    source: str
    sha256: str
    fingerprint: str
    row: dict[str, Any] = field(default_factory=dict)


class Manifest:
    def __init__(self, path: Path, entries: dict[str, ManifestEntry] | None = None) -> None:
        self.path = path
        self.entries: dict[str, ManifestEntry] = entries or {}
        self._dirty = False

    @classmethod
    def load(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST_NAME
        try:
            raw = json.loads(path.read_text("utf-8"))
            entries = {case: ManifestEntry(**entry) for case, entry in raw["entries"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            # Missing or unreadable: every result counts as stale and is made again.
            entries = {}
        return cls(path, entries)

    def is_up_to_date(
        self, case_id: str, *, transcript: Path, sha256: str, fingerprint: str, result: Path
    ) -> bool:
        entry = self.entries.get(case_id)
        if entry is None or entry.sha256 != sha256 or entry.fingerprint != fingerprint:
            return False
        try:
            return result.stat().st_mtime >= transcript.stat().st_mtime
        except OSError:
            return False

    def record(self, case_id: str, entry: ManifestEntry) -> None:
        self.entries[case_id] = entry
        self._dirty = True

    def forget(self, case_id: str) -> None:
        if self.entries.pop(case_id, None) is not None:
            self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        document = {
            "version": _MANIFEST_VERSION,
            "entries": {case: vars(entry) for case, entry in sorted(self.entries.items())},
        }
        write_atomic(self.path, json.dumps(document, indent=1, ensure_ascii=False) + "\n")
        self._dirty = False

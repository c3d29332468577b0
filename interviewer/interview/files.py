"""Interview states as JSON files (for `interviewer chat`): one file per
interview, <directory>/<id>.json, written atomically after every answer so
that a crash or Ctrl-C never leaves half a file and never loses an answer
that was already taken.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from pydantic import ValidationError

from interviewer.errors import InputError
from interviewer.interview.state import InterviewState

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


def check_id(interview_id: str) -> str:
    """An id that is safe as a file name (no paths, no dots at the start)."""
    if not _ID.match(interview_id) or ".." in interview_id:
        raise InputError(f"not a valid interview id: {interview_id!r} (letters, digits, '-', '_', '.')")
    return interview_id


class InterviewFiles:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, interview_id: str) -> Path:
        return self.directory / f"{check_id(interview_id)}.json"

    def save(self, state: InterviewState) -> Path:
        target = self.path(state.id)
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{state.id}.", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(state.model_dump_json(indent=1))
                stream.flush()
                os.fsync(stream.fileno())
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    def load(self, interview_id: str) -> InterviewState:
        path = self.path(interview_id)
        if not path.is_file():
            raise InputError(f"no interview with id {interview_id!r} in {self.directory}")
        try:
            return InterviewState.model_validate_json(path.read_text(encoding="utf-8"))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the top level"
            raise InputError(f"{path}: field {where}: {first['msg']}") from error
        except UnicodeDecodeError as error:
            raise InputError(f"{path}: not UTF-8 text") from error

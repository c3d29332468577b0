"""A small error tree, translated to exit codes at the CLI and to
application/problem+json at the API. Domain code raises these; it never
prints or exits.
"""

from __future__ import annotations


class InterviewerError(Exception):
    """Base of every error the tool raises on purpose."""

    http_status = 500
    exit_code = 1
    retryable = False

    @property
    def title(self) -> str:
        return type(self).__name__


class InputError(InterviewerError):
    """Something the user gave us is wrong; the message says what and where."""

    http_status = 422
    exit_code = 2


class TranscriptError(InputError):
    """A transcript that cannot be read. Names the file and, when known, the line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{message}")


class CatalogueError(InputError):
    """A broken anti-pattern catalogue file. Names the file and the field."""

    def __init__(self, message: str, *, path: str | None = None, field: str | None = None) -> None:
        self.path = path
        self.field = field
        where = f"{path}: " if path else ""
        what = f"field '{field}': " if field else ""
        super().__init__(f"{where}{what}{message}")


class ConfigurationError(InterviewerError):
    """Settings that cannot work together, or a missing setting."""

    exit_code = 2


class EngineError(InterviewerError):
    """An engine could not do its work (the offline engine never raises this for bad text)."""

    http_status = 503
    retryable = True


class LLMError(EngineError):
    """The LLM endpoint failed: unreachable, timed out, refused, or answered unusably."""


class NotFoundError(InterviewerError):
    http_status = 404


class AuthError(InterviewerError):
    http_status = 401


class LimitError(InterviewerError):
    """A request over a configured limit (size, length, rate)."""

    http_status = 413

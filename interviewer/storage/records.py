"""What the repository returns: plain frozen records, never ORM objects, so
that nothing outside storage/ depends on sessions or lazy loading; and the
errors it raises (translated to HTTP by their http_status)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from interviewer.errors import InterviewerError


class ConflictError(InterviewerError):
    """The request does not fit the resource's current state."""

    http_status = 409


class AnswerPendingError(ConflictError):
    """Another answer of this interview has been received but not yet
    answered by the interviewer; repeating that request completes it."""

    retryable = True


class IdempotencyMismatchError(InterviewerError):
    """An Idempotency-Key reused for a different request."""

    http_status = 422


@dataclass(frozen=True)
class KeyInfo:
    id: str
    workspace_id: str
    workspace: str
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class InterviewInfo:
    id: str
    workspace_id: str
    process_name: str
    interviewee_role: str | None
    language: str | None
    consent: bool
    status: str
    created_at: datetime
    updated_at: datetime
    token_prefix: str = field(repr=False, default="")


@dataclass(frozen=True)
class TurnInfo:
    number: int
    speaker: str
    text: str
    created_at: datetime
    idempotency_key: str | None = field(repr=False, default=None)


@dataclass(frozen=True)
class SnapshotInfo:
    """The state after interviewer turn `turn_number` and the question asked in it."""

    interview_id: str
    turn_number: int
    state_json: str
    question_json: str


@dataclass(frozen=True)
class AcceptedAnswer:
    """An answer that is stored. `snapshot` is set when the interviewer has
    already replied to it (an idempotent replay); otherwise the engine still
    has to run for it."""

    turn: TurnInfo
    created: bool
    snapshot: SnapshotInfo | None


@dataclass(frozen=True)
class JobFileInfo:
    number: int
    name: str
    status: str
    case_id: str | None
    error: str | None
    result_json: str | None = field(repr=False, default=None)


@dataclass(frozen=True)
class JobInfo:
    id: str
    workspace_id: str
    status: str
    error: str | None
    attempts: int
    created_at: datetime
    updated_at: datetime
    files: tuple[JobFileInfo, ...] = ()

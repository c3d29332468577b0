"""The answer protocol, the hot path of a live interview, in SQLAlchemy Core
(about half the work of the ORM's unit of work per answer).

1. accept_answer: the answer is stored as a turn and committed;
2. the engine runs, outside any transaction (it may fail, or the process may
   die: the answer stays, "pending");
3. complete_answer: the new state and the interviewer's next question are
   stored together, once; a second completion of the same answer (a retry
   racing the first) finds the first one and returns it.

Both write steps lock the interview row (an UPDATE of it, which locks the row
like FOR UPDATE on PostgreSQL; on SQLite the transaction starts with BEGIN
IMMEDIATE), and the unique constraints on (interview, number) and
(interview, idempotency key) back that up. Each step is one transaction of
three or four statements, built once at import.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, or_, select, update

from interviewer.errors import NotFoundError
from interviewer.storage.db import Database
from interviewer.storage.records import (
    AcceptedAnswer,
    AnswerPendingError,
    ConflictError,
    IdempotencyMismatchError,
    SnapshotInfo,
    TurnInfo,
)
from interviewer.storage.tables import Base, Interview, Snapshot, TurnRecord, utcnow

INTERVIEWER = "interviewer"
INTERVIEWEE = "interviewee"

INTERVIEWS = Base.metadata.tables[Interview.__tablename__]
TURNS = Base.metadata.tables[TurnRecord.__tablename__]
SNAPSHOTS = Base.metadata.tables[Snapshot.__tablename__]
_TURN = (TURNS.c.number, TURNS.c.speaker, TURNS.c.text, TURNS.c.created_at, TURNS.c.idempotency_key)
_SNAPSHOT = (
    SNAPSHOTS.c.interview_id,
    SNAPSHOTS.c.turn_number,
    SNAPSHOTS.c.state_json,
    SNAPSHOTS.c.question_json,
)


def turn_info(row: Any) -> TurnInfo:
    return TurnInfo(
        number=row.number,
        speaker=row.speaker,
        text=row.text,
        created_at=row.created_at,
        idempotency_key=row.idempotency_key,
    )


def snapshot_info(row: Any) -> SnapshotInfo:
    return SnapshotInfo(
        interview_id=row.interview_id,
        turn_number=row.turn_number,
        state_json=row.state_json,
        question_json=row.question_json,
    )


# The hot path's statements, built once: building a statement and its cache
# key costs more CPU than SQLite takes to run it.
_LOCK = (
    update(INTERVIEWS)
    .where(INTERVIEWS.c.id == bindparam("iid"))
    .values(updated_at=bindparam("now", type_=INTERVIEWS.c.updated_at.type))
    .returning(INTERVIEWS.c.status, INTERVIEWS.c.language)
)
_LAST_TURN = (
    select(*_TURN).where(TURNS.c.interview_id == bindparam("iid")).order_by(TURNS.c.number.desc()).limit(1)
)
# The turn an Idempotency-Key names and the last turn, in one round trip.
_KEYED_OR_LAST_TURN = select(*_TURN).where(
    TURNS.c.interview_id == bindparam("iid"),
    or_(
        TURNS.c.idempotency_key == bindparam("key"),
        TURNS.c.number
        == select(func.max(TURNS.c.number)).where(TURNS.c.interview_id == bindparam("iid")).scalar_subquery(),
    ),
)
_SNAPSHOT_AT = select(*_SNAPSHOT).where(
    SNAPSHOTS.c.interview_id == bindparam("iid"), SNAPSHOTS.c.turn_number == bindparam("number")
)
INSERT_TURN = insert(TURNS)
INSERT_SNAPSHOT = insert(SNAPSHOTS)


def lock_interview(connection: Connection, interview_id: str, now: datetime | None = None) -> Any:
    """Lock the interview's row for this transaction (an UPDATE takes the row
    lock on PostgreSQL, like SELECT ... FOR UPDATE; on SQLite the transaction
    holds the write lock already) and mark it updated; returns its status and
    language."""
    row = connection.execute(_LOCK, {"iid": interview_id, "now": now or utcnow()}).first()
    if row is None:
        raise NotFoundError(f"no interview {interview_id}")
    return row


def last_turn(connection: Connection, interview_id: str) -> Any:
    return connection.execute(_LAST_TURN, {"iid": interview_id}).first()


def snapshot_row(connection: Connection, interview_id: str, turn_number: int) -> Any:
    return connection.execute(_SNAPSHOT_AT, {"iid": interview_id, "number": turn_number}).first()


def accept_answer(db: Database, interview_id: str, text: str, idempotency_key: str | None) -> AcceptedAnswer:
    """Store an answer (step 1), or find the one this request repeats."""
    with db.writing_connection() as connection:
        now = utcnow()
        status = lock_interview(connection, interview_id, now).status
        rows = connection.execute(_KEYED_OR_LAST_TURN, {"iid": interview_id, "key": idempotency_key}).all()
        last = max(rows, key=lambda row: row.number, default=None)
        earlier = next(
            (row for row in rows if idempotency_key is not None and row.idempotency_key == idempotency_key),
            None,
        )
        if earlier is not None:
            if earlier.text != text:
                raise IdempotencyMismatchError(
                    f"Idempotency-Key {idempotency_key!r} was already used for a different answer "
                    f"(turn {earlier.number}); use a new key for a new answer"
                )
            done = snapshot_row(connection, interview_id, earlier.number + 1)
            return AcceptedAnswer(turn_info(earlier), False, snapshot_info(done) if done else None)
        if last is not None and last.speaker == INTERVIEWEE:
            return _repeat_of_pending(connection, interview_id, last, text, idempotency_key)
        if status != "active":
            raise ConflictError(f"interview {interview_id} is {status}: it takes no more answers")
        turn = TurnInfo(
            number=(last.number if last is not None else 0) + 1,
            speaker=INTERVIEWEE,
            text=text,
            created_at=now,
            idempotency_key=idempotency_key,
        )
        connection.execute(
            INSERT_TURN,
            {
                "interview_id": interview_id,
                "number": turn.number,
                "speaker": turn.speaker,
                "text": text,
                "idempotency_key": idempotency_key,
                "created_at": now,
            },
        )
        return AcceptedAnswer(turn, True, None)


def _repeat_of_pending(
    connection: Connection, interview_id: str, pending: Any, text: str, idempotency_key: str | None
) -> AcceptedAnswer:
    """The same answer again while it is pending is a retry; anything else
    must wait until the pending answer is completed."""
    if pending.text != text or (
        idempotency_key is not None and pending.idempotency_key not in (None, idempotency_key)
    ):
        raise AnswerPendingError(
            f"the answer in turn {pending.number} has not been answered by the interviewer yet; "
            "repeat that request (same text or Idempotency-Key) to complete it, then answer the next question"
        )
    turn = turn_info(pending)
    if pending.idempotency_key is None and idempotency_key is not None:
        connection.execute(
            update(TURNS)
            .where(TURNS.c.interview_id == interview_id, TURNS.c.number == pending.number)
            .values(idempotency_key=idempotency_key)
        )
        turn = TurnInfo(turn.number, turn.speaker, turn.text, turn.created_at, idempotency_key)
    return AcceptedAnswer(turn, False, None)


def complete_answer(
    db: Database,
    interview_id: str,
    answer_number: int,
    *,
    state_json: str,
    question_json: str,
    question_text: str,
    done: bool,
    language: str | None,
) -> SnapshotInfo:
    """Store the engine's reply to answer `answer_number` (step 3), once."""
    with db.writing_connection() as connection:
        now = utcnow()
        interview = lock_interview(connection, interview_id, now)
        number = answer_number + 1
        last = last_turn(connection, interview_id)
        if last is not None and last.number >= number:  # replied already (a retry racing the first)
            existing = snapshot_row(connection, interview_id, number)
            if existing is not None:
                return snapshot_info(existing)
        if last is None or last.number != answer_number or last.speaker != INTERVIEWEE:
            raise ConflictError(f"turn {answer_number} of interview {interview_id} is not its pending answer")
        connection.execute(
            INSERT_TURN,
            {
                "interview_id": interview_id,
                "number": number,
                "speaker": INTERVIEWER,
                "text": question_text,
                "idempotency_key": None,
                "created_at": now,
            },
        )
        connection.execute(
            INSERT_SNAPSHOT,
            {
                "interview_id": interview_id,
                "turn_number": number,
                "state_json": state_json,
                "question_json": question_json,
                "created_at": now,
            },
        )
        changes: dict[str, Any] = {}
        if done and interview.status == "active":
            changes["status"] = "closed"
        if language and language != interview.language:
            changes["language"] = language
        if changes:
            connection.execute(update(INTERVIEWS).where(INTERVIEWS.c.id == interview_id).values(**changes))
        return SnapshotInfo(interview_id, number, state_json, question_json)

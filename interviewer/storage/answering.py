"""The answer protocol, the hot path of a live interview, in SQLAlchemy Core
(about half the work of the ORM's unit of work per answer).

1. accept_answer: the answer is stored as a turn and committed;
2. the engine runs, outside any transaction (it may fail, or the process may
   die: the answer stays, "pending");
3. complete_answer: the new state and the interviewer's next question are
   stored together, once; a second completion of the same answer (a retry
   racing the first) finds the first one and returns it.

Both write steps lock the interview row (FOR UPDATE on PostgreSQL; on SQLite
the transaction starts with BEGIN IMMEDIATE), and the unique constraints on
(interview, number) and (interview, idempotency key) back that up.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

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


def lock_interview(connection: Connection, interview_id: str) -> str:
    """Lock the interview's row for this transaction; returns its status."""
    status = connection.execute(
        select(INTERVIEWS.c.status).where(INTERVIEWS.c.id == interview_id).with_for_update()
    ).scalar()
    if status is None:
        raise NotFoundError(f"no interview {interview_id}")
    return str(status)


def last_turn(connection: Connection, interview_id: str) -> Any:
    return connection.execute(
        select(*_TURN).where(TURNS.c.interview_id == interview_id).order_by(TURNS.c.number.desc()).limit(1)
    ).first()


def snapshot_row(connection: Connection, interview_id: str, turn_number: int) -> Any:
    return connection.execute(
        select(*_SNAPSHOT).where(
            SNAPSHOTS.c.interview_id == interview_id, SNAPSHOTS.c.turn_number == turn_number
        )
    ).first()


def accept_answer(db: Database, interview_id: str, text: str, idempotency_key: str | None) -> AcceptedAnswer:
    """Store an answer (step 1), or find the one this request repeats."""
    with db.writing_connection() as connection:
        status = lock_interview(connection, interview_id)
        if idempotency_key is not None:
            earlier = connection.execute(
                select(*_TURN).where(
                    TURNS.c.interview_id == interview_id, TURNS.c.idempotency_key == idempotency_key
                )
            ).first()
            if earlier is not None:
                if earlier.text != text:
                    raise IdempotencyMismatchError(
                        f"Idempotency-Key {idempotency_key!r} was already used for a different answer "
                        f"(turn {earlier.number}); use a new key for a new answer"
                    )
                done = snapshot_row(connection, interview_id, earlier.number + 1)
                return AcceptedAnswer(turn_info(earlier), False, snapshot_info(done) if done else None)
        last = last_turn(connection, interview_id)
        if last is not None and last.speaker == INTERVIEWEE:
            return _repeat_of_pending(connection, interview_id, last, text, idempotency_key)
        if status != "active":
            raise ConflictError(f"interview {interview_id} is {status}: it takes no more answers")
        turn = TurnInfo(
            number=(last.number if last is not None else 0) + 1,
            speaker=INTERVIEWEE,
            text=text,
            created_at=utcnow(),
            idempotency_key=idempotency_key,
        )
        connection.execute(
            insert(TURNS).values(
                interview_id=interview_id,
                number=turn.number,
                speaker=turn.speaker,
                text=text,
                idempotency_key=idempotency_key,
                created_at=turn.created_at,
            )
        )
        connection.execute(
            update(INTERVIEWS).where(INTERVIEWS.c.id == interview_id).values(updated_at=turn.created_at)
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
        status = lock_interview(connection, interview_id)
        number = answer_number + 1
        existing = snapshot_row(connection, interview_id, number)
        if existing is not None:
            return snapshot_info(existing)
        last = last_turn(connection, interview_id)
        if last is None or last.number != answer_number or last.speaker != INTERVIEWEE:
            raise ConflictError(f"turn {answer_number} of interview {interview_id} is not its pending answer")
        now = utcnow()
        connection.execute(
            insert(TURNS).values(
                interview_id=interview_id,
                number=number,
                speaker=INTERVIEWER,
                text=question_text,
                created_at=now,
            )
        )
        connection.execute(
            insert(SNAPSHOTS).values(
                interview_id=interview_id,
                turn_number=number,
                state_json=state_json,
                question_json=question_json,
                created_at=now,
            )
        )
        changes: dict[str, Any] = {"updated_at": now}
        if done and status == "active":
            changes["status"] = "closed"
        if language:
            changes["language"] = language
        connection.execute(update(INTERVIEWS).where(INTERVIEWS.c.id == interview_id).values(**changes))
        return SnapshotInfo(interview_id, number, state_json, question_json)

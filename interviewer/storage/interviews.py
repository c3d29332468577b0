"""Interviews, their turns, state snapshots and results. The answer
protocol itself (store the answer first, complete it once) is in
storage/answering.py."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from interviewer.errors import NotFoundError
from interviewer.storage import answering
from interviewer.storage.answering import INTERVIEWEE, INTERVIEWER
from interviewer.storage.db import Database
from interviewer.storage.records import (
    AcceptedAnswer,
    InterviewInfo,
    SnapshotInfo,
    TurnInfo,
)
from interviewer.storage.secrets import PARTICIPANT, make_secret, matches, parse_token
from interviewer.storage.tables import Interview, ResultRecord, Snapshot, TurnRecord, utcnow

_INSERT_INTERVIEW = insert(answering.INTERVIEWS)


def _info(row: Any) -> InterviewInfo:
    # An ORM Interview or a Core row of the interviews table: the same attributes.
    return InterviewInfo(
        id=row.id,
        workspace_id=row.workspace_id,
        process_name=row.process_name,
        interviewee_role=row.interviewee_role,
        language=row.language,
        consent=row.consent,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        token_prefix=row.token_prefix,
    )


class InterviewStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- creating and finding -------------------------------------------------

    def create(
        self,
        *,
        interview_id: str,
        workspace_id: str,
        created_by_key_id: str | None,
        process_name: str,
        interviewee_role: str | None,
        language: str | None,
        consent: bool,
        state_json: str,
        question_json: str,
        question_text: str,
        status: str = "active",
    ) -> tuple[InterviewInfo, str]:
        """Store a started interview with its first question; returns it and
        the participant token (shown once, stored hashed)."""
        token = make_secret(PARTICIPANT)
        now = utcnow()
        values = {
            "id": interview_id,
            "workspace_id": workspace_id,
            "created_by_key_id": created_by_key_id,
            "process_name": process_name,
            "interviewee_role": interviewee_role,
            "language": language,
            "consent": consent,
            "token_prefix": token.prefix,
            "token_salt": token.salt,
            "token_hash": token.secret_hash,
            "status": status,
            "created_at": now,
            "updated_at": now,
        }
        # Core, not the ORM: a started interview is one of every dozen or so
        # requests of a live interview, and the unit of work costs a millisecond.
        with self.db.writing_connection() as connection:
            connection.execute(_INSERT_INTERVIEW, values)
            connection.execute(
                answering.INSERT_TURN,
                {
                    "interview_id": interview_id,
                    "number": 1,
                    "speaker": INTERVIEWER,
                    "text": question_text,
                    "idempotency_key": None,
                    "created_at": now,
                },
            )
            connection.execute(
                answering.INSERT_SNAPSHOT,
                {
                    "interview_id": interview_id,
                    "turn_number": 1,
                    "state_json": state_json,
                    "question_json": question_json,
                    "created_at": now,
                },
            )
        return _info(SimpleNamespace(**values)), token.token

    def get(self, interview_id: str) -> InterviewInfo | None:
        with self.db.reading() as session:
            row = session.get(Interview, interview_id)
            return _info(row) if row else None

    def authenticate(self, token: str) -> InterviewInfo | None:
        """The interview this participant token belongs to, or None. (Core:
        this runs on every request of a participant.)"""
        parsed = parse_token(token)
        if parsed is None or parsed.kind != PARTICIPANT:
            return None
        with self.db.reading_connection() as connection:
            row = connection.execute(
                select(answering.INTERVIEWS).where(answering.INTERVIEWS.c.token_prefix == parsed.prefix)
            ).first()
        if row is None or not matches(parsed.secret, salt=row.token_salt, secret_hash=row.token_hash):
            return None
        return _info(row)

    def in_workspace(self, workspace_id: str, *, limit: int = 50, offset: int = 0) -> list[InterviewInfo]:
        with self.db.reading() as session:
            rows = session.scalars(
                select(Interview)
                .where(Interview.workspace_id == workspace_id)
                .order_by(Interview.created_at.desc(), Interview.id)
                .limit(limit)
                .offset(offset)
            ).all()
            return [_info(row) for row in rows]

    def turns(self, interview_id: str) -> list[TurnInfo]:
        with self.db.reading() as session:
            rows = session.scalars(
                select(TurnRecord).where(TurnRecord.interview_id == interview_id).order_by(TurnRecord.number)
            ).all()
            return [answering.turn_info(row) for row in rows]

    def latest_snapshot(self, interview_id: str) -> SnapshotInfo:
        with self.db.reading() as session:
            row = session.scalars(
                select(Snapshot)
                .where(Snapshot.interview_id == interview_id)
                .order_by(Snapshot.turn_number.desc())
                .limit(1)
            ).first()
            if row is None:
                raise NotFoundError(f"interview {interview_id} has no state")
            return answering.snapshot_info(row)

    def snapshot_at(self, interview_id: str, turn_number: int) -> SnapshotInfo | None:
        with self.db.reading_connection() as connection:
            row = answering.snapshot_row(connection, interview_id, turn_number)
        return answering.snapshot_info(row) if row is not None else None

    def pending_answer(self, interview_id: str) -> TurnInfo | None:
        """The last answer when the interviewer has not replied to it yet."""
        with self.db.reading() as session:
            last = _last_turn(session, interview_id)
            return answering.turn_info(last) if last is not None and last.speaker == INTERVIEWEE else None

    # -- answering (see storage/answering.py) ---------------------------------

    def accept_answer(self, interview_id: str, text: str, idempotency_key: str | None) -> AcceptedAnswer:
        """Store an answer (step 1), or find the one this request repeats."""
        return answering.accept_answer(self.db, interview_id, text, idempotency_key)

    def complete_answer(
        self,
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
        return answering.complete_answer(
            self.db,
            interview_id,
            answer_number,
            state_json=state_json,
            question_json=question_json,
            question_text=question_text,
            done=done,
            language=language,
        )

    # -- results --------------------------------------------------------------

    def result(self, interview_id: str) -> str | None:
        with self.db.reading() as session:
            row = session.get(ResultRecord, interview_id)
            return row.result_json if row else None

    def save_result(self, interview_id: str, result_json: str) -> str:
        """Store the analysis and mark the interview finished; the first
        stored result wins (finishing twice returns the same result)."""
        with self.db.writing() as session:
            interview = _lock(session, interview_id)
            existing = session.get(ResultRecord, interview_id)
            if existing is not None:
                return existing.result_json
            session.add(ResultRecord(interview_id=interview_id, result_json=result_json, created_at=utcnow()))
            interview.status = "finished"
            interview.updated_at = utcnow()
            return result_json


def _lock(session: Session, interview_id: str) -> Interview:
    row = session.scalar(select(Interview).where(Interview.id == interview_id).with_for_update())
    if row is None:
        raise NotFoundError(f"no interview {interview_id}")
    return row


def _last_turn(session: Session, interview_id: str) -> TurnRecord | None:
    return session.scalars(
        select(TurnRecord)
        .where(TurnRecord.interview_id == interview_id)
        .order_by(TurnRecord.number.desc())
        .limit(1)
    ).first()

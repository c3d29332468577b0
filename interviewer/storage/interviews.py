"""Interviews, their turns, state snapshots and results.

The order of events for one answer, which is what makes sure nothing is lost:

1. accept_answer: the answer is stored as a turn and committed;
2. the engine runs, outside any transaction (it may fail or the process may
   die: the answer stays, "pending");
3. complete_answer: the new state and the interviewer's next question are
   stored together, once; a second completion of the same answer (a retry
   racing the first) finds the first one and returns it.

Both write steps lock the interview (FOR UPDATE on PostgreSQL, BEGIN
IMMEDIATE on SQLite), and the unique constraints on (interview, number) and
(interview, idempotency key) back that up.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.errors import NotFoundError
from interviewer.storage.db import Database
from interviewer.storage.records import (
    AcceptedAnswer,
    AnswerPendingError,
    ConflictError,
    IdempotencyMismatchError,
    InterviewInfo,
    SnapshotInfo,
    TurnInfo,
)
from interviewer.storage.secrets import PARTICIPANT, make_secret, matches, parse_token
from interviewer.storage.tables import Interview, ResultRecord, Snapshot, TurnRecord, utcnow

INTERVIEWER = "interviewer"
INTERVIEWEE = "interviewee"


def _info(row: Interview) -> InterviewInfo:
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


def _turn(row: TurnRecord) -> TurnInfo:
    return TurnInfo(
        number=row.number,
        speaker=row.speaker,
        text=row.text,
        created_at=row.created_at,
        idempotency_key=row.idempotency_key,
    )


def _snapshot(row: Snapshot) -> SnapshotInfo:
    return SnapshotInfo(
        interview_id=row.interview_id,
        turn_number=row.turn_number,
        state_json=row.state_json,
        question_json=row.question_json,
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
        with self.db.writing() as session:
            row = Interview(
                id=interview_id,
                workspace_id=workspace_id,
                created_by_key_id=created_by_key_id,
                process_name=process_name,
                interviewee_role=interviewee_role,
                language=language,
                consent=consent,
                token_prefix=token.prefix,
                token_salt=token.salt,
                token_hash=token.secret_hash,
                status=status,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            session.add(
                TurnRecord(interview_id=interview_id, number=1, speaker=INTERVIEWER, text=question_text)
            )
            session.add(
                Snapshot(
                    interview_id=interview_id,
                    turn_number=1,
                    state_json=state_json,
                    question_json=question_json,
                )
            )
            return _info(row), token.token

    def get(self, interview_id: str) -> InterviewInfo | None:
        with self.db.reading() as session:
            row = session.get(Interview, interview_id)
            return _info(row) if row else None

    def authenticate(self, token: str) -> InterviewInfo | None:
        """The interview this participant token belongs to, or None."""
        parsed = parse_token(token)
        if parsed is None or parsed.kind != PARTICIPANT:
            return None
        with self.db.reading() as session:
            row = session.scalar(select(Interview).where(Interview.token_prefix == parsed.prefix))
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
            return [_turn(row) for row in rows]

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
            return _snapshot(row)

    def snapshot_at(self, interview_id: str, turn_number: int) -> SnapshotInfo | None:
        with self.db.reading() as session:
            row = session.get(Snapshot, (interview_id, turn_number))
            return _snapshot(row) if row else None

    def pending_answer(self, interview_id: str) -> TurnInfo | None:
        """The last answer when the interviewer has not replied to it yet."""
        with self.db.reading() as session:
            last = _last_turn(session, interview_id)
            return _turn(last) if last is not None and last.speaker == INTERVIEWEE else None

    # -- answering ------------------------------------------------------------

    def accept_answer(self, interview_id: str, text: str, idempotency_key: str | None) -> AcceptedAnswer:
        """Store an answer (step 1), or find the one this request repeats."""
        with self.db.writing() as session:
            interview = _lock(session, interview_id)
            if idempotency_key is not None:
                earlier = session.scalar(
                    select(TurnRecord).where(
                        TurnRecord.interview_id == interview_id, TurnRecord.idempotency_key == idempotency_key
                    )
                )
                if earlier is not None:
                    if earlier.text != text:
                        raise IdempotencyMismatchError(
                            f"Idempotency-Key {idempotency_key!r} was already used for a different answer "
                            f"(turn {earlier.number}); use a new key for a new answer"
                        )
                    done = session.get(Snapshot, (interview_id, earlier.number + 1))
                    return AcceptedAnswer(_turn(earlier), False, _snapshot(done) if done else None)
            last = _last_turn(session, interview_id)
            if last is not None and last.speaker == INTERVIEWEE:
                if last.text == text and (
                    idempotency_key is None or last.idempotency_key in (None, idempotency_key)
                ):
                    # The same answer again while it is pending: a retry.
                    if last.idempotency_key is None and idempotency_key is not None:
                        last.idempotency_key = idempotency_key
                    return AcceptedAnswer(_turn(last), False, None)
                raise AnswerPendingError(
                    f"the answer in turn {last.number} has not been answered by the interviewer yet; "
                    "repeat that request (same text or Idempotency-Key) to complete it, then answer the next question"
                )
            if interview.status != "active":
                raise ConflictError(
                    f"interview {interview_id} is {interview.status}: it takes no more answers"
                )
            number = (last.number if last is not None else 0) + 1
            row = TurnRecord(
                interview_id=interview_id,
                number=number,
                speaker=INTERVIEWEE,
                text=text,
                idempotency_key=idempotency_key,
                created_at=utcnow(),
            )
            session.add(row)
            interview.updated_at = row.created_at
            session.flush()
            return AcceptedAnswer(_turn(row), True, None)

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
        with self.db.writing() as session:
            interview = _lock(session, interview_id)
            existing = session.get(Snapshot, (interview_id, answer_number + 1))
            if existing is not None:
                return _snapshot(existing)
            last = _last_turn(session, interview_id)
            if last is None or last.number != answer_number or last.speaker != INTERVIEWEE:
                raise ConflictError(
                    f"turn {answer_number} of interview {interview_id} is not its pending answer"
                )
            now = utcnow()
            number = answer_number + 1
            session.add(
                TurnRecord(interview_id=interview_id, number=number, speaker=INTERVIEWER, text=question_text)
            )
            row = Snapshot(
                interview_id=interview_id,
                turn_number=number,
                state_json=state_json,
                question_json=question_json,
            )
            session.add(row)
            if done and interview.status == "active":
                interview.status = "closed"
            if language:
                interview.language = language
            interview.updated_at = now
            session.flush()
            return _snapshot(row)

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

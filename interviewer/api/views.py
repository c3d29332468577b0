"""Stored records -> response bodies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from interviewer.api.schemas import AnswerOut, InterviewOut, QuestionOut, TurnOut
from interviewer.storage.interviews import INTERVIEWEE
from interviewer.storage.records import InterviewInfo, SnapshotInfo, TurnInfo

if TYPE_CHECKING:
    from interviewer.api.context import ApiContext
    from interviewer.api.conversation import Conversation, Reply


def utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def question_out(conversation: Conversation, snapshot: SnapshotInfo) -> QuestionOut:
    data = conversation.question_of(snapshot)
    return QuestionOut(
        number=snapshot.turn_number,
        text=str(data.get("text", "")),
        gap=str(data.get("gap", "")),
        step_id=data.get("step_id"),
        phase=str(data.get("phase", "")),
        done=bool(data.get("done", False)),
    )


def turn_out(turn: TurnInfo) -> TurnOut:
    return TurnOut(number=turn.number, speaker=turn.speaker, text=turn.text, created_at=utc(turn.created_at))


def summary_out(interview: InterviewInfo) -> dict[str, Any]:
    return {
        "id": interview.id,
        "process_name": interview.process_name,
        "interviewee_role": interview.interviewee_role,
        "language": interview.language,
        "consent": interview.consent,
        "status": interview.status,
        "created_at": utc(interview.created_at),
        "updated_at": utc(interview.updated_at),
    }


def answer_out(context: ApiContext, reply: Reply) -> AnswerOut:
    status = "closed" if context.conversation.question_of(reply.snapshot).get("done") else "active"
    return AnswerOut(
        interview_id=reply.interview_id,
        status=status,
        answer=turn_out(reply.answer.turn),
        question=question_out(context.conversation, reply.snapshot),
        process=reply.state.process,
    )


def interview_out(context: ApiContext, interview: InterviewInfo) -> InterviewOut:
    turns = context.repository.interviews.turns(interview.id)
    pending = turns[-1].number if turns and turns[-1].speaker == INTERVIEWEE else None
    question = None
    if pending is None and interview.status != "finished":
        snapshot = context.repository.interviews.latest_snapshot(interview.id)
        question = question_out(context.conversation, snapshot)
    return InterviewOut(
        **summary_out(interview),
        pending_answer=pending,
        question=question,
        transcript=[turn_out(turn) for turn in turns],
    )

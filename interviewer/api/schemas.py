"""Request and response bodies of the REST API (with OpenAPI examples).

The analysis models (Process, AnalysisResult) are the contract of
interviewer.models and are returned as they are.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.models import AnalysisResult, Language, Process

_EXAMPLE_ID = "5f0b3c0e-8a53-4c47-9a3e-2d3f0c1b7a11"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CreateInterview(_In):
    process_name: str = Field(
        min_length=1,
        max_length=500,
        description="The process the interview is about.",
        examples=["invoice approval"],
    )
    interviewee_role: str | None = Field(
        default=None,
        max_length=500,
        description="Role or unit of the person interviewed.",
        examples=["accounts payable"],
    )
    language: Language | None = Field(
        default=None, description="'en' or 'de'; detected from the first answers when not given."
    )
    consent: bool = Field(
        default=True, description="The person agreed that the interview is recorded and analysed."
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "process_name": "invoice approval",
                    "interviewee_role": "accounts payable",
                    "language": "en",
                    "consent": True,
                }
            ]
        },
    )


class AnswerIn(_In):
    text: str = Field(
        min_length=1,
        description="The interviewee's answer. Longer than Settings.api_max_answer_chars (8000 by default) is "
        "refused with 413.",
        examples=["I check every invoice against the order, then it goes to my manager for sign-off."],
    )


class QuestionOut(BaseModel):
    """The interviewer's turn: the next question, or the closing words when `done`."""

    number: int = Field(description="Number of the interviewer's turn in the transcript.", examples=[3])
    text: str = Field(examples=["Who signs the invoice off, and how long does it usually wait for that?"])
    gap: str = Field(description="What the question tries to find out.", examples=["wait:s2"])
    step_id: str | None = Field(default=None, description="The step it is about, if any.", examples=["s2"])
    phase: str = Field(description="Phase of the interview.", examples=["followup"])
    done: bool = Field(description="True when the interviewer has nothing more to ask: finish the interview.")


class TurnOut(BaseModel):
    number: int = Field(examples=[2])
    speaker: Literal["interviewer", "interviewee"]
    text: str = Field(examples=["I check every invoice against the order."])
    created_at: datetime


class InterviewCreated(BaseModel):
    id: str = Field(examples=[_EXAMPLE_ID])
    participant_token: str = Field(
        description="Give this to the interviewee: it answers this interview and nothing else. It is shown only "
        "now; it is stored hashed.",
        examples=["ipt_3f9c0a1b2c4d_Zk3…"],
    )
    status: str = Field(examples=["active"])
    language: Language | None = Field(examples=["en"])
    question: QuestionOut


class AnswerOut(BaseModel):
    interview_id: str = Field(examples=[_EXAMPLE_ID])
    status: str = Field(description="active, closed (nothing more to ask) or finished.", examples=["active"])
    answer: TurnOut = Field(description="The answer as stored.")
    question: QuestionOut
    process: Process = Field(description="The process as understood after this answer.")


class InterviewSummary(BaseModel):
    id: str = Field(examples=[_EXAMPLE_ID])
    process_name: str = Field(examples=["invoice approval"])
    interviewee_role: str | None = None
    language: str | None = Field(default=None, examples=["en"])
    consent: bool
    status: str = Field(examples=["active"])
    created_at: datetime
    updated_at: datetime


class InterviewOut(InterviewSummary):
    pending_answer: int | None = Field(
        default=None,
        description="Number of an answer that is stored but not yet answered by the interviewer (its processing "
        "failed or is under way); repeat that POST to complete it.",
    )
    question: QuestionOut | None = Field(default=None, description="The question waiting for an answer.")
    transcript: list[TurnOut]


class InterviewList(BaseModel):
    interviews: list[InterviewSummary]


class ProcessOut(BaseModel):
    interview_id: str = Field(examples=[_EXAMPLE_ID])
    turn: int = Field(description="The interviewer turn this process was derived at.", examples=[7])
    process: Process


class JobFileOut(BaseModel):
    number: int = Field(examples=[1])
    name: str = Field(examples=["interview-anna.vtt"])
    status: Literal["queued", "ok", "failed"]
    case_id: str | None = Field(default=None, examples=["interview-anna"])
    error: str | None = Field(default=None, description="Why it could not be analysed.")


class JobOut(BaseModel):
    id: str = Field(examples=[_EXAMPLE_ID])
    status: Literal["queued", "running", "done"]
    error: str | None = None
    created_at: datetime
    updated_at: datetime
    counts: dict[str, int] = Field(
        description="Files per status.", examples=[{"queued": 0, "ok": 2, "failed": 1}]
    )
    files: list[JobFileOut]


class JobResults(BaseModel):
    job_id: str = Field(examples=[_EXAMPLE_ID])
    status: Literal["queued", "running", "done"]
    results: list[AnalysisResult] = Field(description="One result per file analysed so far.")
    failed: list[JobFileOut] = Field(description="Files that could not be analysed, with the reason.")


class PatternMatch(BaseModel):
    id: str = Field(examples=["approval-bottleneck-invoice-signoff"])
    category: str = Field(examples=["approval-bottleneck"])
    title: str = Field(examples=["Every invoice waits for one manager's sign-off"])
    similarity: float | None = Field(default=None, description="0..1; absent when listing without a query.")
    matched_text: str | None = Field(default=None, description="The catalogue text that matched best.")
    language: str | None = None


class PatternSearch(BaseModel):
    query: str | None = Field(default=None, examples=["who signs off on bills"])
    results: list[PatternMatch]


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready", "not ready"]
    database: str = Field(description="'ok' or why not.", examples=["ok"])
    vector_store: str = Field(description="'ok' or why not.", examples=["ok"])

"""/v1/interviews: start, answer (JSON or Server-Sent Events), read, finish,
report."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.sse import EventSourceResponse

from interviewer.api.auth import Analyst, AnyCaller, visible_interview
from interviewer.api.context import ApiContext, get_context
from interviewer.api.problems import ApiError, problem_responses
from interviewer.api.schemas import (
    AnswerIn,
    AnswerOut,
    CreateInterview,
    InterviewCreated,
    InterviewList,
    InterviewOut,
    InterviewSummary,
    ProcessOut,
)
from interviewer.api.streaming import answer_events
from interviewer.api.views import answer_out, interview_out, question_out, summary_out
from interviewer.models import AnalysisResult

router = APIRouter(prefix="/v1/interviews", tags=["interviews"])

_REPORT_MEDIA = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "bpmn": "application/xml",
    "mermaid": "text/plain; charset=utf-8",
}

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Any unique string per answer (a UUID). Repeating a request with the same key returns the "
        "same response and never stores the answer twice.",
    ),
]


@router.post(
    "",
    status_code=201,
    response_model=InterviewCreated,
    summary="Start an interview",
    responses=problem_responses(400, 401, 403, 413, 422, 429, 503),
)
def create_interview(request: Request, body: CreateInterview, caller: Analyst) -> InterviewCreated:
    """Starts an interview in the caller's workspace. Returns its id, the
    participant token for the interviewee (shown only here) and the first
    question."""
    context = get_context(request)
    info, token, snapshot = context.conversation.start(
        workspace_id=caller.workspace_id,
        key_id=caller.key_id,
        process_name=body.process_name.strip() or body.process_name,
        interviewee_role=body.interviewee_role,
        language=body.language,
        consent=body.consent,
    )
    return InterviewCreated(
        id=info.id,
        participant_token=token,
        status=info.status,
        language=info.language if info.language in ("en", "de") else None,
        question=question_out(context.conversation, snapshot),
    )


@router.get(
    "",
    response_model=InterviewList,
    summary="List the workspace's interviews",
    responses=problem_responses(401, 403, 422, 429),
)
def list_interviews(
    request: Request,
    caller: Analyst,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> InterviewList:
    interviews = get_context(request).repository.interviews.in_workspace(
        caller.workspace_id, limit=limit, offset=offset
    )
    return InterviewList(interviews=[InterviewSummary.model_validate(summary_out(i)) for i in interviews])


@router.post(
    "/{interview_id}/answers",
    response_model=AnswerOut,
    summary="Answer the current question",
    responses={
        200: {
            "description": "The next question and the process so far; with `Accept: text/event-stream`, the same "
            "as Server-Sent Events: `turn` (the stored answer), `process`, `question`, `done` (the whole "
            "response), or `error` (a problem; the answer stays stored, repeat the request).",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        **problem_responses(400, 401, 404, 409, 413, 422, 429, 503),
    },
)
def post_answer(
    request: Request,
    interview_id: str,
    body: AnswerIn,
    caller: AnyCaller,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    context = get_context(request)
    visible_interview(context, caller, interview_id)
    _check_length(context, body.text)
    accepted = context.conversation.accept(interview_id, body.text, idempotency_key)
    if "text/event-stream" in request.headers.get("accept", ""):
        return EventSourceResponse(answer_events(context, interview_id, accepted, request.url.path))
    reply = context.conversation.reply(interview_id, accepted)
    # Serialised here, in this worker thread: returning the model would make
    # FastAPI validate it again in another thread hop, on the hot path.
    return Response(answer_out(context, reply).model_dump_json(), media_type="application/json")


def _check_length(context: ApiContext, text: str) -> None:
    limit = context.settings.api_max_answer_chars
    if len(text) > limit:
        raise ApiError(
            413,
            f"the answer has {len(text)} characters; at most {limit} are accepted "
            "(Settings.api_max_answer_chars): split it into several answers",
            slug="answer-too-long",
        )
    if not text.strip():
        raise ApiError(
            422, "the answer is empty: send some text (or say that you do not know)", slug="empty-answer"
        )


@router.get(
    "/{interview_id}",
    response_model=InterviewOut,
    summary="Read an interview and its transcript",
    responses=problem_responses(401, 404, 429),
)
def get_interview(request: Request, interview_id: str, caller: AnyCaller) -> InterviewOut:
    context = get_context(request)
    interview = visible_interview(context, caller, interview_id)
    return interview_out(context, interview)


@router.get(
    "/{interview_id}/process",
    response_model=ProcessOut,
    summary="The process as understood so far",
    responses=problem_responses(401, 404, 429),
)
def get_process(request: Request, interview_id: str, caller: AnyCaller) -> ProcessOut:
    context = get_context(request)
    visible_interview(context, caller, interview_id)
    snapshot = context.repository.interviews.latest_snapshot(interview_id)
    state = context.conversation.state_of(snapshot)
    return ProcessOut(interview_id=interview_id, turn=snapshot.turn_number, process=state.process)


@router.post(
    "/{interview_id}/finish",
    response_model=AnalysisResult,
    summary="Finish the interview and analyse it",
    responses=problem_responses(401, 404, 409, 429, 503),
)
def finish_interview(request: Request, interview_id: str, caller: AnyCaller) -> Response:
    """Analyses the interview (findings, proposals, the to-be process) and
    stores the result. Finishing again returns the stored result."""
    context = get_context(request)
    visible_interview(context, caller, interview_id)
    return Response(context.conversation.finish(interview_id), media_type="application/json")


@router.get(
    "/{interview_id}/report",
    summary="The report of a finished interview",
    response_class=Response,
    responses={
        200: {
            "description": "The report in the chosen format.",
            "content": {
                media.split(";")[0]: {"schema": {"type": "string"}} for media in _REPORT_MEDIA.values()
            },
        },
        **problem_responses(401, 404, 409, 422, 429),
    },
)
def get_report(
    request: Request,
    interview_id: str,
    caller: AnyCaller,
    format: Annotated[Literal["html", "md", "bpmn", "mermaid"], Query(description="Report format.")] = "html",
) -> Response:
    from interviewer.reports import render

    context = get_context(request)
    visible_interview(context, caller, interview_id)
    stored = context.repository.interviews.result(interview_id)
    if stored is None:
        raise ApiError(
            409,
            f"interview {interview_id} is not finished: POST /v1/interviews/{interview_id}/finish first",
            slug="not-finished",
        )
    result = AnalysisResult.model_validate_json(stored)
    return Response(render(result, format), media_type=_REPORT_MEDIA[format])

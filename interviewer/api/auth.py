"""Who is calling: an analyst (API key of a workspace) or a participant
(token of one interview), from `Authorization: Bearer ...`.

Analysts see and do everything in their workspace. A participant token works
only on its own interview. Anything the caller may not see answers 404, the
same as what does not exist, so ids cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from interviewer.api.context import ApiContext, get_context
from interviewer.api.problems import ApiError
from interviewer.api.ratelimit import retry_after_header
from interviewer.storage.records import InterviewInfo, JobInfo
from interviewer.storage.secrets import ANALYST, PARTICIPANT, parse_token

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An analyst API key (`interviewer keys create`) or an interview's participant token.",
)

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="interviewer"'}


@dataclass(frozen=True)
class Principal:
    kind: Literal["analyst", "participant"]
    workspace_id: str
    prefix: str  # the token's public prefix: names it in limits, never a secret
    key_id: str | None = None
    interview_id: str | None = None
    # A participant's interview as read while authenticating (saves a query).
    interview: InterviewInfo | None = field(default=None, compare=False, repr=False)


def _unauthorised(detail: str) -> ApiError:
    return ApiError(401, detail, headers=_CHALLENGE, slug="unauthorized")


def authenticate(context: ApiContext, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    if credentials is None:
        raise _unauthorised(
            "this endpoint needs `Authorization: Bearer <key>`: an analyst API key or a participant token"
        )
    parsed = parse_token(credentials.credentials)
    principal: Principal | None = None
    if parsed is not None and parsed.kind == ANALYST:
        key = context.repository.keys.authenticate(credentials.credentials)
        if key is not None:
            principal = Principal("analyst", key.workspace_id, parsed.prefix, key_id=key.id)
    elif parsed is not None and parsed.kind == PARTICIPANT:
        interview = context.repository.interviews.authenticate(credentials.credentials)
        if interview is not None:
            principal = Principal(
                "participant",
                interview.workspace_id,
                parsed.prefix,
                interview_id=interview.id,
                interview=interview,
            )
    if principal is None:
        raise _unauthorised("the API key or participant token is not valid (unknown, mistyped or revoked)")
    wait = context.limiter.check(principal.prefix)
    if wait is not None:
        raise ApiError(
            429,
            f"more than {context.limiter.per_minute} requests per minute with this token "
            "(Settings.api_requests_per_minute); wait and try again",
            headers={"Retry-After": retry_after_header(wait)},
            retryable=True,
        )
    return principal


def current_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
) -> Principal:
    return authenticate(get_context(request), credentials)


def current_analyst(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    if principal.kind != "analyst":
        raise ApiError(
            403,
            "a participant token only reads and answers its own interview; this endpoint needs an analyst API key",
            slug="forbidden",
        )
    return principal


AnyCaller = Annotated[Principal, Depends(current_principal)]
Analyst = Annotated[Principal, Depends(current_analyst)]


def visible_interview(context: ApiContext, principal: Principal, interview_id: str) -> InterviewInfo:
    """The interview when this caller may see it; 404 otherwise (also when it
    exists in another workspace or belongs to another participant)."""
    missing = ApiError(404, f"no interview {interview_id}", slug="not-found")
    if principal.kind == "participant":
        if principal.interview_id != interview_id:
            raise missing
        if principal.interview is not None:
            return principal.interview
    interview = context.repository.interviews.get(interview_id)
    if interview is None or interview.workspace_id != principal.workspace_id:
        raise missing
    return interview


def visible_job(
    context: ApiContext, principal: Principal, job_id: str, *, with_results: bool = False
) -> JobInfo:
    job = context.repository.jobs.get(job_id, with_results=with_results)
    if job is None or job.workspace_id != principal.workspace_id:
        raise ApiError(404, f"no job {job_id}", slug="not-found")
    return job

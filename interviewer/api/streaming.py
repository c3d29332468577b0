"""An answer's reply as Server-Sent Events.

The answer is already stored when the stream starts (errors before that are
ordinary problem responses). Events: `turn` (the stored answer), then, once
the engine has run, `process`, `question` and `done` (the whole response, as
the JSON endpoint returns it); or `error` (a problem: the answer stays
stored and repeating the request completes it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from fastapi.encoders import jsonable_encoder
from fastapi.sse import format_sse_event

from interviewer.api.problems import Problem
from interviewer.api.views import answer_out, turn_out
from interviewer.errors import InterviewerError

if TYPE_CHECKING:
    from interviewer.api.context import ApiContext
    from interviewer.storage.records import AcceptedAnswer

log = logging.getLogger("interviewer.api")


def _event(name: str, payload: object, event_id: str | None = None) -> bytes:
    from pydantic_core import to_json

    return format_sse_event(event=name, data_str=to_json(jsonable_encoder(payload)).decode(), id=event_id)


def answer_events(
    context: ApiContext, interview_id: str, accepted: AcceptedAnswer, path: str
) -> Iterator[bytes]:
    number = accepted.turn.number
    yield _event("turn", turn_out(accepted.turn), str(number))
    try:
        reply = context.conversation.reply(interview_id, accepted)
    except Exception as error:
        # The status line (200) is sent already: the problem travels as an event.
        known = isinstance(error, InterviewerError)
        if not known:
            log.error("answer stream for %s failed", path, exc_info=error)
        problem = Problem(
            type="urn:process-interviewer:problem:"
            + ("engine-unavailable" if known else "internal-server-error"),
            title=error.title if isinstance(error, InterviewerError) else "Internal server error",
            status=int(error.http_status) if isinstance(error, InterviewerError) else 500,
            detail=str(error)
            if known
            else "the server failed on this answer; it is stored, repeat the request",
            instance=path,
            retryable=error.retryable if isinstance(error, InterviewerError) else True,
        )
        yield _event("error", problem.model_dump(exclude_none=True))
        return
    body = answer_out(context, reply)
    yield _event("process", {"turn": reply.snapshot.turn_number, "process": body.process})
    yield _event("question", body.question, str(body.question.number))
    yield _event("done", body)

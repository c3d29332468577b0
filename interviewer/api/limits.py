"""Request body limits, enforced before a body is read into memory.

A pure ASGI middleware: a declared Content-Length over the limit is refused
at once with 413; a body without one (chunked) is counted as it arrives and
refused as soon as it passes the limit. Uploads to /v1/jobs get the upload
limit (plus room for the multipart framing); every other request a small
one, enough for the longest answer allowed.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from interviewer.api.problems import problem_response

Message = MutableMapping[str, Any]
# Multipart boundaries and part headers around the files themselves.
MULTIPART_ALLOWANCE = 64 * 1024


class BodyTooLargeError(StarletteHTTPException):
    """Raised from `receive`: an HTTPException, so that FastAPI's body reading
    passes it on (other errors there become a 400) and the problem handler
    answers it."""

    def __init__(self, detail: str) -> None:
        super().__init__(status_code=413, detail=detail)


def _upload_path(scope: Scope) -> bool:
    return scope.get("method") == "POST" and str(scope.get("path", "")).rstrip("/") == "/v1/jobs"


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_upload_bytes: int, max_answer_chars: int) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes
        # UTF-8 takes up to 4 bytes per character; JSON escapes take up to 6.
        self.max_json_bytes = max(64 * 1024, max_answer_chars * 6 + 4096)

    def limit_for(self, scope: Scope) -> tuple[int, str]:
        if _upload_path(scope):
            return (
                self.max_upload_bytes + MULTIPART_ALLOWANCE,
                f"the upload is larger than {self.max_upload_bytes} bytes, the limit "
                "(Settings.api_max_upload_bytes); send fewer or smaller files per job",
            )
        return self.max_json_bytes, f"the request body is larger than {self.max_json_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, message = self.limit_for(scope)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, receive, send, message)
            return
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(message)
            return event

        async def tracking_send(event: Message) -> None:
            nonlocal response_started
            if event["type"] == "http.response.start":
                response_started = True
            await send(event)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLargeError:
            if response_started:
                raise
            await _refuse(scope, receive, send, message)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, receive: Receive, send: Send, message: str) -> None:
    response = problem_response(Request(scope), 413, message, slug="content-too-large")
    response.headers["Connection"] = "close"
    await response(scope, receive, send)

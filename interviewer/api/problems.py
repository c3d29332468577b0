"""Every error as application/problem+json (RFC 9457): type, title, status,
detail, instance, plus `retryable` and, for validation errors, `errors`.

The tool's own errors carry their HTTP status (interviewer.errors); FastAPI's
validation errors, Starlette's HTTP errors (unknown route, wrong method) and
anything unexpected are translated here too, so a client never has to parse
two error shapes. Unexpected errors are logged with their traceback and
answered without internals.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from interviewer.errors import InterviewerError

log = logging.getLogger("interviewer.api")

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_BASE = "urn:process-interviewer:problem:"

_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Invalid request",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


class Problem(BaseModel):
    """An error, as application/problem+json."""

    type: str = Field(description="A URN naming the kind of problem.", examples=[_TYPE_BASE + "not-found"])
    title: str = Field(description="Short summary of the kind of problem.", examples=["Not found"])
    status: int = Field(description="The HTTP status code.", examples=[404])
    detail: str = Field(
        description="What went wrong in this request, and what to do.", examples=["no interview 7c0e…"]
    )
    instance: str = Field(description="The request path.", examples=["/v1/interviews/7c0e…"])
    retryable: bool = Field(default=False, description="True when repeating the same request may succeed.")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="For invalid requests: each invalid field, where it is and why."
    )


class ApiError(InterviewerError):
    """An error raised by the API layer itself, with its status and headers."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        retryable: bool = False,
        slug: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.http_status = status
        self.headers = headers or {}
        self.retryable = retryable
        self.slug = slug

    @property
    def title(self) -> str:
        return _TITLES.get(self.http_status, "Error")


class EngineUnavailableError(InterviewerError):
    """The engine failed on a stored answer: retry the same request."""

    http_status = 503
    retryable = True


def _slug(title: str) -> str:
    return "-".join(title.lower().replace("_", " ").split())


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    title: str | None = None,
    slug: str | None = None,
    retryable: bool = False,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    title = title or _TITLES.get(status, "Error")
    body = Problem(
        type=_TYPE_BASE + (slug or _slug(title)),
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        retryable=retryable,
        errors=errors,
    )
    all_headers = dict(headers or {})
    if retryable and status in (409, 503) and "Retry-After" not in all_headers:
        all_headers["Retry-After"] = "1"
    return JSONResponse(
        jsonable_encoder(body, exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=all_headers,
    )


def problem_for(request: Request, error: InterviewerError) -> JSONResponse:
    status = int(error.http_status)
    if isinstance(error, ApiError):
        return problem_response(
            request, status, str(error), slug=error.slug, retryable=error.retryable, headers=error.headers
        )
    title = _TITLES.get(status, "Error")
    return problem_response(
        request,
        status,
        str(error) or title,
        title=title,
        slug=_slug(type(error).__name__.removesuffix("Error")),
        retryable=error.retryable,
    )


def _validation_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    found = []
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ())]
        found.append({"location": location, "message": item.get("msg", ""), "type": item.get("type", "")})
    return found


def install_problem_handlers(app: FastAPI) -> None:
    async def interviewer_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, InterviewerError)
        if error.http_status >= 500:
            log.warning("%s %s: %s: %s", request.method, request.url.path, type(error).__name__, error)
        return problem_for(request, error)

    async def validation_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        errors = _validation_errors(error)
        where = "; ".join(f"{'.'.join(e['location'])}: {e['message']}" for e in errors[:5])
        return problem_response(request, 422, f"the request is not valid: {where}", errors=errors)

    async def http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        detail = str(error.detail)
        if error.status_code == 404 and detail == "Not Found":
            detail = f"no such endpoint: {request.method} {request.url.path}; see /docs for the API"
        elif error.status_code == 400 and detail == "There was an error parsing the body":
            detail = "the request body could not be read: send UTF-8 JSON (or multipart files for uploads)"
        elif error.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}"
        return problem_response(request, error.status_code, detail, headers=dict(error.headers or {}))

    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        log.error("%s %s failed", request.method, request.url.path, exc_info=error)
        return problem_response(
            request, 500, "the server failed on this request; it has been logged", retryable=False
        )

    app.add_exception_handler(InterviewerError, interviewer_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these error statuses."""
    return {
        status: {
            "description": _TITLES.get(status, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }

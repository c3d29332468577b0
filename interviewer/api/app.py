"""create_app(settings): the FastAPI application.

Everything expensive (database and migrations, engines, the vector store,
the interview conductor, the job worker) is built once per process in the
lifespan, from the Settings passed in; routes reach it through ApiContext.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from interviewer.api.limits import BodyLimitMiddleware
from interviewer.api.problems import Problem, install_problem_handlers
from interviewer.api.redaction import install_redaction

if TYPE_CHECKING:
    from interviewer.api.conversation import ConductorLike
    from interviewer.settings import Settings

log = logging.getLogger("interviewer.api")

DESCRIPTION = """\
Interviews staff about how their work really flows, over HTTP.

An analyst (API key from `interviewer keys create`) starts an interview and
hands its participant token to the interviewee, who answers one question
after another; after each answer the API returns the next question and the
process as understood so far. Finishing returns the analysis (findings,
proposals, the to-be process); reports come as HTML, Markdown, BPMN or
Mermaid. Transcript files can be uploaded for batch analysis as jobs.

Errors are `application/problem+json`. Answers are stored before they are
processed; send an `Idempotency-Key` with each answer and repeat a request
that failed or timed out: it is never stored twice.
"""


def create_app(
    settings: Settings | None = None,
    *,
    conductor: ConductorLike | None = None,
    state_type: Any = None,
    run_jobs: bool = True,
) -> FastAPI:
    """The API for `settings` (default: read from the environment).

    `conductor` and `state_type` replace the live interview's Conductor and
    InterviewState (tests inject failures this way); `run_jobs=False` starts
    no background job worker.
    """
    from interviewer import __version__

    if settings is None:
        from interviewer.settings import Settings

        settings = Settings()
    install_redaction()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        context = _build_context(settings, conductor, state_type, run_jobs)
        app.state.context = context
        try:
            yield
        finally:
            if context.jobs is not None:
                context.jobs.stop()
            context.repository.close()

    app = FastAPI(
        title="Process interviewer",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    install_problem_handlers(app)
    app.add_middleware(
        BodyLimitMiddleware,
        max_upload_bytes=settings.api_max_upload_bytes,
        max_answer_chars=settings.api_max_answer_chars,
    )
    if settings.api_cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.api_cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "Accept"],
            expose_headers=["Retry-After"],
        )

    from interviewer.api.routes import catalogue, health, interviews, jobs

    for module in (interviews, jobs, catalogue, health):
        app.include_router(module.router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _build_context(
    settings: Settings, conductor: ConductorLike | None, state_type: Any, run_jobs: bool
) -> Any:
    from interviewer.api.context import ApiContext
    from interviewer.api.conversation import Conversation
    from interviewer.api.jobs_worker import JobWorker
    from interviewer.api.ratelimit import RateLimiter
    from interviewer.services import build_services
    from interviewer.storage import Repository

    repository = Repository.from_settings(settings)
    services = build_services(settings)
    if conductor is None or state_type is None:
        from interviewer.interview import Conductor, InterviewState

        conductor = conductor or Conductor.from_settings(settings)
        state_type = state_type or InterviewState
    context = ApiContext(
        settings=settings,
        repository=repository,
        conversation=Conversation(repository, conductor, state_type),
        limiter=RateLimiter(settings.api_requests_per_minute),
        services=services,
    )
    if run_jobs:
        context.jobs = JobWorker(repository, services)
        context.jobs.start()
    log.info("API ready: database %s, engine %s", repository.backend, settings.engine)
    return context


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components["Problem"] = problem
    app.openapi_schema = schema
    return schema


def app_from_environment() -> FastAPI:
    """For `uvicorn --factory interviewer.api.app:app_from_environment`:
    Settings from the environment (INTERVIEWER_*), as `interviewer serve` sets it."""
    return create_app()

"""/healthz (the process answers) and /readyz (it can serve: database and
vector store reachable)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interviewer.api.context import get_context
from interviewer.api.schemas import Health, Readiness

router = APIRouter(tags=["health"])
log = logging.getLogger("interviewer.api")


@router.get("/healthz", response_model=Health, summary="Liveness")
def healthz() -> Health:
    return Health()


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Readiness: database and vector store reachable",
    responses={503: {"model": Readiness, "description": "Not ready; the fields say what is missing."}},
)
def readyz(request: Request) -> JSONResponse:
    context = get_context(request)
    database = _check(lambda: context.repository.ping())
    vector_store = _check(lambda: context.vector_store().client.heartbeat())
    ready = database == "ok" and vector_store == "ok"
    body = Readiness(status="ready" if ready else "not ready", database=database, vector_store=vector_store)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


def _check(probe: Callable[[], object]) -> str:
    try:
        probe()
        return "ok"
    except Exception as error:
        log.warning("readiness check failed: %s: %s", type(error).__name__, error)
        return f"unreachable: {type(error).__name__}"

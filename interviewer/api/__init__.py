"""The REST API: `create_app(settings)` builds the FastAPI application;
`interviewer serve` runs it with uvicorn. See docs/api.md."""

from __future__ import annotations

from interviewer.api.app import create_app

__all__ = ["create_app"]

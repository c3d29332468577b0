"""Fixtures of the API tests: a real app (real Conductor, real SQLite or
PostgreSQL, real Chroma) per test, over FastAPI's TestClient.

The anti-pattern index is built once per session in a shared data
directory (it takes seconds); each test gets its own database.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from interviewer.api import create_app
from interviewer.api.context import ApiContext
from interviewer.settings import Settings
from tests.api.support import ANSWERS_EN, base_settings, bearer, uvicorn_in_thread
from tests.storage.pg import postgres_url_or_skip


@pytest.fixture(scope="session")
def knowledge_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api-knowledge")


@dataclass
class Api:
    """A running app and shortcuts to drive it."""

    client: TestClient
    settings: Settings
    analyst: dict[str, str] = field(default_factory=dict)

    @property
    def context(self) -> ApiContext:
        context: ApiContext = self.client.app.state.context  # type: ignore[attr-defined]
        return context

    def new_analyst(self, workspace: str = "ops", name: str = "anna") -> dict[str, str]:
        _, token = self.context.repository.keys.create_key(workspace=workspace, name=name)
        return bearer(token)

    def start(self, headers: dict[str, str] | None = None, **body: Any) -> dict[str, Any]:
        payload = {"process_name": "invoice approval", "language": "en"} | body
        response = self.client.post("/v1/interviews", json=payload, headers=headers or self.analyst)
        assert response.status_code == 201, response.text
        data: dict[str, Any] = response.json()
        return data

    def answer(self, interview_id: str, headers: dict[str, str], text: str, key: str | None = None) -> Any:
        extra = {"Idempotency-Key": key} if key else {}
        return self.client.post(
            f"/v1/interviews/{interview_id}/answers", json={"text": text}, headers=headers | extra
        )


ApiFactory = Callable[..., Api]


def open_api(stack: ExitStack, settings: Settings, conductor: Any = None) -> Api:
    state_type = None
    if conductor is not None:
        from interviewer.interview import InterviewState

        state_type = InterviewState
    app = create_app(settings, conductor=conductor, state_type=state_type)
    client = stack.enter_context(TestClient(app, raise_server_exceptions=False))
    api = Api(client=client, settings=settings)
    api.analyst = api.new_analyst()
    return api


@pytest.fixture
def make_api(knowledge_dir: Path, tmp_path: Path) -> Iterator[ApiFactory]:
    """make_api(conductor=None, **settings_overrides) -> a started Api on a new SQLite database."""
    numbers = itertools.count(1)
    with ExitStack() as stack:

        def factory(*, conductor: Any = None, **overrides: Any) -> Api:
            url = f"sqlite:///{tmp_path / f'api-{next(numbers)}.sqlite3'}"
            return open_api(stack, base_settings(knowledge_dir, url, **overrides), conductor)

        yield factory


@pytest.fixture
def api(make_api: ApiFactory) -> Api:
    return make_api()


@pytest.fixture
def interview(api: Api) -> dict[str, Any]:
    """A started interview: its body plus 'headers' for its participant."""
    data = api.start()
    data["headers"] = bearer(data["participant_token"])
    return data


@pytest.fixture
def postgres_api(knowledge_dir: Path) -> Iterator[Api]:
    """The app on a fresh PostgreSQL schema (closed before the schema is dropped)."""
    with postgres_url_or_skip() as url, ExitStack() as stack:
        yield open_api(stack, base_settings(knowledge_dir, url))


__all__ = ["ANSWERS_EN", "Api", "ApiFactory"]


@dataclass
class HttpApi:
    """The app served by uvicorn on a loopback port, with a real HTTP client."""

    base_url: str
    context: ApiContext
    analyst: dict[str, str]


@contextlib.contextmanager
def serve_over_http(settings: Settings) -> Iterator[HttpApi]:
    app = create_app(settings)
    with uvicorn_in_thread(app) as base_url:
        context: ApiContext = app.state.context
        _, key = context.repository.keys.create_key(workspace="ops", name="http")
        yield HttpApi(base_url, context, bearer(key))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def http_api(request: pytest.FixtureRequest, knowledge_dir: Path, tmp_path: Path) -> Iterator[HttpApi]:
    """The API over real HTTP, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        with serve_over_http(base_settings(knowledge_dir, f"sqlite:///{tmp_path / 'http.sqlite3'}")) as api:
            yield api
        return
    with postgres_url_or_skip() as url, serve_over_http(base_settings(knowledge_dir, url)) as api:
        yield api

"""Schemathesis against the OpenAPI document, over real HTTP: generated
requests (valid and invalid) never produce a server error, and responses
match what the document promises. Bounded: few examples per operation,
derandomised, so the run takes seconds and is the same every time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from interviewer.api import create_app
from tests.api.support import base_settings, bearer, uvicorn_in_thread

pytestmark = pytest.mark.slow


class Served:
    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        self.base_url, self.headers = base_url, headers


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, knowledge_dir: Path) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("schemathesis")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INTERVIEWER_CONFIG", str(folder / "no-config.toml"))
        app_settings = base_settings(knowledge_dir, f"sqlite:///{folder / 'api.sqlite3'}")
    # No job worker: generated uploads are stored, not analysed, to keep this bounded.
    app = create_app(app_settings, run_jobs=False)
    with uvicorn_in_thread(app) as base_url:
        _, key = app.state.context.repository.keys.create_key(workspace="fuzz", name="schemathesis")
        yield Served(base_url, bearer(key))


def test_no_server_error_on_any_operation(served: Served) -> None:
    """Each operation, with valid and with invalid generated requests (as an
    analyst, so that requests get past authentication), under all of
    schemathesis's default checks: no server error, documented status codes
    and content types, responses matching their schema, valid requests
    accepted. Not "invalid requests refused": unknown query parameters are
    ignored on purpose, and multipart file contents have no type to violate."""
    schema = schemathesis.openapi.from_url(f"{served.base_url}/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=10,
                derandomize=True,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                case.call_and_validate(
                    base_url=served.base_url,
                    headers=served.headers,
                    excluded_checks=[negative_data_rejection],
                )

            try:
                run()
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
                continue
            except (Exception, BaseExceptionGroup) as error:  # collected: one report for all operations
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert operations >= 12
    assert not failures, "\n\n".join(failures)


def test_the_fuzzer_reached_the_database(served: Served) -> None:
    import httpx2

    listed = httpx2.get(f"{served.base_url}/v1/interviews?limit=500", headers=served.headers, timeout=30)
    assert listed.status_code == 200
    assert listed.json()["interviews"], "generated requests created interviews"

"""The test server's request check is real: it accepts what the clients send and rejects what the API forbids."""

from __future__ import annotations

import pytest

from tests.support.openapi_validation import OPENAPI_PATH, RequestValidator


@pytest.fixture
def validator(openapi_validator: RequestValidator | None) -> RequestValidator:
    if openapi_validator is None:
        pytest.skip(f"{OPENAPI_PATH} not found: requests to the test server are NOT validated in this run")
    return openapi_validator


def test_a_valid_chat_request_passes(validator: RequestValidator) -> None:
    body = {
        "model": "test-model",
        "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "X", "schema": {"type": "object"}, "strict": True},
        },
        "temperature": 0.0,
        "stream": False,
    }
    assert validator.errors("CreateChatCompletionRequest", body) == []


@pytest.mark.parametrize(
    "body",
    [
        {"model": "m"},  # no messages
        {"model": "m", "messages": []},  # minItems 1
        {"model": "m", "messages": [{"role": "wizard", "content": "x"}]},
        {"model": "m", "messages": [{"role": "user", "content": "x"}], "temperature": 7},
        {"model": "m", "messages": [{"role": "user", "content": "x"}], "response_format": {"type": "yaml"}},
    ],
    ids=["no-messages", "empty-messages", "unknown-role", "temperature-range", "unknown-format"],
)
def test_an_invalid_chat_request_is_reported(validator: RequestValidator, body: dict[str, object]) -> None:
    assert validator.errors("CreateChatCompletionRequest", body)


def test_embedding_requests(validator: RequestValidator) -> None:
    assert (
        validator.errors(
            "CreateEmbeddingRequest", {"model": "e", "input": ["a", "b"], "encoding_format": "float"}
        )
        == []
    )
    assert validator.errors("CreateEmbeddingRequest", {"model": "e", "input": []})
    assert validator.errors("CreateEmbeddingRequest", {"model": "e", "input": "a", "unknown": 1})


def test_null_where_the_api_allows_it(validator: RequestValidator) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "x"}], "max_completion_tokens": None}
    assert validator.errors("CreateChatCompletionRequest", body) == []

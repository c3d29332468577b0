"""`interviewer doctor`: what works at the configured endpoint, in plain words.

Each check is one line: passed, failed or not applicable, with the reason
and, when something fails, what to change. Only the checks the configured
engine needs decide the exit code.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from interviewer.engines.llm.pseudonymise import is_local_endpoint

if TYPE_CHECKING:
    from interviewer.settings import Settings

METHODS = ("json_schema", "function_calling", "json_mode")


@dataclass
class Check:
    name: str
    ok: bool | None  # None: could not be decided (not applicable, or the server does not say)
    detail: str
    hint: str | None = None
    required: bool = True


class DoctorPing(BaseModel):
    """A tiny answer that proves structured output works."""

    answer: str = Field(description="The word 'pong'.")
    ok: bool = Field(description="Always true.")


def _status_error(error: Exception) -> tuple[int | None, str]:
    status = getattr(error, "status_code", None)
    message = getattr(error, "message", None) or str(error)
    return status, message.splitlines()[0][:200]


def _list_models(settings: Settings, url: str) -> tuple[list[Check], list[str] | None]:
    import openai

    client = openai.OpenAI(
        base_url=url,
        api_key=settings.llm_api_key.get_secret_value(),
        timeout=settings.llm_timeout_seconds,
        max_retries=0,
    )
    try:
        models = [model.id for model in client.models.list()]
    except openai.APIConnectionError as error:
        cause = error.__cause__ or error
        return [
            Check("reachable", False, f"no connection to {url}: {cause}",
                  "Is the server running? Check INTERVIEWER_LLM_BASE_URL (it usually ends in /v1).")
        ], None  # fmt: skip
    except openai.APIStatusError as error:
        status, message = _status_error(error)
        reachable = Check("reachable", True, f"{url} answers (HTTP {status} on /models)")
        if status in (401, 403):
            return [reachable, Check("authenticated", False, message, "Set INTERVIEWER_LLM_API_KEY.")], None
        return [reachable, Check("model listed", None, f"the endpoint does not list models: {message}")], None
    finally:
        client.close()
    checks = [Check("reachable", True, f"{url} answers")]
    if settings.llm_model in models:
        checks.append(Check("model listed", True, f"{settings.llm_model} is available"))
    else:
        shown = ", ".join(models[:8]) + (" ..." if len(models) > 8 else "")
        checks.append(
            Check(
                "model listed",
                False,
                f"{settings.llm_model} is not among the {len(models)} models listed ({shown or 'none'})",
                "Set INTERVIEWER_LLM_MODEL to one of them (with Ollama: `ollama pull <model>` first).",
            )
        )
    return checks, models


async def _structured(settings: Settings, url: str) -> list[Check]:
    from interviewer.engines.llm.client import ChatMessage, TransportError
    from interviewer.engines.llm.langchain_client import LangChainChatClient

    checks = []
    working = []
    messages = [
        ChatMessage("system", "You check that structured output works. Answer only with JSON."),
        ChatMessage("user", 'Answer with JSON: {"answer": "pong", "ok": true}'),
    ]
    for method in METHODS:
        client = LangChainChatClient(
            base_url=url,
            api_key=settings.llm_api_key.get_secret_value(),
            model=settings.llm_model,
            method=method,
            timeout=settings.llm_timeout_seconds,
            temperature=settings.llm_temperature,
            max_connections=1,
        )
        configured = method == settings.llm_structured_output
        name = f"structured output: {method}" + (" (configured)" if configured else "")
        try:
            reply = await client.complete(messages, DoctorPing)
            if reply.parsed is not None:
                checks.append(Check(name, True, "a valid answer came back", required=configured))
                working.append(method)
            else:
                why = reply.refusal or "; ".join(reply.problems)
                checks.append(Check(name, False, f"the answer was not usable: {why}", required=configured))
        except TransportError as error:
            checks.append(Check(name, False, str(error), required=configured))
        finally:
            await client.aclose()
    for check in checks:
        if check.ok is False and check.required and working:
            check.hint = f"Set INTERVIEWER_LLM_STRUCTURED_OUTPUT={working[0]} (it works with this endpoint)."
    return checks


def _embeddings(settings: Settings) -> Check:
    import openai

    url = settings.embedding_base_url or settings.llm_base_url
    required = settings.embedding_base_url is not None
    if not url:
        return Check(
            "embeddings", None, "no endpoint configured: the offline embedding is used", required=False
        )
    key = (
        settings.embedding_api_key if settings.embedding_base_url else settings.llm_api_key
    ).get_secret_value()
    client = openai.OpenAI(base_url=url, api_key=key, timeout=settings.llm_timeout_seconds, max_retries=0)
    try:
        response = client.embeddings.create(
            model=settings.embedding_model, input=["ping"], encoding_format="float"
        )
        dimensions = len(response.data[0].embedding)
        return Check(
            "embeddings",
            True,
            f"{settings.embedding_model} returns {dimensions} dimensions",
            required=required,
        )
    except openai.APIError as error:
        _, message = _status_error(error)
        return Check(
            "embeddings",
            False,
            f"{settings.embedding_model} at {url}: {message}",
            "Set INTERVIEWER_EMBEDDING_MODEL to an embedding model the endpoint serves, or leave "
            "INTERVIEWER_EMBEDDING_BASE_URL unset to use the offline embedding.",
            required=required,
        )
    finally:
        client.close()


def run_checks(settings: Settings) -> list[Check]:
    url = settings.llm_base_url
    needed = settings.engine == "llm"
    if not url:
        checks = [
            Check(
                "endpoint configured",
                False if needed else None,
                "no LLM endpoint configured" + ("" if needed else "; the offline engine needs none"),
                "Set INTERVIEWER_LLM_BASE_URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.",
                required=needed,
            )
        ]
        if settings.embedding_base_url:
            checks.append(_embeddings(settings))
        return checks
    checks, _ = _list_models(settings, url)
    if checks[0].ok:
        checks.extend(asyncio.run(_structured(settings, url)))
    remote = not is_local_endpoint(url)
    pseudonymise = settings.llm_pseudonymise if settings.llm_pseudonymise is not None else remote
    checks.append(
        Check(
            "personal data",
            None,
            ("names, e-mail addresses and phone numbers are replaced before sending" if pseudonymise
             else "transcripts are sent as they are") + (" (remote endpoint)" if remote else " (local endpoint)"),
            required=False,
        )
    )  # fmt: skip
    checks.append(_embeddings(settings))
    for check in checks:
        check.required = check.required and needed
    return checks


def format_checks(checks: list[Check]) -> str:
    marks: dict[Any, str] = {True: "✓", False: "✗", None: "·"}
    lines = []
    for check in checks:
        lines.append(f"{marks[check.ok]} {check.name}: {check.detail}")
        if check.hint and check.ok is False:
            lines.append(f"    hint: {check.hint}")
    return "\n".join(lines)


def healthy(checks: list[Check]) -> bool:
    return all(check.ok is not False for check in checks if check.required)

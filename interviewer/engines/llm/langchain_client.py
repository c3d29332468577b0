"""The real ChatClient: LangChain's ChatOpenAI against any OpenAI-compatible endpoint.

Retries are ours (max_retries=0 here) so that Retry-After is honoured and
every attempt is counted. An httpx2 event hook keeps the raw response body
of each request (in a context variable, so concurrent calls never mix):
it gives the tokens the server reports, the finish reason and the answer
text, whatever the structured-output method did with them, so a repair
round can quote a broken answer back and the accounting includes failed
attempts.
"""

from __future__ import annotations

import contextvars
import functools
import json
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from interviewer.engines.llm.client import ChatMessage, ChatReply, PermanentError, TransientError

if TYPE_CHECKING:
    import httpx2


@dataclass
class _Capture:
    body: dict[str, Any] | None = None
    status: int | None = None
    started: float | None = None
    http_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


_CAPTURE: contextvars.ContextVar[_Capture | None] = contextvars.ContextVar("llm_capture", default=None)


async def _on_request(request: httpx2.Request) -> None:
    capture = _CAPTURE.get()
    if capture is not None:
        capture.started = time.perf_counter()


async def _on_response(response: httpx2.Response) -> None:
    capture = _CAPTURE.get()
    if capture is None or not response.request.url.path.endswith("/chat/completions"):
        return
    await response.aread()  # cached by httpx2: the SDK reads the same bytes afterwards
    if capture.started is not None:
        capture.http_seconds += time.perf_counter() - capture.started
    capture.status = response.status_code
    try:
        body = response.json()
    except ValueError:
        return
    if isinstance(body, dict):
        capture.body = body


def parse_retry_after(headers: Any, *, now: float | None = None) -> float | None:
    """Seconds to wait from retry-after-ms or Retry-After (seconds or an HTTP date)."""
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def classify_error(error: BaseException, timeout: float) -> TransientError | PermanentError | None:
    """Our error for an exception of the openai SDK, or None when it is not a transport error."""
    import openai

    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        code = error.code if isinstance(error.code, str) else ""
        message = f"HTTP {status} from the endpoint: {error.message}"
        if status == 429 and code == "insufficient_quota":
            return PermanentError(message + " (quota exhausted; retrying will not help)")
        if status in (408, 409, 429) or status >= 500:
            return TransientError(message, retry_after=parse_retry_after(error.response.headers))
        return PermanentError(message)
    if isinstance(error, openai.APITimeoutError):
        return TransientError(f"no answer within {timeout:g} s (timeout)")
    if isinstance(error, openai.APIConnectionError):
        return TransientError(f"connection failed: {_root_cause(error)}")
    return None


def _root_cause(error: BaseException) -> str:
    """The innermost error, unwrapping exception groups and chains, as 'Type: message'."""
    seen = 0
    while seen < 20:
        seen += 1
        if isinstance(error, BaseExceptionGroup) and error.exceptions:
            error = error.exceptions[0]
        elif error.__cause__ is not None:
            error = error.__cause__
        else:
            break
    return f"{type(error).__name__}: {error}"


def _strip_fences(text: str) -> str:
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[1] if "\n" in stripped else ""
        stripped = stripped.rsplit("```", 1)[0]
    return stripped.strip()


def describe_validation_error(error: ValidationError, limit: int = 12) -> list[str]:
    """Short, model-readable lines: where in the JSON, and what is wrong."""
    problems = []
    for item in error.errors()[:limit]:
        if item["type"] == "json_invalid":
            problems.append(f"the answer is not valid JSON ({item['msg']})")
            continue
        where = ".".join(str(part) for part in item["loc"]) or "the top level"
        problems.append(f"{where}: {item['msg']}")
    if error.error_count() > limit:
        problems.append(f"... and {error.error_count() - limit} more problems of the same kind")
    return problems


def _answer_text(body: dict[str, Any] | None) -> tuple[str | None, str | None, str | None]:
    """(answer text or tool arguments, finish reason, refusal) from a chat completion body."""
    if not body or not body.get("choices"):
        return None, None, None
    choice = body["choices"][0] or {}
    message = choice.get("message") or {}
    text = message.get("content")
    for call in message.get("tool_calls") or []:
        arguments = (call.get("function") or {}).get("arguments")
        if isinstance(arguments, str):
            text = arguments
            break
    return text, choice.get("finish_reason"), message.get("refusal")


def interpret(schema: type[BaseModel], capture: _Capture, error: BaseException | None = None) -> ChatReply:
    """The answer in the captured body, validated by pydantic, with plain-language problems."""
    text, finish_reason, refusal = _answer_text(capture.body)
    usage = (capture.body or {}).get("usage") or {}
    reply = ChatReply(
        parsed=None,
        raw_text=text,
        finish_reason=finish_reason,
        refusal=refusal,
        prompt_tokens=usage.get("prompt_tokens"),
        completion_tokens=usage.get("completion_tokens"),
        http_seconds=capture.http_seconds,
    )
    if error is not None and type(error).__name__ == "OpenAIRefusalError" and not refusal:
        reply.refusal = str(error) or "the model refused"
    if reply.refusal or finish_reason == "content_filter":
        reply.refusal = reply.refusal or "the answer was stopped by a content filter"
        return reply
    if reply.truncated:
        reply.problems = ["the answer was cut off at the length limit (finish_reason=length)"]
        return reply
    if not text or not text.strip():
        reply.problems = ["the answer was empty: no JSON and no function call"]
        return reply
    candidate = _strip_fences(text)
    if not candidate.startswith(("{", "[")):
        reply.problems = ["the answer was plain text, not the JSON object asked for"]
        return reply
    try:
        reply.parsed = schema.model_validate_json(candidate)
    except ValidationError as invalid:
        reply.problems = describe_validation_error(invalid)
    return reply


@functools.cache
def request_schema(schema: type[BaseModel], method: str) -> dict[str, Any]:
    """The model's schema in the form each method sends, computed once.

    Handing langchain the pydantic class makes the openai SDK rebuild the
    strict JSON Schema on every request (about 4 ms of CPU, on the loop every
    request shares); the dict is the same schema, built once. The answer is
    validated against the pydantic model in `interpret` either way.
    """
    from langchain_core.utils.function_calling import convert_to_openai_tool

    tool = convert_to_openai_tool(schema)
    if method == "function_calling":
        return tool
    if method == "json_schema":
        try:
            from openai.lib._pydantic import to_strict_json_schema

            strict = to_strict_json_schema(schema)
        except ImportError:  # the SDK moved it: langchain's strict conversion is the same idea
            from langchain_core.utils.function_calling import convert_to_openai_function

            strict = convert_to_openai_function(schema, strict=True)["parameters"]
        return {"name": schema.__name__, "description": tool["function"].get("description", ""),
                "schema": strict, "strict": True}  # fmt: skip
    return dict(tool["function"])  # json_mode: the request carries no schema; the prompt does


class LangChainChatClient:
    """ChatClient over langchain_openai.ChatOpenAI, with_structured_output(include_raw=True)."""

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str,
        model: str,
        method: str,
        timeout: float,
        temperature: float | None,
        max_connections: int,
    ) -> None:
        import httpx2
        import openai
        from langchain_openai import ChatOpenAI

        self.model = model
        self.method = method
        self._timeout = timeout
        self._http = openai.DefaultAsyncHttpxClient(
            timeout=timeout,
            limits=httpx2.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            event_hooks={"request": [_on_request], "response": [_on_response]},
        )
        self._chat = ChatOpenAI(
            model=model,
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=0,  # retries are ours, honouring Retry-After
            temperature=temperature,
            use_responses_api=False,  # local servers implement chat completions only
            http_async_client=self._http,
        )
        self._runnables: dict[type[BaseModel], Any] = {}

    def _structured(self, schema: type[BaseModel]) -> Any:
        """The chat model bound the way with_structured_output binds it for this method.

        with_structured_output(include_raw=True) is RunnableMap(raw=bound model) | parsers.
        We keep langchain's request (response_format, tools, tool_choice, as each
        method needs) and drop its parsers: `interpret` validates the raw answer
        with pydantic for every method alike, which also saves about 1.5 ms of CPU a
        call on the loop all requests share. Should langchain change that shape,
        the whole runnable is used and its output ignored the same way.
        """
        runnable = self._runnables.get(schema)
        if runnable is None:
            structured = self._chat.with_structured_output(
                request_schema(schema, self.method),
                method=self.method,  # type: ignore[arg-type]
                include_raw=True,
            )
            steps = getattr(getattr(structured, "first", None), "steps__", None)
            runnable = steps["raw"] if isinstance(steps, dict) and "raw" in steps else structured
            self._runnables[schema] = runnable
        return runnable

    async def complete(self, messages: list[ChatMessage], schema: type[BaseModel]) -> ChatReply:
        capture = _Capture()
        token = _CAPTURE.set(capture)
        error: BaseException | None = None
        try:
            await self._structured(schema).ainvoke([(m.role, m.content) for m in messages])
        except Exception as raised:
            transport = classify_error(raised, self._timeout)
            if transport is not None:
                raise transport from raised
            if capture.status is None:
                # No HTTP answer at all: a transport failure the SDK did not classify
                # (e.g. an error group from the connection pool).
                raise TransientError(f"connection failed: {_root_cause(raised)}") from raised
            if capture.body is None:
                raise PermanentError(
                    f"the endpoint's answer could not be read: {_root_cause(raised)}"
                ) from raised
            error = raised  # the SDK's length check, or a parser: the body says what happened
        finally:
            _CAPTURE.reset(token)
        return interpret(schema, capture, error)

    async def aclose(self) -> None:
        await self._http.aclose()


def format_json_schema(schema: type[BaseModel]) -> str:
    """The schema as text, for json_mode, where the request itself carries no schema."""
    return json.dumps(schema.model_json_schema(), ensure_ascii=False, indent=1)

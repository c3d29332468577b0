"""An OpenAI-compatible HTTP server on 127.0.0.1 for tests and benchmarks.

A real server in a thread (http.server, HTTP/1.1 keep-alive), so that the
real openai and langchain clients talk to it over a socket. Each test
scripts it: a queue of replies for /v1/chat/completions (each a Reply or a
function of the request), or a `chat_handler` used when the queue is empty.
Every request body is checked against the OpenAI API description; the
problems are collected in `invalid_requests` and the test fixture fails the
test when there are any.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.openapi_validation import RequestValidator


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", [])) if isinstance(self.body, dict) else []

    def message_text(self, role: str) -> str:
        return "\n".join(str(m.get("content") or "") for m in self.messages if m.get("role") == role)

    @property
    def all_text(self) -> str:
        return json.dumps(self.body, ensure_ascii=False)


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Script = Reply | Callable[[RecordedRequest], Reply]


# ---------------------------------------------------------------------------
# reply builders
# ---------------------------------------------------------------------------


def usage_for(request: RecordedRequest, content: str) -> dict[str, int]:
    """A deterministic stand-in for the server's token count (about 4 characters a token)."""
    prompt = max(1, len(json.dumps(request.messages)) // 4)
    completion = max(1, len(content) // 4)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def tool_name(request: RecordedRequest) -> str | None:
    tools = request.body.get("tools") if isinstance(request.body, dict) else None
    if not tools:
        return None
    return str(tools[0]["function"]["name"])


def completion(
    request: RecordedRequest,
    *,
    content: str | None,
    finish_reason: str = "stop",
    refusal: str | None = None,
    as_tool_call: bool = True,
) -> Reply:
    """A chat completion; the content goes into a tool call when the request offered a tool."""
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
    name = tool_name(request)
    if name and as_tool_call and content is not None and refusal is None:
        message["content"] = None
        message["tool_calls"] = [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": content}}
        ]
    body = {
        "id": f"chatcmpl-{hashlib.sha1(json.dumps(request.messages).encode()).hexdigest()[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.body.get("model", "test-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
        "usage": usage_for(request, content or refusal or ""),
    }
    if name and finish_reason == "stop" and "tool_calls" in message:
        body["choices"][0]["finish_reason"] = "tool_calls"
    return Reply(body=body)


def structured(payload: Any, *, finish_reason: str = "stop") -> Callable[[RecordedRequest], Reply]:
    """Answer with this JSON object in whatever form the request asked for."""
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return lambda request: completion(request, content=text, finish_reason=finish_reason)


def plain_text(text: str) -> Callable[[RecordedRequest], Reply]:
    """A chatty answer in prose, no JSON, no tool call."""
    return lambda request: completion(request, content=text, as_tool_call=False)


def refusal(text: str = "I'm sorry, I can't help with that.") -> Callable[[RecordedRequest], Reply]:
    return lambda request: completion(request, content=None, refusal=text)


def truncated(payload: Any) -> Callable[[RecordedRequest], Reply]:
    """The JSON cut off in the middle, with finish_reason 'length'."""
    text = json.dumps(payload, ensure_ascii=False)
    return lambda request: completion(request, content=text[: len(text) // 2], finish_reason="length")


def error(status: int, message: str = "scripted error", headers: dict[str, str] | None = None) -> Reply:
    kind = {429: "rate_limit_exceeded", 400: "invalid_request_error"}.get(status, "server_error")
    return Reply(
        status=status,
        body={"error": {"message": message, "type": kind, "param": None, "code": kind}},
        headers=headers or {},
    )


def slow(script: Script, seconds: float) -> Callable[[RecordedRequest], Reply]:
    def answer(request: RecordedRequest) -> Reply:
        reply = script(request) if callable(script) else script
        reply.delay += seconds
        return reply

    return answer


def fake_embedding(text: str, dimensions: int) -> list[float]:
    digest = hashlib.sha256(text.encode()).digest()
    return [((digest[i % len(digest)] / 255.0) - 0.5) for i in range(dimensions)]


# ---------------------------------------------------------------------------
# the server
# ---------------------------------------------------------------------------


class OpenAITestServer:
    def __init__(
        self,
        *,
        validator: RequestValidator | None = None,
        latency: float = 0.0,
        models: tuple[str, ...] = ("test-model", "text-embedding-test"),
        embedding_dimensions: int = 8,
    ) -> None:
        self.validator = validator
        self.latency = latency
        self.models = list(models)
        self.embedding_dimensions = embedding_dimensions
        self.requests: list[RecordedRequest] = []
        self.invalid_requests: list[str] = []
        self.exchanges: list[tuple[RecordedRequest, Reply]] = []  # what was answered to what
        self.chat_handler: Callable[[RecordedRequest], Reply] | None = None
        # path suffix -> reply, to make /models or /embeddings fail on purpose
        self.overrides: dict[str, Reply] = {}
        self._queue: deque[Script] = deque()
        self._lock = threading.Lock()
        self._in_flight = 0
        self.max_in_flight = 0
        self.connections = 0  # TCP connections accepted: shows whether clients reuse them
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting ---------------------------------------------------------
    def queue(self, *scripts: Script) -> None:
        with self._lock:
            self._queue.extend(scripts)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def reported_usage(self) -> tuple[int, int]:
        """Prompt and completion tokens of every chat completion the server answered."""
        prompt = completion = 0
        for request, reply in self.exchanges:
            usage = reply.body.get("usage") if isinstance(reply.body, dict) else None
            if request.path.endswith("/chat/completions") and usage:
                prompt += usage["prompt_tokens"]
                completion += usage["completion_tokens"]
        return prompt, completion

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    # -- life cycle --------------------------------------------------------
    def start(self) -> OpenAITestServer:
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="openai-test-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> OpenAITestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- dispatch ----------------------------------------------------------
    def _answer(self, request: RecordedRequest) -> Reply:
        for suffix, reply in self.overrides.items():
            if request.path.endswith(suffix):
                return reply
        if request.path.endswith("/chat/completions") and request.method == "POST":
            self._validate("CreateChatCompletionRequest", request)
            with self._lock:
                script = self._queue.popleft() if self._queue else None
            if script is None and self.chat_handler is not None:
                script = self.chat_handler
            if script is None:
                self.invalid_requests.append("unexpected chat request: nothing scripted")
                return error(500, "nothing scripted for this request")
            return script(request) if callable(script) else script
        if request.path.endswith("/embeddings") and request.method == "POST":
            self._validate("CreateEmbeddingRequest", request)
            return self._embeddings(request)
        if request.path.endswith("/models") and request.method == "GET":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in self.models]
            return Reply(body={"object": "list", "data": data})
        return error(404, f"no route {request.method} {request.path}")

    def _validate(self, schema: str, request: RecordedRequest) -> None:
        if self.validator is None:
            return
        problems = self.validator.errors(schema, request.body)
        if problems:
            self.invalid_requests.extend(problems)

    def _embeddings(self, request: RecordedRequest) -> Reply:
        body = request.body
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = []
        for index, text in enumerate(inputs):
            vector = fake_embedding(str(text), self.embedding_dimensions)
            encoded: Any = vector
            if body.get("encoding_format") == "base64":
                encoded = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
            data.append({"object": "embedding", "index": index, "embedding": encoded})
        tokens = sum(len(str(t)) // 4 + 1 for t in inputs)
        usage = {"prompt_tokens": tokens, "total_tokens": tokens}
        return Reply(body={"object": "list", "data": data, "model": body["model"], "usage": usage})


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still sleeping for a timeout test must not hold up the test
    request_queue_size = 128  # the default 5 refuses connections when a batch opens 16 at once

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    owner: OpenAITestServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the body waits for
    # the client's delayed ACK (40 ms) on every keep-alive request.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def setup(self) -> None:
        super().setup()
        with self.owner._lock:
            self.owner.connections += 1

    def _serve(self) -> None:
        received = time.perf_counter()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        request = RecordedRequest(self.command, self.path, dict(self.headers.items()), body)
        owner = self.owner
        with owner._lock:
            owner.requests.append(request)
            owner._in_flight += 1
            owner.max_in_flight = max(owner.max_in_flight, owner._in_flight)
        try:
            reply = owner._answer(request)
            with owner._lock:
                owner.exchanges.append((request, reply))
            # The latency is counted from the request's arrival, as a client sees it:
            # the time spent building the answer is part of it, not added to it.
            delay = owner.latency + reply.delay - (time.perf_counter() - received)
            if delay > 0:
                time.sleep(delay)
            payload = json.dumps(reply.body).encode() if not isinstance(reply.body, bytes) else reply.body
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer
        finally:
            with owner._lock:
                owner._in_flight -= 1

    do_GET = _serve
    do_POST = _serve

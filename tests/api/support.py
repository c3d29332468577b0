"""Helpers of the API tests: settings, a fault-injecting conductor wrapper,
a uvicorn server on a free loopback port, and answer texts."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interviewer.interview import Conductor
from interviewer.settings import Settings

ANSWERS_EN = [
    "I work in accounts payable, in the finance department.",
    "A supplier sends us an invoice by email. The supplier is the customer of this process.",
    "First I check the invoice against the purchase order in SAP; that takes about ten minutes.",
    "Then it goes to my manager for sign-off, and it usually waits three days in her inbox.",
    "After the sign-off the treasury team pays it in the weekly payment run on Fridays.",
    "If the order number is missing, I send the invoice back to the supplier and wait for a new one.",
    "I don't know.",
    "Yes, that is right.",
]

ANSWERS_DE = [
    "Ich arbeite in der Kreditorenbuchhaltung.",
    "Ein Lieferant schickt uns eine Rechnung per E-Mail.",
    "Zuerst prüfe ich die Rechnung gegen die Bestellung in SAP, das dauert etwa zehn Minuten.",
    "Dann geht sie an meine Chefin zur Freigabe, dort liegt sie meistens drei Tage.",
    "Nach der Freigabe bezahlt die Treasury sie im wöchentlichen Zahlungslauf am Freitag.",
    "Das weiß ich nicht.",
]


def base_settings(data_dir: Path, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": database_url,
        "api_requests_per_minute": 100_000,
        "engine": "offline",
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class FlakyConductor:
    """The real Conductor, made to fail on demand: the engine failing is the
    one thing the tests cannot make happen otherwise."""

    real: Conductor
    fail_answers: int = 0
    fail_finish: int = 0
    calls: list[str] = field(default_factory=list)

    def start(self, **kwargs: Any) -> Any:
        self.calls.append("start")
        return self.real.start(**kwargs)

    def answer(self, state: Any, text: str) -> Any:
        self.calls.append("answer")
        if self.fail_answers > 0:
            self.fail_answers -= 1
            raise RuntimeError("engine exploded (injected)")
        return self.real.answer(state, text)

    def finish(self, state: Any) -> Any:
        self.calls.append("finish")
        if self.fail_finish > 0:
            self.fail_finish -= 1
            raise TimeoutError("analysis timed out (injected)")
        return self.real.finish(state)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def uvicorn_in_thread(app: Any) -> Iterator[str]:
    """Serve `app` on a free loopback port in this process; yields its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

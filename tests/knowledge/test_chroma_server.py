"""Server mode for real: `chroma run` on a free loopback port, the index and
the memory through chromadb.HttpClient, then the server is stopped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.knowledge import build_finder
from interviewer.knowledge.catalogue_model import AntiPattern
from interviewer.knowledge.sources import chroma_client
from interviewer.knowledge.store import VectorStore
from interviewer.models import AnalysisResult, Process
from interviewer.settings import Settings
from interviewer.transcripts import read_text

pytestmark = pytest.mark.chroma_server


def chroma_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "chroma"
    return str(beside_python) if beside_python.is_file() else shutil.which("chroma")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    binary = chroma_binary()
    if binary is None:
        pytest.skip(
            "SKIPPED LOUDLY: the `chroma` server binary is missing (it ships with the chromadb package)"
        )
    port = free_port()
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
    log = (tmp_path / "chroma.log").open("wb")
    server = subprocess.Popen(
        [binary, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        _wait_for_heartbeat(port, server, tmp_path / "chroma.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_for_heartbeat(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"chroma run exited with {server.returncode}: {log.read_text(errors='replace')[-2000:]}"
            )
        try:
            client = chromadb.HttpClient(
                host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)
            )
            client.heartbeat()
            return
        except Exception:
            time.sleep(0.2)
    pytest.fail(f"chroma run did not answer within 60 s: {log.read_text(errors='replace')[-2000:]}")


def test_index_memory_and_findings_through_a_chroma_server(
    chroma_url: str, tmp_path: Path, mini_entries: list[AntiPattern]
) -> None:
    settings = Settings(data_dir=tmp_path / "data", chroma_url=chroma_url)
    client = chroma_client(settings)
    assert type(client).__name__ != "PersistentClient"
    assert not settings.chroma_path.exists()  # nothing was written locally

    store = VectorStore.from_settings(settings, entries=mini_entries)
    assert store.ensure_index() is True
    assert store.search("die Rechnung wartet auf die Unterschrift vom Chef", k=1)[0].entry_id == (
        "mini-approval-invoices"
    )
    # A second client of the same server finds the complete index.
    assert VectorStore.from_settings(settings, entries=mini_entries).ensure_index() is False

    finder, memory = build_finder(settings)
    assert memory is not None
    interview = read_text(
        "Interviewer: And then?\n"
        "Eva (Claims): Half of the claims are incomplete, so we send them back to the customer.\n",
        case_id="server-1",
    )
    findings = finder.find(Process(name="claims"), interview, "en")
    assert "rework-loop" in {f.category for f in findings}
    memory.remember(
        AnalysisResult(case_id="server-1", language="en", process=Process(name="c"), findings=findings)
    )
    assert memory.cases() == ["server-1"]
    # The shipped catalogue's index replaced the fixture's (stale) one on the server.
    names = {c.name for c in client.list_collections()}
    assert names == {"findings-memory", finder.store.name}

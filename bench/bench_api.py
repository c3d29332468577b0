"""REST API figures on loopback, with a real `interviewer serve` (uvicorn).

1. Server overhead per answer (target: median <= 25 ms on SQLite): the HTTP
   round trip of each answer minus the engine's own time for the same turn,
   measured in-process by replaying the stored interview with the Conductor
   (the offline engine is deterministic, so the replay does the same work).
2. Throughput (target: >= 200 answers/s on SQLite, no error): N concurrent
   interviews answering as fast as they can for S seconds; afterwards the
   database is checked: every acknowledged answer stored exactly once, at its
   number, turns without gaps, question and answer alternating.

    .venv/bin/python bench/bench_api.py [--seconds 60] [--clients 50] [--workers 1]
                                        [--database-url postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, isolated_data_dir, median, percentile, verdict

OVERHEAD_TARGET_MS = 25.0
THROUGHPUT_TARGET = 200.0


def interviewee_answers() -> list[list[str]]:
    """The interviewee's turns of each eval case, as answer sequences."""
    import yaml

    sequences = []
    for path in sorted((REPO / "eval" / "cases").glob("*.yaml")):
        case = yaml.safe_load(path.read_text("utf-8"))
        lines = [line.split(":", 1)[1].strip() for line in case["transcript"].splitlines() if ":" in line]
        speakers = [line.split(":", 1)[0] for line in case["transcript"].splitlines() if ":" in line]
        answers = [text for who, text in zip(speakers, lines, strict=True) if not who.startswith("Interview")]
        sequences.append(answers[:30])
    return sequences


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def database(url: str | None) -> Iterator[str | None]:
    """PostgreSQL: a fresh schema for this run, dropped afterwards."""
    if not url:
        yield None
        return
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    plain = url.replace("+psycopg", "", 1)  # libpq takes no SQLAlchemy driver name
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def group_cpu_seconds(pgid: int) -> float:
    """CPU seconds used so far by every process of a process group (Linux /proc)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ...
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine were busy so far (Linux /proc/stat)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


@dataclass
class Served:
    base: str
    pgid: int


@contextmanager
def server(port: int, workers: int) -> Iterator[Served]:
    import httpx2

    log = Path(os.environ["INTERVIEWER_DATA_DIR"]) / "server.log"
    command = [
        sys.executable,
        "-m",
        "interviewer",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server did not start:\n{log.read_text()}")
            try:
                if httpx2.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                time.sleep(0.1)
        yield Served(base, process.pid)
    finally:
        process.terminate()
        process.wait(30)


@dataclass
class Ledger:
    """What the clients were told: acknowledged answers, errors, latencies."""

    acknowledged: list[tuple[str, int, str]] = field(default_factory=list)
    interviews: list[str] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_interview(
    client: Any,
    analyst: dict[str, str],
    answers: list[str],
    ledger: Ledger,
    stop: threading.Event | None = None,
) -> tuple[str, list[tuple[str, float]]]:
    """One interview: start, answer until done; returns its id and (text,
    round trip seconds). Like a careful client, an answer that gets a
    retryable error is sent again with the same Idempotency-Key (each error
    is still counted)."""
    created = client.post("/v1/interviews", json={"process_name": "bench"}, headers=analyst)
    if created.status_code != 201:
        with ledger.lock:
            ledger.errors[f"start {created.status_code}"] += 1
        return "", []
    body = created.json()
    with ledger.lock:
        ledger.interviews.append(body["id"])
    participant = {"Authorization": f"Bearer {body['participant_token']}"}
    path = f"/v1/interviews/{body['id']}/answers"
    timings = []
    for number, text in enumerate(answers):
        if stop is not None and stop.is_set():
            break
        for _attempt in range(3):
            started = time.perf_counter()
            response = client.post(
                path, json={"text": text}, headers=participant | {"Idempotency-Key": f"a{number}"}
            )
            elapsed = time.perf_counter() - started
            if response.status_code == 200 or not response.headers.get("Retry-After"):
                break
            with ledger.lock:
                ledger.errors[f"answer {response.status_code} (retried)"] += 1
        with ledger.lock:
            if response.status_code != 200:
                ledger.errors[f"answer {response.status_code}"] += 1
                break
            reply = response.json()
            ledger.acknowledged.append((body["id"], reply["answer"]["number"], text))
            ledger.latencies.append(elapsed)
        timings.append((text, elapsed))
        if reply["question"]["done"]:
            break
    return body["id"], timings


def measure_overhead(base: str, analyst: dict[str, str], settings: object, interviews: int) -> None:
    import httpx2

    from interviewer.interview import Conductor, InterviewState
    from interviewer.storage import Repository

    ledger = Ledger()
    runs = []
    with httpx2.Client(base_url=base, timeout=60) as client:
        run_interview(client, analyst, interviewee_answers()[0], ledger)  # warm-up
        for answers in interviewee_answers()[:interviews]:
            runs.append(run_interview(client, analyst, answers, ledger))
    conductor = Conductor.from_settings(settings)  # type: ignore[arg-type]
    repository = Repository.from_settings(settings, migrate=False)  # type: ignore[arg-type]
    conductor.answer(
        InterviewState.model_validate_json(repository.interviews.snapshot_at(runs[0][0], 1).state_json),
        "warm up",
    )  # type: ignore[union-attr]
    overheads, engines, trips = [], [], []
    for interview_id, timings in runs:
        state = InterviewState.model_validate_json(
            repository.interviews.snapshot_at(interview_id, 1).state_json
        )  # type: ignore[union-attr]
        for text, trip in timings:
            samples = []
            for _ in range(3):
                started = time.perf_counter()
                next_state, _ = conductor.answer(state, text)
                samples.append(time.perf_counter() - started)
            state = next_state
            engine = min(samples)
            engines.append(engine * 1000)
            trips.append(trip * 1000)
            overheads.append((trip - engine) * 1000)
    repository.close()
    print(f"answers measured: {len(overheads)} in {len(runs)} interviews (sequential, one client)")
    print(f"round trip   median {median(trips):6.1f} ms   p90 {percentile(trips, 0.9):6.1f} ms")
    print(f"engine       median {median(engines):6.1f} ms   p90 {percentile(engines, 0.9):6.1f} ms")
    print(
        f"overhead     median {median(overheads):6.1f} ms   p90 {percentile(overheads, 0.9):6.1f} ms   "
        f"target <= {OVERHEAD_TARGET_MS:.0f} ms: {verdict(median(overheads), OVERHEAD_TARGET_MS)}"
    )


async def _run_interview_async(
    session: Any,
    base: str,
    analyst: dict[str, str],
    answers: list[str],
    ledger: Ledger,
    stop: threading.Event,
) -> None:
    """run_interview for the load test: the same protocol (a retryable error
    is sent again with the same Idempotency-Key), on one asyncio loop with
    keep-alive connections, so that the load generator takes little of the
    CPU it shares with the server."""
    async with session.post(
        f"{base}/v1/interviews", json={"process_name": "bench"}, headers=analyst
    ) as created:
        if created.status != 201:
            ledger.errors[f"start {created.status}"] += 1
            return
        body = await created.json()
    ledger.interviews.append(body["id"])
    participant = {"Authorization": f"Bearer {body['participant_token']}"}
    path = f"{base}/v1/interviews/{body['id']}/answers"
    for number, text in enumerate(answers):
        if stop.is_set():
            return
        for _attempt in range(3):
            started = time.perf_counter()
            async with session.post(
                path, json={"text": text}, headers=participant | {"Idempotency-Key": f"a{number}"}
            ) as response:
                status, retry = response.status, response.headers.get("Retry-After")
                reply = await response.json(content_type=None) if status == 200 else None
            elapsed = time.perf_counter() - started
            if status == 200 or not retry:
                break
            ledger.errors[f"answer {status} (retried)"] += 1
        if reply is None:
            ledger.errors[f"answer {status}"] += 1
            return
        ledger.acknowledged.append((body["id"], reply["answer"]["number"], text))
        ledger.latencies.append(elapsed)
        if reply["question"]["done"]:
            return


def measure_throughput(base: str, analyst: dict[str, str], clients: int, seconds: float) -> Ledger:
    import asyncio

    import aiohttp

    ledger = Ledger()
    stop = threading.Event()
    sequences = interviewee_answers()

    async def client_loop(session: Any, index: int) -> None:
        round_ = 0
        while not stop.is_set():
            answers = sequences[(index + round_) % len(sequences)]
            await _run_interview_async(session, base, analyst, answers, ledger, stop)
            round_ += 1

    async def load() -> None:
        connector = aiohttp.TCPConnector(limit=clients)
        timeout = aiohttp.ClientTimeout(total=120)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            tasks = [asyncio.create_task(client_loop(session, i)) for i in range(clients)]
            await asyncio.sleep(seconds)
            stop.set()
            await asyncio.gather(*tasks)

    started = time.perf_counter()
    asyncio.run(load())
    elapsed = time.perf_counter() - started
    rate = len(ledger.acknowledged) / elapsed
    errors = sum(ledger.errors.values())
    print(
        f"{clients} clients, {elapsed:.1f} s: {len(ledger.acknowledged)} answers, {rate:.1f} answers/s, "
        f"errors {errors} {dict(ledger.errors) or ''}"
    )
    print(
        f"latency      median {median(ledger.latencies) * 1000:6.1f} ms   "
        f"p95 {percentile(ledger.latencies, 0.95) * 1000:6.1f} ms"
    )
    ok = rate >= THROUGHPUT_TARGET and errors == 0
    print(f"target >= {THROUGHPUT_TARGET:.0f} answers/s with no error: {'OK' if ok else 'BELOW TARGET'}")
    return ledger


def check_database(settings: object, ledger: Ledger) -> None:
    """Every acknowledged answer exactly once at its number; no gaps; alternating speakers."""
    from sqlalchemy import text

    from interviewer.storage import Repository

    repository = Repository.from_settings(settings, migrate=False)  # type: ignore[arg-type]
    with repository.db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT interview_id, number, speaker, text FROM turns ORDER BY interview_id, number")
        )
        turns: dict[str, list[tuple[int, str, str]]] = {}
        for interview_id, number, speaker, said in rows:
            turns.setdefault(interview_id, []).append((number, speaker, said))
    repository.close()
    mine = set(ledger.interviews)
    problems = []
    for interview_id, rows_ in turns.items():
        if interview_id not in mine:
            continue
        if [n for n, _, _ in rows_] != list(range(1, len(rows_) + 1)):
            problems.append(f"{interview_id}: numbers with gaps")
        if any(s != ("interviewer" if n % 2 else "interviewee") for n, s, _ in rows_):
            problems.append(f"{interview_id}: speakers do not alternate")
    stored = {(i, n): t for i, rows_ in turns.items() if i in mine for n, s, t in rows_ if s == "interviewee"}
    acknowledged = {(i, n): t for i, n, t in ledger.acknowledged}
    lost = [key for key, said in acknowledged.items() if stored.get(key) != said]
    duplicated = len(ledger.acknowledged) - len(acknowledged)
    unacknowledged = len(set(stored) - set(acknowledged))
    print(
        f"database check: {len(mine)} interviews, {len(stored)} answers stored, {len(acknowledged)} acknowledged; "
        f"acknowledged but not stored (lost): {len(lost)}; acknowledged twice: {duplicated}; "
        f"stored but not acknowledged (duplicates): {unacknowledged}; transcripts with gaps or out of order: "
        f"{len(problems)}"
    )
    for problem in problems[:5]:
        print("  ", problem)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--overhead-interviews", type=int, default=4)
    parser.add_argument("--database-url", help="PostgreSQL URL (a fresh schema is used); default SQLite")
    args = parser.parse_args()

    isolated_data_dir()
    os.environ["INTERVIEWER_API_REQUESTS_PER_MINUTE"] = "0"  # no limit: this is a load test
    with database(args.database_url) as url:
        if url:
            os.environ["INTERVIEWER_DATABASE_URL"] = url
        from interviewer.settings import Settings
        from interviewer.storage import Repository

        settings = Settings()
        repository = Repository.from_settings(settings)
        _, key = repository.keys.create_key(workspace="bench", name="bench")
        repository.close()
        analyst = {"Authorization": f"Bearer {key}"}
        backend = "PostgreSQL" if url else "SQLite"
        print(f"database: {backend}; uvicorn workers: {args.workers}; engine: offline")
        with server(free_port(), args.workers) as served:
            measure_overhead(served.base, analyst, settings, args.overhead_interviews)
            cpu_before, client_before = group_cpu_seconds(served.pgid), time.process_time()
            machine_before, wall_before = machine_busy_seconds(), time.monotonic()
            ledger = measure_throughput(served.base, analyst, args.clients, args.seconds)
            cpu = group_cpu_seconds(served.pgid) - cpu_before
            client_cpu = time.process_time() - client_before
            machine = machine_busy_seconds() - machine_before
            wall = time.monotonic() - wall_before
            answers = max(1, len(ledger.acknowledged))
            print(
                f"CPU per answer: server {cpu / answers * 1000:.1f} ms, benchmark clients "
                f"{client_cpu / answers * 1000:.1f} ms (this machine: {os.cpu_count()} cores, "
                f"load average now {os.getloadavg()[0]:.1f})"
            )
            # The machine is shared: what the other processes took is not the server's to use.
            print(
                f"cores busy during the run: server {cpu / wall:.2f}, clients {client_cpu / wall:.2f}, "
                f"everything else {max(0.0, machine - cpu - client_cpu) / wall:.2f}, idle "
                f"{max(0.0, (os.cpu_count() or 1) - machine / wall):.2f}; capacity at this CPU per answer "
                f"with all {os.cpu_count()} cores: {(os.cpu_count() or 1) * answers / (cpu + client_cpu):.0f} answers/s"
            )
        check_database(settings, ledger)
    return 0


if __name__ == "__main__":
    sys.exit(main())

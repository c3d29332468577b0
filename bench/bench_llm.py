"""LLM engine batch throughput and overhead against the loopback test server.

The server (tests/support/openai_server.py, in its own process, as a real
endpoint would be) answers every request 200 ms after it arrived with a
well-formed answer quoting the transcript. The engine runs with concurrency
16 over 200 interviews (the shipped samples, repeated): extraction and
proposal wording for each. Printed, for two ways of driving a batch:

- engine:   aextract/apropose of many interviews on one event loop;
- pipeline: interviewer.engines.llm.batch.analyse_many, the whole analysis
            per interview in threads, as `interviewer analyze` would;

the LLM calls per interview; throughput against the ideal (calls per
interview × latency / concurrency, per interview; target ≥ 90 %); the
engine's own overhead around the HTTP call (rendering, validation,
grounding, merging: median per call, target ≤ 10 ms); and, for reference,
the time langchain and the openai SDK take outside the HTTP exchange.
The connection pool is warmed (one connection per slot) before measuring.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._common import SAMPLES, isolated_data_dir, percentile  # noqa: E402


def _transcripts(count: int) -> list[Any]:
    from interviewer.transcripts import read_file

    samples = [read_file(path) for path in sorted(SAMPLES.iterdir()) if path.is_file()]
    return [
        samples[i % len(samples)].model_copy(update={"case_id": f"{samples[i % len(samples)].case_id}-{i}"})
        for i in range(count)
    ]


class StandInFinder:
    """Findings as the knowledge base would give them, without building the vector store:
    the bench is about the endpoint, and proposals need findings to exist."""

    def find(self, process: Any, transcript: Any, language: str) -> list[Any]:
        from interviewer.models import Finding

        steps = [step.id for step in process.steps]
        if not steps:
            return []
        return [
            Finding(id="f1", category="status-chasing", anti_pattern_id="status-chasing-01",
                    title="Customers chase the status", step_ids=steps, score=0.7,
                    evidence="The interview describes several handoffs without one owner.")
        ]  # fmt: skip


def _serve(latency: float, connection: Connection) -> None:
    """The endpoint, in its own process: like a real one, it does not share our interpreter."""
    sys.path.insert(0, str(REPO))
    from tests.support.openai_server import OpenAITestServer
    from tests.support.scripted_model import echo_any

    with OpenAITestServer(latency=latency) as server:
        server.chat_handler = echo_any()
        connection.send(server.base_url)
        while (command := connection.recv()) != "stop":
            if command == "reset":
                server.requests.clear()
                server.max_in_flight = 0
            connection.send(
                {
                    "requests": len(server.chat_requests),
                    "max_in_flight": server.max_in_flight,
                    "connections": server.connections,
                }
            )
        connection.send(None)


def run_mode(mode: str, args: argparse.Namespace, base_url: str, server: Connection) -> None:
    from interviewer.analysis.metrics import compute_metrics
    from interviewer.engines.llm import LLMEngine
    from interviewer.engines.llm.batch import analyse_many
    from interviewer.models import EngineInfo
    from interviewer.services import Services
    from interviewer.settings import Settings

    transcripts = _transcripts(args.count)
    finder = StandInFinder()
    settings = Settings(
        engine="llm", llm_base_url=base_url, llm_model="bench-model", llm_concurrency=args.concurrency
    )
    engine = LLMEngine.from_settings(settings, fallback=None)

    async def one(transcript: Any) -> EngineInfo:
        record = EngineInfo(name="llm")
        language = transcript.language or "en"
        process = await engine.aextract(transcript, language, record)
        process = process.model_copy(update={"metrics": compute_metrics(process)})
        await engine.apropose(
            process, finder.find(process, transcript, language), transcript, language, record
        )
        return record

    async def everything(items: list[Any]) -> list[EngineInfo]:
        return await asyncio.gather(*(one(t) for t in items))

    # Warm up outside the measurement, as in a batch that has been running for a while:
    # imports, catalogue and lexicons loaded on first use (a few hundred ms that would
    # stall the second wave), pydantic schemas, and one connection per slot.
    services = Services(settings=settings, engine=engine, finder=finder)  # type: ignore[arg-type]
    if mode == "pipeline":
        analyse_many(_transcripts(args.concurrency), services=services)
    else:
        asyncio.run(everything(_transcripts(args.concurrency)))
    engine.timings.clear()
    server.send("reset")
    server.recv()

    started, cpu_started = time.perf_counter(), time.process_time()
    if mode == "pipeline":
        outcomes = analyse_many(transcripts, services=services)
        records = [outcome.engine for outcome in outcomes if hasattr(outcome, "engine")]
    else:
        records = asyncio.run(everything(transcripts))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    server.send("report")
    served = server.recv()
    engine.close()

    calls = sum(len(r.llm_calls) for r in records)
    not_ok = sum(c.outcome != "ok" for r in records for c in r.llm_calls)
    per_interview = calls / len(transcripts)
    ideal = per_interview * args.latency / args.concurrency * len(transcripts)
    timings = list(engine.timings)
    overheads = [t.overhead * 1000 for t in timings]
    busy = sum(t.in_client for t in timings) / (args.concurrency * wall)
    print(
        f"\n[{mode}] {len(transcripts)} interviews, concurrency {args.concurrency}, latency {args.latency * 1000:.0f} ms"
    )
    print(f"  LLM calls per interview: {per_interview:.2f} ({calls} calls, {not_ok} not ok); the server saw "
          f"{served['requests']} requests, at most {served['max_in_flight']} at once (limit {args.concurrency}), "
          f"over {served['connections']} connections so far")  # fmt: skip
    print(f"  wall {wall:.2f} s, ideal {ideal:.2f} s: throughput {ideal / wall * 100:.1f} % of ideal "
          f"(target >= 90 %) {'OK' if ideal / wall >= 0.9 else 'UNDER TARGET'}; slots busy {busy * 100:.1f} %")  # fmt: skip
    print(f"  engine overhead per call: median {statistics.median(overheads):.2f} ms, "
          f"p90 {percentile(overheads, 0.9):.2f} ms (target <= 10 ms) "
          f"{'OK' if statistics.median(overheads) <= 10 else 'OVER TARGET'}")  # fmt: skip
    http = [t.http * 1000 for t in timings]
    client = [(t.in_client - t.http) * 1000 for t in timings]
    print(f"  for reference: HTTP exchange median {statistics.median(http):.1f} ms, p99 {percentile(http, 0.99):.1f} ms; "
          f"langchain + openai SDK outside HTTP median {statistics.median(client):.2f} ms; "
          f"CPU of this process {cpu / calls * 1000:.1f} ms per call")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--mode", choices=("engine", "pipeline", "both"), default="both")
    args = parser.parse_args()
    isolated_data_dir()

    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(args.latency, theirs), daemon=True)
    process.start()
    base_url = ours.recv()
    try:
        for mode in ("engine", "pipeline") if args.mode == "both" else (args.mode,):
            run_mode(mode, args, base_url, ours)
    finally:
        ours.send("stop")
        ours.recv()
        process.join(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

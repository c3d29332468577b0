"""LLM engine batch throughput and overhead against the loopback test server.

The server (tests/support/openai_server.py) answers every request after a
fixed latency (200 ms) with a well-formed answer quoting the transcript; the
engine runs with concurrency 16 over 200 interviews (the shipped samples,
repeated), extraction and proposal wording for each. Printed:

- LLM calls per interview;
- throughput against the ideal, where the ideal is calls per interview ×
  latency / concurrency per interview (target ≥ 90 %);
- the engine's own overhead around the HTTP call (rendering, validation,
  grounding, merging), median per call (target ≤ 10 ms); for reference also
  the time inside langchain and the openai SDK outside the HTTP exchange.

Modes: `pipeline` (default) runs the whole analysis per interview through
interviewer.engines.llm.batch.analyse_many, as a batch does; `engine` calls
aextract/apropose directly on one event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._common import SAMPLES, isolated_data_dir  # noqa: E402


def _transcripts(count: int) -> list:  # type: ignore[type-arg]
    from interviewer.transcripts import read_file

    samples = [read_file(path) for path in sorted(SAMPLES.iterdir()) if path.is_file()]
    return [
        samples[i % len(samples)].model_copy(update={"case_id": f"{samples[i % len(samples)].case_id}-{i}"})
        for i in range(count)
    ]


class StandInFinder:
    """Findings as the knowledge base would give them, without building the vector store:
    the bench is about the endpoint, and proposals need findings to exist."""

    def find(self, process, transcript, language):  # type: ignore[no-untyped-def]
        from interviewer.models import Finding

        steps = [step.id for step in process.steps]
        if not steps:
            return []
        return [
            Finding(id="f1", category="status-chasing", anti_pattern_id="status-chasing-01",
                    title="Customers chase the status", step_ids=steps, score=0.7,
                    evidence="The interview describes several handoffs without one owner.")
        ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--mode", choices=("pipeline", "engine"), default="pipeline")
    args = parser.parse_args()
    isolated_data_dir()

    from interviewer.analysis.metrics import compute_metrics
    from interviewer.engines.llm import LLMEngine
    from interviewer.engines.llm.batch import analyse_many
    from interviewer.models import EngineInfo
    from interviewer.services import Services
    from interviewer.settings import Settings
    from tests.support.openai_server import OpenAITestServer
    from tests.support.scripted_model import echo_any

    transcripts = _transcripts(args.count)
    finder = StandInFinder()
    with OpenAITestServer(latency=args.latency) as server:
        server.chat_handler = echo_any()
        settings = Settings(
            engine="llm", llm_base_url=server.base_url, llm_model="bench-model", llm_concurrency=args.concurrency
        )
        engine = LLMEngine.from_settings(settings, fallback=None)
        # Warm up outside the measurement: imports, the connection pool, pydantic schemas.
        engine.extract(transcripts[0], transcripts[0].language or "en", EngineInfo(name="llm"))
        engine.timings.clear()
        server.requests.clear()
        server.max_in_flight = 0

        started = time.perf_counter()
        if args.mode == "pipeline":
            services = Services(settings=settings, engine=engine, finder=finder)  # type: ignore[arg-type]
            outcomes = analyse_many(transcripts, services=services)
            records = [o.engine for o in outcomes if hasattr(o, "engine")]
        else:

            async def one(transcript):  # type: ignore[no-untyped-def]
                record = EngineInfo(name="llm")
                language = transcript.language or "en"
                process = await engine.aextract(transcript, language, record)
                process = process.model_copy(update={"metrics": compute_metrics(process)})
                findings = finder.find(process, transcript, language)
                await engine.apropose(process, findings, transcript, language, record)
                return record

            async def everything():  # type: ignore[no-untyped-def]
                return await asyncio.gather(*(one(t) for t in transcripts))

            records = asyncio.run(everything())
        wall = time.perf_counter() - started
        max_in_flight = server.max_in_flight
        engine.close()

    calls = sum(len(r.llm_calls) for r in records)
    failed = [c for r in records for c in r.llm_calls if c.outcome != "ok"]
    per_transcript = calls / len(transcripts)
    ideal = per_transcript * args.latency / args.concurrency * len(transcripts)
    efficiency = ideal / wall
    timings = list(engine.timings)
    overhead_ms = statistics.median(t.overhead for t in timings) * 1000
    p90_overhead_ms = sorted(t.overhead for t in timings)[int(0.9 * (len(timings) - 1))] * 1000
    client_ms = statistics.median(t.in_client - t.http for t in timings) * 1000
    http_ms = statistics.median(t.http for t in timings) * 1000

    print(f"mode {args.mode}: {len(transcripts)} interviews, concurrency {args.concurrency}, latency {args.latency * 1000:.0f} ms")
    print(f"LLM calls per interview: {per_transcript:.2f} ({calls} calls, {len(failed)} not ok)")
    print(f"requests in flight at most: {max_in_flight} (limit {args.concurrency})")
    print(f"wall {wall:.2f} s, ideal {ideal:.2f} s: throughput {efficiency * 100:.1f} % of ideal (target >= 90 %) "
          f"{'OK' if efficiency >= 0.9 else 'UNDER TARGET'}")  # fmt: skip
    print(f"engine overhead per call: median {overhead_ms:.2f} ms, p90 {p90_overhead_ms:.2f} ms (target <= 10 ms) "
          f"{'OK' if overhead_ms <= 10 else 'OVER TARGET'}")  # fmt: skip
    print(f"for reference: langchain + openai SDK outside HTTP {client_ms:.2f} ms, HTTP exchange {http_ms:.1f} ms (median per call)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

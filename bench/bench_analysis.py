"""In-process analysis time of a 60-turn transcript (target: median <= 20 ms).

Builds the services once, as a batch worker does, then times analyse() on a
German and an English 60-turn interview assembled from the bundled samples.
The first run of each is left out (it loads lexicons and warms caches).

Two figures per language, because the engine and the store memoise their
work per sentence:
- "new": before every run the per-text memos are emptied
  (interviewer.lru.forget_texts), so each run costs what the first analysis
  of a new interview costs in a warm worker; this is the figure held against
  the target;
- "again": the same transcript analysed again, as a live interview does after
  every answer.

    .venv/bin/python bench/bench_analysis.py [--runs 200] [--engine offline] [--stages]

--stages also times the pipeline's stages one by one (extract, metrics,
findings, proposals, to-be process, step reviews), calling them as
interviewer/pipeline.py does, to show where the time goes.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SAMPLES, isolated_data_dir, median, percentile, verdict

TARGET_MS = 20.0
TURNS = 60


def sixty_turns(names: list[str], language: str, case_id: str):  # type: ignore[no-untyped-def]
    """60 turns from the named samples, in order, repeated if needed, renumbered."""
    from interviewer.models import Transcript
    from interviewer.transcripts import read_file

    pool = [turn for name in names for turn in read_file(SAMPLES / name).turns]
    turns = [pool[i % len(pool)].model_copy(update={"number": i + 1}) for i in range(TURNS)]
    return Transcript(case_id=case_id, language=language, turns=turns)  # type: ignore[arg-type]


def stage_times(transcript, services, runs: int) -> str:  # type: ignore[no-untyped-def]
    from interviewer.analysis.metrics import compute_metrics
    from interviewer.analysis.redesign import apply_proposals, review_steps
    from interviewer.models import EngineInfo

    language = transcript.language
    timings: dict[str, list[float]] = {}

    def timed(name: str, call):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        value = call()
        timings.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        return value

    for _ in range(runs + 1):
        record = EngineInfo(name=services.engine.name)
        process = timed("extract", lambda r=record: services.engine.extract(transcript, language, r))
        process = timed("metrics", lambda p=process: p.model_copy(update={"metrics": compute_metrics(p)}))
        findings = timed("findings", lambda p=process: services.finder.find(p, transcript, language))
        proposals = timed(
            "proposals",
            lambda p=process, f=findings, r=record: services.engine.propose(p, f, transcript, language, r),
        )
        timed("to-be", lambda p=process, q=proposals: apply_proposals(p, q) if q else None)
        timed("reviews", lambda p=process, f=findings: review_steps(p, f, language))
    return ", ".join(f"{name} {median(values[1:]):.2f}" for name, values in timings.items())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=200, help="timed runs per language (default 200)")
    parser.add_argument("--engine", choices=("offline", "llm"), default="offline")
    parser.add_argument("--stages", action="store_true", help="also time each pipeline stage")
    args = parser.parse_args()
    isolated_data_dir()

    from interviewer.lru import forget_texts
    from interviewer.pipeline import analyse
    from interviewer.services import build_services
    from interviewer.settings import Settings

    started = time.perf_counter()
    # As a batch worker runs it: findings consult the organisational memory,
    # but the results are written to it once per batch (remember_many), not
    # per analysis; a write per run would also grow the memory run by run.
    services = replace(build_services(Settings(engine=args.engine)), memory=None)
    print(f"services built in {time.perf_counter() - started:.2f} s (once per worker, not counted below)")
    cases = {
        "de": sixty_turns(
            ["baugenehmigung-stadtverwaltung.txt", "krankenhaus-entlassung-reha-zoom.srt"], "de", "bench-de"
        ),
        "en": sixty_turns(["broadband-new-build-teams.vtt", "motor-claim-interview.json"], "en", "bench-en"),
    }
    overall: list[float] = []
    for language, transcript in cases.items():
        for label in ("new", "again"):
            timings: list[float] = []
            for _ in range(args.runs + 1):
                if label == "new":
                    forget_texts()
                start = time.perf_counter()
                result = analyse(transcript, services=services)
                timings.append((time.perf_counter() - start) * 1000)
            timings = timings[1:]  # the first run warms caches
            if label == "new":
                overall.extend(timings)
            print(
                f"{language} {label:>5}: {len(transcript.turns)} turns, {len(result.process.steps)} steps | "
                f"median {median(timings):.2f} ms, p90 {percentile(timings, 0.9):.2f} ms, "
                f"min {min(timings):.2f} ms over {len(timings)} runs"
            )
        if args.stages:
            print(
                f"   stages, same transcript again (median ms): {stage_times(transcript, services, args.runs)}"
            )
    value = median(overall)
    print(
        f"analysis of a new 60-turn transcript: median {value:.2f} ms "
        f"(target <= {TARGET_MS:.0f} ms) {verdict(value, TARGET_MS)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

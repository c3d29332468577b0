"""run_batch: analyse many transcripts in worker processes, resumably."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.batch.inputs import assign_case_ids, collect_transcripts
from interviewer.batch.manifest import (
    Manifest,
    ManifestEntry,
    file_sha256,
    fingerprint,
    remove_stale_temporaries,
)
from interviewer.batch.memory_sync import remember_results
from interviewer.batch.reports_hook import load_report_writer, report_paths
from interviewer.batch.summary import SUMMARY_FORMATS, BatchItem, BatchSummary, write_summary_files
from interviewer.batch.worker import ServicesFactory, Task, init_worker, run_task

if TYPE_CHECKING:
    from interviewer.settings import Settings

# The manifest is rewritten at most this often while results arrive (and once
# at the end): often enough that a killed batch loses little, rarely enough
# that 1,000 results do not mean 1,000 rewrites.
_MANIFEST_SAVE_SECONDS = 2.0


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    settings: Settings,
    workers: int | None = None,
    force: bool = False,
    reports: Sequence[str] = ("html", "md"),
    progress: bool = True,
    summary: Sequence[str] = SUMMARY_FORMATS,
    services_factory: ServicesFactory | None = None,
) -> BatchSummary:
    """Analyse every transcript in `paths` (files or folders) into `out_dir`.

    Writes `<out_dir>/<case_id>.json` per transcript, reports beside it when
    `interviewer.reports` is available, and summary.csv / summary.jsonl.
    Results that are up to date are skipped unless `force`. A transcript that
    fails is recorded in the summary and the batch goes on. `workers` worker
    processes (default: the number of CPUs) each build their services once,
    through `services_factory` (default interviewer.services.build_services;
    it must be a module-level function, as it is sent to the workers).
    Workers may be started with "spawn": call this from a module's
    `if __name__ == "__main__":` block, as multiprocessing requires.
    Raises InputError when a path does not exist or holds no transcripts.
    """
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out_dir)
    files = collect_transcripts(paths, exclude=out_dir)
    case_ids = assign_case_ids(files)
    warnings: list[str] = []
    report_formats = tuple(reports)
    if report_formats:
        writer, problem = load_report_writer()
        if writer is None:
            warnings.append(problem or "reports not written")
            report_formats = ()

    current = fingerprint(settings)
    manifest = Manifest.load(out_dir)
    plan = _plan(files, case_ids, out_dir, manifest, fingerprint=current, force=force, reports=report_formats)
    tasks, done, hashes = plan.tasks, plan.done, plan.hashes
    phases = {"plan": time.perf_counter() - started}

    last_save = time.monotonic()
    try:
        with (
            _execution(tasks, settings, services_factory, workers) as outcomes,
            _progress_bar(progress, total=len(files), already=len(done)) as advance,
        ):
            for item in outcomes:
                done.append(item)
                if item.status == "ok":
                    entry = ManifestEntry(
                        source=item.source, sha256=hashes[item.case], fingerprint=current, row=item.row()
                    )
                    manifest.record(item.case, entry)
                elif item.status == "failed":
                    manifest.forget(item.case)
                advance(item)
                if time.monotonic() - last_save > _MANIFEST_SAVE_SECONDS:
                    manifest.save()
                    last_save = time.monotonic()
    finally:
        # Also on Ctrl-C: what finished stays finished.
        manifest.save()

    phases["analyse"] = time.perf_counter() - started - sum(phases.values())
    problem = remember_results(done, settings, services_factory)
    if problem:
        warnings.append(problem)
    phases["memory"] = time.perf_counter() - started - sum(phases.values())
    order = {case_id: index for index, case_id in enumerate(case_ids[file] for file in files)}
    done.sort(key=lambda item: order.get(item.case, len(order)))
    summary_files = write_summary_files(done, out_dir, summary)
    phases["summary"] = time.perf_counter() - started - sum(phases.values())
    return BatchSummary(
        out_dir=out_dir,
        items=done,
        seconds=time.perf_counter() - started,
        fingerprint=current,
        summary_files=summary_files,
        warnings=warnings,
        phases={name: round(seconds, 3) for name, seconds in phases.items()},
    )


@dataclass
class _Plan:
    tasks: list[Task] = field(default_factory=list)
    done: list[BatchItem] = field(default_factory=list)  # skipped, or failed before starting
    hashes: dict[str, str] = field(default_factory=dict)  # case id -> transcript SHA-256


def _plan(
    files: Sequence[Path],
    case_ids: dict[Path, str],
    out_dir: Path,
    manifest: Manifest,
    *,
    fingerprint: str,
    force: bool,
    reports: tuple[str, ...],
) -> _Plan:
    """Which files to analyse, which only need reports, which are up to date."""
    plan = _Plan()
    for file in files:
        case_id = case_ids[file]
        try:
            plan.hashes[case_id] = file_sha256(file)
        except OSError as error:
            plan.done.append(
                BatchItem(case=case_id, source=str(file), status="failed", error=f"{file}: {error}")
            )
            continue
        task = Task(case_id=case_id, source=str(file), out_dir=str(out_dir), reports=reports)
        result = out_dir / f"{case_id}.json"
        if force or not manifest.is_up_to_date(
            case_id, transcript=file, sha256=plan.hashes[case_id], fingerprint=fingerprint, result=result
        ):
            plan.tasks.append(task)
        elif any(not path.exists() for path in report_paths(out_dir, case_id, reports)):
            plan.tasks.append(replace(task, mode="reports"))
        else:
            item = BatchItem.from_row(manifest.entries[case_id].row, status="skipped")
            item.source = str(file)  # where the transcript is now, should it have moved
            plan.done.append(item)
    return plan


@contextmanager
def _execution(
    tasks: list[Task], settings: Settings, factory: ServicesFactory | None, workers: int | None
) -> Iterator[Iterator[BatchItem]]:
    """Start the work; yields each task's item as it finishes. Runs in this
    process when one worker suffices (no pool start-up for a single file).

    With the LLM engine the work is waiting on the endpoint, not CPU: threads
    of this one process share one engine, whose semaphore keeps the requests
    in flight at Settings.llm_concurrency over the whole batch (worker
    processes would each get a limit of their own and exceed the endpoint's)."""
    if settings.engine == "llm" and len(tasks) > 1:
        init_worker(settings, factory, eager=True)
        threads = ThreadPoolExecutor(
            max_workers=min(len(tasks), 2 * settings.llm_concurrency), thread_name_prefix="analyse"
        )
        try:
            pending = {threads.submit(run_task, task): task for task in tasks}
            yield (_outcome(future, pending[future]) for future in as_completed(pending))
        finally:
            threads.shutdown(wait=True, cancel_futures=True)
        return
    count = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    if count == 1:
        init_worker(settings, factory, eager=False)
        yield (run_task(task) for task in tasks)
        return
    executor = ProcessPoolExecutor(
        max_workers=count,
        mp_context=multiprocessing.get_context(_start_method()),
        initializer=init_worker,
        initargs=(settings, factory),
    )
    try:
        futures: dict[Future[BatchItem], Task] = {executor.submit(run_task, task): task for task in tasks}
        yield (_outcome(future, futures[future]) for future in as_completed(futures))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _start_method() -> str:
    """ "fork" while this process has a single thread: workers start at once and
    the caller needs no `if __name__ == "__main__":` guard. Otherwise "spawn":
    a process that has loaded the vector store (an earlier batch, the memory
    update) runs native threads, and a forked child can inherit one of their
    locks held and hang for ever."""
    try:
        threads = sum(1 for _ in Path("/proc/self/task").iterdir())  # native threads too, unlike threading
    except OSError:
        return "spawn"
    return "fork" if threads == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _outcome(future: Future[BatchItem], task: Task) -> BatchItem:
    try:
        return future.result()
    except Exception as error:  # BrokenProcessPool: the worker died (killed, out of memory)
        return BatchItem(
            case=task.case_id,
            source=task.source,
            status="failed",
            error=f"worker process failed: {type(error).__name__}: {error}",
        )


@contextmanager
def _progress_bar(enabled: bool, *, total: int, already: int) -> Iterator[Callable[[BatchItem], None]]:
    if not enabled:
        yield lambda item: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("failed: {task.fields[failed]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        job = bar.add_task("analysing", total=total, completed=already, failed=0)
        failures = 0

        def advance(item: BatchItem) -> None:
            nonlocal failures
            failures += item.status == "failed"
            bar.update(job, advance=1, failed=failures)

        yield advance

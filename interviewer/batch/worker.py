"""What runs in each worker process: services built once by the pool's
initializer, then one transcript per task.

Services (engines, vector store, memory) are never pickled: each worker
builds its own from Settings. The same functions run in the main process
when the batch has a single worker.

Workers only read the knowledge store. Chroma's on-disk store is not safe
for writers in several processes (a second process's index goes stale:
"Error finding id"), so the organisational memory is written after the
workers are done, in one process (memory_sync.py), and the first-time index
build is done by one worker at a time under a file lock.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from interviewer.batch.summary import BatchItem

if TYPE_CHECKING:
    from interviewer.models import AnalysisResult
    from interviewer.services import Services
    from interviewer.settings import Settings

ServicesFactory = Callable[["Settings"], "Services"]


@dataclass(frozen=True)
class Task:
    case_id: str
    source: str
    out_dir: str
    reports: tuple[str, ...]
    # "analyse": read, analyse, write result and reports; "reports": the
    # result is up to date, only (missing) reports are written from it.
    mode: Literal["analyse", "reports"] = "analyse"


@dataclass
class _WorkerState:
    settings: Settings | None = None
    factory: ServicesFactory | None = None
    services: Services | None = None
    setup_error: str | None = None


_STATE = _WorkerState()


def init_worker(settings: Settings, factory: ServicesFactory | None, eager: bool = True) -> None:
    """Pool initializer: build the services once for all tasks of this process.

    `eager=False` (the single-process batch) builds them at the first task
    that needs them, so a batch that only refreshes reports never loads engines.
    """
    _STATE.settings, _STATE.factory = settings, factory
    _STATE.services, _STATE.setup_error = None, None
    if eager:
        # A failure is kept and reported by each task; raising here would
        # break the whole pool with an unhelpful BrokenProcessPool.
        with contextlib.suppress(_SetupError):
            _services(warm_up=True)


def _services(*, warm_up: bool = False) -> Services:
    if _STATE.services is None and _STATE.setup_error is None:
        try:
            settings = _STATE.settings
            if settings is None:
                raise RuntimeError("worker was not initialised")
            factory = _STATE.factory
            if factory is None:
                from interviewer.services import build_services

                factory = build_services
            with _one_process_at_a_time(settings.data_dir / "batch-setup.lock"):
                services = replace(factory(settings), memory=None)  # written later, by one process
                if warm_up:
                    _warm_up(services)
            _STATE.services = services
        except Exception as error:
            # Reported with every task instead of breaking the pool, so that the
            # batch ends with one clear message rather than BrokenProcessPool.
            _STATE.setup_error = f"analysis engine could not be set up: {type(error).__name__}: {error}"
    if _STATE.services is None:
        raise _SetupError(_STATE.setup_error or "analysis engine could not be set up")
    return _STATE.services


class _SetupError(Exception):
    pass


@contextlib.contextmanager
def _one_process_at_a_time(lock: Path) -> Iterator[None]:
    """An exclusive file lock (POSIX); elsewhere no lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _warm_up(services: Services) -> None:
    """One small analysis, so that lexicons are loaded and the knowledge index
    exists before this worker's first real task (and before the next worker
    opens the store)."""
    from interviewer.models import Transcript, Turn
    from interviewer.pipeline import analyse

    turns = [
        Turn(
            number=1, speaker="Interviewer", text="What happens when a request arrives?", is_interviewer=True
        ),
        Turn(
            number=2,
            speaker="Ana",
            role="intake",
            text="I check it in SAP and email it to billing; they wait a week.",
        ),
    ]
    analyse(Transcript(case_id="batch-warm-up", language="en", turns=turns), services=services)


def run_task(task: Task) -> BatchItem:
    started = time.perf_counter()
    result_path = Path(task.out_dir) / f"{task.case_id}.json"
    try:
        if task.mode == "reports":
            from interviewer.models import AnalysisResult

            result = AnalysisResult.model_validate_json(result_path.read_text("utf-8"))
        else:
            result = _analyse(task, result_path)
        item = BatchItem.from_result(
            result, source=task.source, result_path=result_path, seconds=time.perf_counter() - started
        )
        if task.mode == "reports":
            item.status = "skipped"  # the analysis was up to date; only reports were added
        _write_reports(result, task, item)
        return item
    except Exception as error:
        from interviewer.errors import InterviewerError

        known = isinstance(error, InterviewerError | _SetupError)
        message = str(error) if known else f"{type(error).__name__}: {error}"
        return BatchItem(
            case=task.case_id,
            source=task.source,
            status="failed",
            error=message,
            seconds=round(time.perf_counter() - started, 4),
        )


def _analyse(task: Task, result_path: Path) -> AnalysisResult:
    from interviewer.batch.manifest import write_atomic
    from interviewer.pipeline import analyse
    from interviewer.transcripts import read_file

    services = _services()
    transcript = read_file(Path(task.source), language=services.settings.language)
    result = analyse(transcript, case_id=task.case_id, services=services)
    if result.source is None:
        result = result.model_copy(update={"source": task.source})
    write_atomic(result_path, result.model_dump_json(indent=2) + "\n")
    return result


def _write_reports(result: AnalysisResult, task: Task, item: BatchItem) -> None:
    if not task.reports:
        return
    from interviewer.batch.reports_hook import load_report_writer

    writer, problem = load_report_writer()
    if writer is None:
        item.warnings.append(problem or "reports not written")
        return
    try:
        item.reports = [str(path) for path in writer(result, Path(task.out_dir), list(task.reports))]
    except Exception as error:
        item.warnings.append(f"reports failed: {type(error).__name__}: {error}")

"""The batch worker: a thread in each API process that analyses uploaded
transcripts, one job at a time, one file after another.

It claims jobs from the database (so several API processes share the work),
renews its lease after each file and stores each file's result or error as
soon as it has it: a worker that dies loses at most the file it was on, and
another worker picks the job up when the lease runs out.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.services import Services
    from interviewer.storage import Repository

log = logging.getLogger("interviewer.api.jobs")

LEASE_SECONDS = 300.0


class JobWorker:
    def __init__(self, repository: Repository, services: Services, *, poll_seconds: float = 2.0) -> None:
        self.repository = repository
        self.services = services
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="interviewer-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def notify(self) -> None:
        """A job was just queued: look now instead of at the next poll."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.run_once()
            except Exception:  # the database went away: log, wait, try again
                log.exception("the job worker failed; retrying")
                worked = False
            if not worked:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def run_once(self) -> bool:
        """Claim and do one job; False when there was none."""
        job = self.repository.jobs.claim(lease_seconds=LEASE_SECONDS)
        if job is None:
            return False
        try:
            self._analyse_job(job.id)
            self.repository.jobs.finish(job.id)
        except Exception as error:
            log.exception("job %s failed", job.id)
            self.repository.jobs.finish(job.id, error=f"the job failed: {type(error).__name__}: {error}")
        return True

    def _analyse_job(self, job_id: str) -> None:
        from interviewer.batch.inputs import assign_case_ids

        files = self.repository.jobs.queued_files(job_id)
        if not files:
            return
        with tempfile.TemporaryDirectory(prefix="interviewer-job-") as folder:
            paths: dict[int, Path] = {}
            for number, name, content in files:
                path = Path(folder) / name
                path.write_bytes(content)
                paths[number] = path
            case_ids = assign_case_ids(list(paths.values()))
            for number, name, _ in files:
                if self._stop.is_set():
                    return  # the lease runs out and the job is taken up again
                self._analyse_file(job_id, number, name, paths[number], case_ids[paths[number]])

    def _analyse_file(self, job_id: str, number: int, name: str, path: Path, case_id: str) -> None:
        from interviewer.errors import InterviewerError
        from interviewer.pipeline import analyse
        from interviewer.transcripts import read_file

        try:
            transcript = read_file(path, language=self.services.settings.language)
            result = analyse(transcript, case_id=case_id, services=self.services)
            result = result.model_copy(update={"source": name})
            outcome = {"status": "ok", "result_json": result.model_dump_json(), "error": None}
        except InterviewerError as error:
            outcome = {"status": "failed", "result_json": None, "error": str(error).replace(str(path), name)}
        except Exception as error:
            log.exception("job %s: %s failed", job_id, name)
            outcome = {"status": "failed", "result_json": None, "error": f"{type(error).__name__}: {error}"}
        self.repository.jobs.record_file(
            job_id,
            number,
            status=str(outcome["status"]),
            case_id=case_id,
            result_json=outcome["result_json"],
            error=outcome["error"],
            lease_seconds=LEASE_SECONDS,
        )

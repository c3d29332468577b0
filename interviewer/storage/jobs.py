"""Batch jobs: uploaded transcripts waiting for, or done by, a worker.

Uploads are stored in the database (not on one machine's disk), so that any
API replica's worker can take a job. A worker claims a job with a lease it
renews after every file; when a worker dies, the lease runs out and another
worker claims the job again and does the files that are still queued.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta

from sqlalchemy import or_, select, update

from interviewer.storage.db import Database
from interviewer.storage.records import JobFileInfo, JobInfo
from interviewer.storage.tables import Job, JobFile, utcnow

# A job whose worker died this many times is given up, with a message.
MAX_ATTEMPTS = 3


def _file(row: JobFile, *, with_result: bool) -> JobFileInfo:
    return JobFileInfo(
        number=row.number,
        name=row.name,
        status=row.status,
        case_id=row.case_id,
        error=row.error,
        result_json=row.result_json if with_result else None,
    )


def _job(row: Job, files: Sequence[JobFile], *, with_results: bool = False) -> JobInfo:
    return JobInfo(
        id=row.id,
        workspace_id=row.workspace_id,
        status=row.status,
        error=row.error,
        attempts=row.attempts,
        created_at=row.created_at,
        updated_at=row.updated_at,
        files=tuple(_file(f, with_result=with_results) for f in files),
    )


class JobStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self,
        workspace_id: str,
        files: Sequence[tuple[str, bytes]],
        *,
        refused: Mapping[int, str] | None = None,
    ) -> JobInfo:
        """A queued job of `files` (name, content). `refused` maps file numbers
        (from 1) to the reason they cannot be analysed: stored as failed."""
        refused = refused or {}
        now = utcnow()
        job_id = str(uuid.uuid4())
        with self.db.writing() as session:
            job = Job(id=job_id, workspace_id=workspace_id, status="queued", created_at=now, updated_at=now)
            session.add(job)
            session.flush()
            rows = [
                JobFile(
                    job_id=job_id,
                    number=number,
                    name=name,
                    content=content,
                    status="failed" if number in refused else "queued",
                    error=refused.get(number),
                )
                for number, (name, content) in enumerate(files, start=1)
            ]
            session.add_all(rows)
            if all(row.status == "failed" for row in rows):
                job.status = "done"
            session.flush()
            return _job(job, rows)

    def get(self, job_id: str, *, with_results: bool = False) -> JobInfo | None:
        with self.db.reading() as session:
            job = session.get(Job, job_id)
            if job is None:
                return None
            files = session.scalars(
                select(JobFile).where(JobFile.job_id == job_id).order_by(JobFile.number)
            ).all()
            return _job(job, files, with_results=with_results)

    def claim(self, *, lease_seconds: float) -> JobInfo | None:
        """Take the oldest job that is queued or whose worker's lease ran out."""
        now = utcnow()
        with self.db.writing() as session:
            query = (
                select(Job)
                .where(
                    or_(
                        Job.status == "queued",
                        (Job.status == "running") & (Job.lease_until < now),
                    )
                )
                .order_by(Job.created_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            job = session.scalars(query).first()
            if job is None:
                return None
            if job.attempts >= MAX_ATTEMPTS:
                job.status = "done"
                job.error = (
                    f"given up after {job.attempts} attempts: the worker stopped while analysing this job"
                )
                session.execute(
                    update(JobFile)
                    .where(JobFile.job_id == job.id, JobFile.status == "queued")
                    .values(status="failed", error=job.error)
                )
                job.updated_at = now
                return None
            job.status = "running"
            job.attempts += 1
            job.lease_until = now + timedelta(seconds=lease_seconds)
            job.updated_at = now
            session.flush()
            return _job(job, [])

    def queued_files(self, job_id: str) -> list[tuple[int, str, bytes]]:
        with self.db.reading() as session:
            rows = session.execute(
                select(JobFile.number, JobFile.name, JobFile.content)
                .where(JobFile.job_id == job_id, JobFile.status == "queued")
                .order_by(JobFile.number)
            ).all()
            return [(number, name, bytes(content)) for number, name, content in rows]

    def record_file(
        self,
        job_id: str,
        number: int,
        *,
        status: str,
        case_id: str | None,
        result_json: str | None,
        error: str | None,
        lease_seconds: float,
    ) -> None:
        """Store one file's outcome and renew the worker's lease."""
        now = utcnow()
        with self.db.writing() as session:
            row = session.scalars(
                select(JobFile).where(JobFile.job_id == job_id, JobFile.number == number)
            ).one()
            row.status, row.case_id, row.result_json, row.error = status, case_id, result_json, error
            job = session.get_one(Job, job_id)
            job.lease_until = now + timedelta(seconds=lease_seconds)
            job.updated_at = now

    def finish(self, job_id: str, *, error: str | None = None) -> None:
        with self.db.writing() as session:
            job = session.get_one(Job, job_id)
            job.status = "done"
            job.error = error
            job.lease_until = None
            job.updated_at = utcnow()
            if error:
                session.execute(
                    update(JobFile)
                    .where(JobFile.job_id == job_id, JobFile.status == "queued")
                    .values(status="failed", error=error)
                )

"""/v1/jobs: upload transcripts for batch analysis; status; results."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile

from interviewer.api.auth import Analyst, visible_job
from interviewer.api.context import get_context
from interviewer.api.problems import ApiError, problem_responses
from interviewer.api.schemas import JobFileOut, JobOut, JobResults
from interviewer.api.views import utc
from interviewer.models import AnalysisResult
from interviewer.storage.records import JobInfo

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])

MAX_FILES = 200


@router.post(
    "",
    status_code=202,
    response_model=JobOut,
    summary="Upload transcripts for batch analysis",
    responses=problem_responses(400, 401, 403, 413, 422, 429),
)
def create_job(
    request: Request,
    caller: Analyst,
    files: Annotated[
        list[UploadFile],
        File(
            min_length=1,
            description="Transcript files (.txt, .vtt, .srt, .json, .docx, ...), as multipart `files` fields.",
        ),
    ],
) -> JobOut:
    """Stores the files and queues them; a background worker analyses them.
    Poll GET /v1/jobs/{id} until `status` is `done`, then fetch the results.
    A file in a format the tool does not read is listed as failed at once."""
    from interviewer.transcripts import SUPPORTED_SUFFIXES

    context = get_context(request)
    limit = context.settings.api_max_upload_bytes
    if len(files) > MAX_FILES:
        raise ApiError(413, f"{len(files)} files in one job; at most {MAX_FILES}: split the upload")
    received: list[tuple[str, bytes]] = []
    refused: dict[int, str] = {}
    total = 0
    for number, upload in enumerate(files, start=1):
        name = _safe_name(upload.filename or "") or f"file-{number}"
        content = upload.file.read(limit + 1 - total)
        total += len(content)
        if total > limit:
            raise ApiError(
                413,
                f"the upload is larger than {limit} bytes, the limit (Settings.api_max_upload_bytes); "
                "send fewer or smaller files per job",
                slug="content-too-large",
            )
        if PurePath(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            # Kept and reported with the job, like a batch reports a bad file.
            refused[number] = (
                f"{name}: not a transcript format this tool reads ({', '.join(SUPPORTED_SUFFIXES)})"
            )
        received.append((name, content))
    job = context.repository.jobs.create(caller.workspace_id, _unique_names(received), refused=refused)
    if context.jobs is not None:
        context.jobs.notify()
    return job_out(job)


@router.get(
    "/{job_id}",
    response_model=JobOut,
    summary="A job's status",
    responses=problem_responses(401, 403, 404, 429),
)
def get_job(request: Request, job_id: str, caller: Analyst) -> JobOut:
    return job_out(visible_job(get_context(request), caller, job_id))


@router.get(
    "/{job_id}/results",
    response_model=JobResults,
    summary="A job's results so far",
    responses=problem_responses(401, 403, 404, 429),
)
def get_job_results(request: Request, job_id: str, caller: Analyst) -> JobResults:
    job = visible_job(get_context(request), caller, job_id, with_results=True)
    results = [AnalysisResult.model_validate_json(f.result_json) for f in job.files if f.result_json]
    failed = [_file_out(f) for f in job.files if f.status == "failed"]
    return JobResults(job_id=job.id, status=job.status, results=results, failed=failed)


def _file_out(file: object) -> JobFileOut:
    return JobFileOut.model_validate(file, from_attributes=True)


def job_out(job: JobInfo) -> JobOut:
    counts = Counter(f.status for f in job.files)
    return JobOut(
        id=job.id,
        status=job.status,
        error=job.error,
        created_at=utc(job.created_at),
        updated_at=utc(job.updated_at),
        counts={status: counts.get(status, 0) for status in ("queued", "ok", "failed")},
        files=[_file_out(f) for f in job.files],
    )


def _safe_name(filename: str) -> str:
    """The file's own name, without any folder a client put in front of it."""
    name = PurePath(filename.replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable() and c not in '<>:"|?*').strip(" .")
    return name[:200]


def _unique_names(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Two uploads called 'interview.txt' become 'interview.txt' and 'interview-2.txt'."""
    seen: set[str] = set()
    unique = []
    for name, content in files:
        candidate, number = name, 1
        while candidate.lower() in seen:
            number += 1
            candidate = f"{PurePath(name).stem}-{number}{PurePath(name).suffix}"
        seen.add(candidate.lower())
        unique.append((candidate, content))
    return unique

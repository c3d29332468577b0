"""The repository on SQLite and PostgreSQL: keys stored hashed, the answer
protocol (store first, complete once), idempotency, jobs and leases."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from interviewer.errors import NotFoundError
from interviewer.storage import Repository
from interviewer.storage.records import AnswerPendingError, ConflictError, IdempotencyMismatchError
from interviewer.storage.tables import Job, utcnow


def _dump_everything(repository: Repository) -> str:
    rows = []
    with repository.db.engine.connect() as connection:
        for table in ("workspaces", "api_keys", "interviews"):
            rows += [str(tuple(row)) for row in connection.execute(text(f"SELECT * FROM {table}"))]
    return "\n".join(rows)


def test_keys_are_stored_hashed_and_only_the_prefix_in_clear(repository: Repository) -> None:
    info, token = repository.keys.create_key(workspace="ops", name="anna")
    kind, prefix, secret = token.split("_", 2)
    assert (kind, prefix) == ("ipk", info.prefix)
    stored = _dump_everything(repository)
    assert prefix in stored
    assert secret not in stored and token not in stored

    found = repository.keys.authenticate(token)
    assert found is not None and found.workspace == "ops" and found.id == info.id
    assert repository.keys.authenticate(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert repository.keys.authenticate(f"ipk_{prefix}_wrong") is None
    assert repository.keys.authenticate("nonsense") is None


def test_revoked_keys_stop_working(repository: Repository) -> None:
    info, token = repository.keys.create_key(workspace="ops", name="anna")
    _, other = repository.keys.create_key(workspace="ops", name="ben")
    revoked = repository.keys.revoke_key(info.id)
    assert revoked.revoked_at is not None
    assert repository.keys.authenticate(token) is None
    assert repository.keys.authenticate(other) is not None
    assert [k.name for k in repository.keys.list_keys("ops")] == ["anna", "ben"]
    with pytest.raises(NotFoundError, match="keys list"):
        repository.keys.revoke_key("no-such-key")


def _interview(repository: Repository) -> tuple[str, str]:
    workspace = repository.keys.ensure_workspace("ops")
    info, token = repository.interviews.create(
        interview_id="iv-1",
        workspace_id=workspace,
        created_by_key_id=None,
        process_name="invoice approval",
        interviewee_role=None,
        language="en",
        consent=True,
        state_json='{"n": 1}',
        question_json=json.dumps({"text": "Q1", "done": False}),
        question_text="Q1",
    )
    return info.id, token


def _complete(
    repository: Repository, interview_id: str, number: int, question: str, *, done: bool = False
) -> int:
    snapshot = repository.interviews.complete_answer(
        interview_id,
        number,
        state_json=json.dumps({"n": number + 1}),
        question_json=json.dumps({"text": question, "done": done}),
        question_text=question,
        done=done,
        language="en",
    )
    return snapshot.turn_number


def test_participant_tokens_find_their_interview_only(repository: Repository) -> None:
    interview_id, token = _interview(repository)
    found = repository.interviews.authenticate(token)
    assert found is not None and found.id == interview_id
    assert repository.interviews.authenticate(token.replace("ipt_", "ipk_")) is None
    assert token.split("_", 2)[2] not in _dump_everything(repository)


def test_an_answer_is_stored_before_it_is_completed(repository: Repository) -> None:
    interview_id, _ = _interview(repository)
    accepted = repository.interviews.accept_answer(interview_id, "first answer", "k1")
    assert accepted.created and accepted.turn.number == 2 and accepted.snapshot is None
    assert repository.interviews.pending_answer(interview_id) == accepted.turn

    # Another answer while this one is pending is refused, with a way out.
    with pytest.raises(AnswerPendingError, match="repeat that request"):
        repository.interviews.accept_answer(interview_id, "something else", "k2")
    # The same answer again (same key, or same text without one) is the same turn.
    assert repository.interviews.accept_answer(interview_id, "first answer", "k1").turn.number == 2
    assert repository.interviews.accept_answer(interview_id, "first answer", None).turn.number == 2

    assert _complete(repository, interview_id, 2, "Q2") == 3
    # Completing twice (a retry racing the first) keeps the first reply.
    again = repository.interviews.complete_answer(
        interview_id,
        2,
        state_json="{}",
        question_json='{"text": "other"}',
        question_text="other",
        done=False,
        language=None,
    )
    assert json.loads(again.question_json)["text"] == "Q2"
    assert [(t.number, t.speaker, t.text) for t in repository.interviews.turns(interview_id)] == [
        (1, "interviewer", "Q1"),
        (2, "interviewee", "first answer"),
        (3, "interviewer", "Q2"),
    ]
    assert repository.interviews.pending_answer(interview_id) is None


def test_idempotency_keys_replay_and_refuse_other_text(repository: Repository) -> None:
    interview_id, _ = _interview(repository)
    repository.interviews.accept_answer(interview_id, "first answer", "k1")
    _complete(repository, interview_id, 2, "Q2")
    replay = repository.interviews.accept_answer(interview_id, "first answer", "k1")
    assert not replay.created and replay.snapshot is not None and replay.snapshot.turn_number == 3
    with pytest.raises(IdempotencyMismatchError, match="different answer"):
        repository.interviews.accept_answer(interview_id, "changed my mind", "k1")
    # Without a key, the same text once the interviewer has replied is a new answer.
    assert repository.interviews.accept_answer(interview_id, "first answer", None).turn.number == 4


def test_closed_and_finished_interviews_take_no_answers(repository: Repository) -> None:
    interview_id, _ = _interview(repository)
    repository.interviews.accept_answer(interview_id, "that's all", None)
    _complete(repository, interview_id, 2, "Thank you!", done=True)
    assert repository.interviews.get(interview_id).status == "closed"  # type: ignore[union-attr]
    with pytest.raises(ConflictError, match="closed"):
        repository.interviews.accept_answer(interview_id, "more", None)
    assert repository.interviews.save_result(interview_id, '{"a": 1}') == '{"a": 1}'
    assert repository.interviews.save_result(interview_id, '{"a": 2}') == '{"a": 1}'
    assert repository.interviews.get(interview_id).status == "finished"  # type: ignore[union-attr]
    with pytest.raises(NotFoundError):
        repository.interviews.accept_answer("no-such-interview", "x", None)


def test_jobs_are_claimed_once_and_again_when_the_lease_runs_out(repository: Repository) -> None:
    workspace = repository.keys.ensure_workspace("ops")
    job = repository.jobs.create(workspace, [("a.txt", b"A: hi"), ("b.txt", b"B: ho")])
    assert [f.status for f in job.files] == ["queued", "queued"]
    claimed = repository.jobs.claim(lease_seconds=60)
    assert claimed is not None and claimed.id == job.id and claimed.attempts == 1
    assert repository.jobs.claim(lease_seconds=60) is None, "a leased job is not claimed twice"
    repository.jobs.record_file(
        job.id, 1, status="ok", case_id="a", result_json="{}", error=None, lease_seconds=60
    )
    assert [n for n, _, _ in repository.jobs.queued_files(job.id)] == [2]

    # The worker dies: its lease runs out and the job is claimed again.
    with repository.db.writing() as session:
        session.execute(
            update(Job).where(Job.id == job.id).values(lease_until=utcnow() - timedelta(seconds=1))
        )
    again = repository.jobs.claim(lease_seconds=60)
    assert again is not None and again.attempts == 2
    repository.jobs.finish(job.id)
    done = repository.jobs.get(job.id, with_results=True)
    assert done is not None and done.status == "done"
    assert [(f.status, f.result_json) for f in done.files] == [("ok", "{}"), ("queued", None)]


def test_a_job_whose_worker_keeps_dying_is_given_up(repository: Repository) -> None:
    workspace = repository.keys.ensure_workspace("ops")
    job = repository.jobs.create(workspace, [("a.txt", b"A: hi")])
    for _ in range(3):
        assert repository.jobs.claim(lease_seconds=0.001) is not None
        time.sleep(0.01)
    assert repository.jobs.claim(lease_seconds=60) is None
    given_up = repository.jobs.get(job.id)
    assert given_up is not None and given_up.status == "done" and "3 attempts" in (given_up.error or "")
    assert given_up.files[0].status == "failed"
    with repository.db.reading() as session:
        assert session.scalar(select(Job.status).where(Job.id == job.id)) == "done"

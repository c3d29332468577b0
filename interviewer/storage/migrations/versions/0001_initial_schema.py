"""Initial schema: workspaces, api_keys, interviews, turns, snapshots,
results, jobs, job_files.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _workspace_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"],
        ["workspaces.id"],
        name=op.f(f"fk_{table}_workspace_id_workspaces"),
        ondelete="CASCADE",
    )


def _interview_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["interview_id"],
        ["interviews.id"],
        name=op.f(f"fk_{table}_interview_id_interviews"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspaces")),
        sa.UniqueConstraint("name", name=op.f("uq_workspaces_name")),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        _timestamp("created_at"),
        _timestamp("revoked_at", nullable=True),
        _workspace_fk("api_keys"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_keys_prefix")),
    )
    op.create_index(op.f("ix_api_keys_workspace_id"), "api_keys", ["workspace_id"])
    op.create_table(
        "interviews",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("created_by_key_id", sa.String(length=36), nullable=True),
        sa.Column("process_name", sa.String(length=500), nullable=False),
        sa.Column("interviewee_role", sa.String(length=500), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("token_prefix", sa.String(length=32), nullable=False),
        sa.Column("token_salt", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _workspace_fk("interviews"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
        sa.UniqueConstraint("token_prefix", name=op.f("uq_interviews_token_prefix")),
    )
    op.create_index(op.f("ix_interviews_workspace_id"), "interviews", ["workspace_id"])
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("interview_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        _timestamp("created_at"),
        _interview_fk("turns"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_turns")),
        sa.UniqueConstraint("interview_id", "idempotency_key", name="uq_turns_interview_idempotency_key"),
        sa.UniqueConstraint("interview_id", "number", name="uq_turns_interview_number"),
    )
    op.create_table(
        "snapshots",
        sa.Column("interview_id", sa.String(length=36), nullable=False),
        sa.Column("turn_number", sa.Integer(), nullable=False),
        sa.Column("state_json", sa.Text(), nullable=False),
        sa.Column("question_json", sa.Text(), nullable=False),
        _timestamp("created_at"),
        _interview_fk("snapshots"),
        sa.PrimaryKeyConstraint("interview_id", "turn_number", name=op.f("pk_snapshots")),
    )
    op.create_table(
        "results",
        sa.Column("interview_id", sa.String(length=36), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        _timestamp("created_at"),
        _interview_fk("results"),
        sa.PrimaryKeyConstraint("interview_id", name=op.f("pk_results")),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        _timestamp("lease_until", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _workspace_fk("jobs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index("ix_jobs_status_lease", "jobs", ["status", "lease_until"])
    op.create_index(op.f("ix_jobs_workspace_id"), "jobs", ["workspace_id"])
    op.create_table(
        "job_files",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("job_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("case_id", sa.String(length=255), nullable=True),
        sa.Column("result_json", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_files_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_files")),
        sa.UniqueConstraint("job_id", "number", name="uq_job_files_job_number"),
    )


def downgrade() -> None:
    for table in (
        "job_files",
        "jobs",
        "results",
        "snapshots",
        "turns",
        "interviews",
        "api_keys",
        "workspaces",
    ):
        op.drop_table(table)

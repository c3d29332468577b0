"""One row per transcript, and the batch's summary files (CSV and JSONL)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from interviewer.batch.manifest import write_atomic

if TYPE_CHECKING:
    from interviewer.models import AnalysisResult

Status = Literal["ok", "skipped", "failed"]
SUMMARY_FORMATS = ("csv", "jsonl")
# Columns of summary.csv / keys of summary.jsonl, in this order.
COLUMNS = (
    "case",
    "source",
    "status",
    "language",
    "steps",
    "handoffs",
    "lead_time_hours",
    "flow_efficiency",
    "findings",
    "proposals",
    "error",
    "seconds",
    "result",
)


@dataclass
class BatchItem:
    """The outcome for one transcript."""

    case: str
    source: str
    status: Status
    language: str | None = None
    steps: int | None = None
    handoffs: int | None = None
    lead_time_hours: float | None = None
    flow_efficiency: float | None = None
    findings: int | None = None
    proposals: int | None = None
    error: str | None = None
    seconds: float | None = None
    result: str | None = None
    reports: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        data = asdict(self)
        return {column: data[column] for column in COLUMNS}

    @classmethod
    def from_result(
        cls, result: AnalysisResult, *, source: str, result_path: Path, seconds: float
    ) -> BatchItem:
        metrics = result.process.metrics
        return cls(
            case=result.case_id,
            source=source,
            status="ok",
            language=result.language,
            steps=len(result.process.steps),
            handoffs=metrics.handoff_count,
            lead_time_hours=metrics.lead_time_hours,
            flow_efficiency=None if metrics.flow_efficiency is None else round(metrics.flow_efficiency, 4),
            findings=len(result.findings),
            proposals=len(result.proposals),
            seconds=round(seconds, 4),
            result=str(result_path),
        )

    @classmethod
    def from_row(cls, row: dict[str, Any], *, status: Status) -> BatchItem:
        """An item from a stored summary row (a result skipped as up to date)."""
        known: dict[str, Any] = {
            key: row.get(key) for key in COLUMNS if key not in ("case", "source", "status")
        }
        return cls(case=str(row["case"]), source=str(row["source"]), status=status, **known)


@dataclass
class BatchSummary:
    out_dir: Path
    items: list[BatchItem]
    seconds: float
    fingerprint: str
    summary_files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Wall seconds of each phase: plan (hashing, up-to-date checks), analyse
    # (the workers), memory (organisational memory update), summary.
    phases: dict[str, float] = field(default_factory=dict)

    def count(self, status: Status) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def failed(self) -> list[BatchItem]:
        return [item for item in self.items if item.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed


def write_summary_files(items: Sequence[BatchItem], out_dir: Path, formats: Sequence[str]) -> list[Path]:
    written: list[Path] = []
    rows = [item.row() for item in items]
    if "csv" in formats:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path = out_dir / "summary.csv"
        write_atomic(path, buffer.getvalue())
        written.append(path)
    if "jsonl" in formats:
        path = out_dir / "summary.jsonl"
        write_atomic(path, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
        written.append(path)
    return written

"""The one place the batch touches interviewer.reports.

Reports are optional for a batch: when the module is missing (it is written
separately), the batch still writes every result and says once why the
reports are absent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.models import AnalysisResult

ReportWriter = Callable[["AnalysisResult", Path, Sequence[str]], list[Path]]

# Known here so that the CLI can check `--reports` without importing the
# reports package; interviewer.reports.FORMATS is the authority when present.
REPORT_FORMATS = ("html", "md", "bpmn", "mermaid")
REPORT_EXTENSIONS = {"html": "html", "md": "md", "bpmn": "bpmn", "mermaid": "mmd"}


def load_report_writer() -> tuple[ReportWriter | None, str | None]:
    """(write_reports, None), or (None, why reports cannot be written)."""
    try:
        from interviewer.reports import write_reports
    except ImportError as error:
        return None, f"reports not written: interviewer.reports.write_reports is not available ({error})"
    return write_reports, None


def report_paths(out_dir: Path, case_id: str, formats: Sequence[str]) -> list[Path]:
    return [out_dir / f"{case_id}.{REPORT_EXTENSIONS.get(fmt, fmt)}" for fmt in formats]


def parse_report_formats(text: str) -> tuple[str, ...]:
    """'html,md' -> ('html', 'md'); '' or 'none' -> (). Raises ValueError for unknown names."""
    if text.strip().lower() in ("", "none"):
        return ()
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in REPORT_FORMATS]
    if unknown:
        raise ValueError(
            f"unknown report format(s) {', '.join(unknown)}; choose from {', '.join(REPORT_FORMATS)}"
        )
    return names

"""Reports rendered from an AnalysisResult: Markdown for tickets and wikis,
a self-contained HTML page with SVG swimlanes for managers, BPMN 2.0 XML for
modelers (bpmn.io, Camunda Modeler) and Mermaid for Markdown renderers.

    render(result, "html") -> str
    write_reports(result, directory, ["html", "bpmn"]) -> [Path, ...]

Labels follow result.language (German or English).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from interviewer.errors import InputError
from interviewer.models import AnalysisResult

FORMATS: tuple[str, ...] = ("html", "md", "bpmn", "mermaid")

# File extension per format; files are named <case_id><extension>.
EXTENSIONS: dict[str, str] = {"html": ".html", "md": ".md", "bpmn": ".bpmn", "mermaid": ".mmd"}

# Other spellings users type; mapped onto FORMATS.
ALIASES: dict[str, str] = {"markdown": "md", "mmd": "mermaid", "htm": "html", "xml": "bpmn"}


def normalise_format(fmt: str) -> str:
    name = fmt.strip().lower()
    name = ALIASES.get(name, name)
    if name not in FORMATS:
        raise InputError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    return name


def _renderer(fmt: str) -> Callable[[AnalysisResult], str]:
    # Imported on demand: the CLI imports this package to list the formats.
    if fmt == "html":
        from interviewer.reports.html import render_html

        return render_html
    if fmt == "md":
        from interviewer.reports.markdown import render_markdown

        return render_markdown
    if fmt == "bpmn":
        from interviewer.reports.bpmn import render_bpmn

        return render_bpmn
    from interviewer.reports.mermaid import render_mermaid

    return render_mermaid


def render(result: AnalysisResult, fmt: str) -> str:
    """The report in one format ("html", "md", "bpmn", "mermaid") as text."""
    return _renderer(normalise_format(fmt))(result)


def report_path(result: AnalysisResult, directory: Path, fmt: str) -> Path:
    return directory / f"{safe_stem(result.case_id)}{EXTENSIONS[normalise_format(fmt)]}"


def safe_stem(case_id: str) -> str:
    """A file name from a case id: path separators and control characters become '_'."""
    stem = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in case_id).strip(" .")
    return stem or "report"


def write_text_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_reports(result: AnalysisResult, directory: Path, formats: Sequence[str]) -> list[Path]:
    """Write <case_id>.html/.md/.bpmn/.mmd into `directory`; returns the paths written."""
    chosen = list(dict.fromkeys(normalise_format(f) for f in formats))
    paths = []
    for fmt in chosen:
        path = report_path(result, Path(directory), fmt)
        write_text_atomic(path, render(result, fmt))
        paths.append(path)
    return paths


__all__ = ["EXTENSIONS", "FORMATS", "normalise_format", "render", "report_path", "write_reports"]

"""The batch's summary as the terminal shows it (rich)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from interviewer.batch.summary import BatchItem, BatchSummary

if TYPE_CHECKING:
    from rich.console import Console

# Beyond this many rows the table shows failures first and points to summary.csv.
MAX_ROWS = 40
_STATUS_STYLE = {"ok": "green", "skipped": "dim", "failed": "bold red"}


def format_hours(hours: float | None) -> str:
    if hours is None:
        return "–"
    if hours >= 48:
        return f"{hours / 24:.1f} d"
    return f"{hours:.1f} h"


def format_share(value: float | None) -> str:
    # Flow efficiency of real processes is often below 1 %; a whole-percent
    # format would show "0%" for all of them.
    if value is None:
        return "–"
    return f"{value:.0%}" if value >= 0.1 else f"{value:.1%}"


def print_batch_summary(summary: BatchSummary, console: Console, *, max_rows: int = MAX_ROWS) -> None:
    from rich import box
    from rich.table import Table

    table = Table(
        title=f"Batch results in {summary.out_dir}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    # Case ids are long ("krankenhaus-entlassung-reha-zoom"): the case column
    # wraps; the number columns have two-line headers and never wrap, so the
    # table fits 80 columns.
    table.add_column("case", overflow="fold", min_width=16)
    for header in (
        "lang",
        "steps",
        "hand-\noffs",
        "lead\ntime",
        "flow\neff.",
        "find-\nings",
        "pro-\nposals",
        "status",
    ):
        table.add_column(header, justify="left" if header in ("lang", "status") else "right", no_wrap=True)
    shown = _rows_to_show(summary.items, max_rows)
    for item in shown:
        table.add_row(
            item.case,
            item.language or "–",
            _number(item.steps),
            _number(item.handoffs),
            format_hours(item.lead_time_hours),
            format_share(item.flow_efficiency),
            _number(item.findings),
            _number(item.proposals),
            f"[{_STATUS_STYLE[item.status]}]{item.status}[/]",
        )
    console.print(table)
    hidden = len(summary.items) - len(shown)
    if hidden:
        files = " / ".join(path.name for path in summary.summary_files) or "the result files"
        console.print(f"… and {hidden} more rows in {files}")
    console.print(
        f"[bold]{summary.count('ok')} analysed[/], {summary.count('skipped')} up to date (skipped), "
        f"[{'bold red' if summary.failed else 'green'}]{summary.count('failed')} failed[/] "
        f"in {summary.seconds:.1f} s"
    )
    for path in summary.summary_files:
        console.print(f"summary: {path}")
    for warning in summary.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    _print_item_warnings(summary.items, console)
    _print_failures(summary.failed, console)


def _rows_to_show(items: list[BatchItem], max_rows: int) -> list[BatchItem]:
    if len(items) <= max_rows:
        return items
    failed = [item for item in items if item.status == "failed"][:max_rows]
    others = [item for item in items if item.status != "failed"][: max_rows - len(failed)]
    return failed + others


def _print_item_warnings(items: list[BatchItem], console: Console) -> None:
    counts = Counter(warning for item in items for warning in item.warnings)
    for warning, count in counts.most_common(5):
        console.print(f"[yellow]warning:[/] {warning}" + (f" ({count} files)" if count > 1 else ""))


def _print_failures(failed: list[BatchItem], console: Console) -> None:
    if not failed:
        return
    console.print(f"[bold red]Failed ({len(failed)}):[/]")
    # Many files failing for one reason (say, the engine is missing) is one message.
    by_error = Counter(item.error or "unknown error" for item in failed)
    repeated = {error for error, count in by_error.items() if count > 3}
    for error in repeated:
        console.print(f"  {by_error[error]} files: {error}", markup=False, highlight=False)
    for item in failed:
        if (item.error or "unknown error") not in repeated:
            console.print(f"  {item.source}: {item.error}", markup=False, highlight=False)


def _number(value: int | None) -> str:
    return "–" if value is None else str(value)

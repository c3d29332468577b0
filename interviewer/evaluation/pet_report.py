"""The PET benchmark's figures on the terminal and as JSON, next to the
published ones (../shared/data/pet/README.md)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.evaluation.pet import PUBLISHED_MACRO_F1, PetReport

if TYPE_CHECKING:
    from rich.console import Console


def render_pet(report: PetReport, console: Console, *, engine: str = "offline") -> None:
    from rich.table import Table

    micro, macro = report.micro(), report.macro()
    table = Table(title=f"PET benchmark: {len(report.documents)} documents, engine {engine}")
    for column in (
        "",
        "micro P",
        "micro R",
        "micro F1",
        "macro P",
        "macro R",
        "macro F1",
        "published macro F1",
    ):
        table.add_column(column, justify="left" if not column else "right")
    for kind in ("activity", "actor"):
        table.add_row(
            kind,
            f"{micro[f'{kind}_precision']:.2f}",
            f"{micro[f'{kind}_recall']:.2f}",
            f"{micro[f'{kind}_f1']:.2f}",
            f"{macro[f'{kind}_precision']:.2f}",
            f"{macro[f'{kind}_recall']:.2f}",
            f"{macro[f'{kind}_f1']:.2f}",
            f"{PUBLISHED_MACRO_F1[kind]:.2f}",
        )
    console.print(table)
    console.print(
        "Published: rule-based extraction (Friedrich et al. 2011) scored on PET; "
        "activities here are matched by verb stem + Activity Data word in the same sentence, "
        "actors at entity level (see interviewer/evaluation/pet.py)."
    )
    failed = [doc for doc in report.documents if doc.error]
    for doc in failed:
        console.print(f"[red]{doc.id}: {doc.error}[/red]")


def write_pet(report: PetReport, path: Path, *, engine: str = "offline", data: str | None = None) -> Path:
    payload = {
        "benchmark": "PET",
        "engine": engine,
        "data": data,
        "created_at": datetime.now(UTC).isoformat(),
        "micro": report.micro(),
        "macro": report.macro(),
        "published_macro_f1": PUBLISHED_MACRO_F1,
        "documents": [asdict(doc) for doc in report.documents],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path

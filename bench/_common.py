"""Helpers shared by the benchmark scripts (not a test module)."""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "interviewer" / "samples"


def isolated_data_dir() -> Path:
    """Benchmarks never touch the user's data directory (vector store, database)."""
    directory = Path(tempfile.mkdtemp(prefix="interviewer-bench-data-"))
    os.environ["INTERVIEWER_DATA_DIR"] = str(directory)
    os.environ.setdefault("INTERVIEWER_CONFIG", str(directory / "no-config.toml"))
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    return directory


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def verdict(value: float, target: float) -> str:
    return "OK" if value <= target else "OVER TARGET"


def median(values: list[float]) -> float:
    return statistics.median(values)

"""Writes the batch's new results into the organisational memory, in this
one process, after the workers are done (see worker.py for why).

Results of one batch therefore do not cite each other as similar cases;
they cite the cases of earlier batches and interviews. That also makes a
batch's results independent of how many workers ran it and in which order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.batch.summary import BatchItem

if TYPE_CHECKING:
    from interviewer.batch.worker import ServicesFactory
    from interviewer.models import AnalysisResult
    from interviewer.services import Memory
    from interviewer.settings import Settings

_CHUNK = 200


def _load(item: BatchItem) -> AnalysisResult:
    from interviewer.models import AnalysisResult

    return AnalysisResult.model_validate_json(Path(str(item.result)).read_text("utf-8"))


def remember_results(
    items: Sequence[BatchItem], settings: Settings, factory: ServicesFactory | None
) -> str | None:
    """Remember every newly analysed result; returns a warning when that failed."""
    fresh = [item for item in items if item.status == "ok" and item.result]
    if not fresh:
        return None
    try:
        memory: Memory | None
        if factory is None:
            from interviewer.knowledge import build_finder

            memory = build_finder(settings)[1]  # the memory alone: no engine needed here
        else:
            memory = factory(settings).memory
        if memory is None:
            return None
        # One write per chunk when the memory offers it: the vector store's
        # writes cost far more than its reads.
        remember_many = getattr(memory, "remember_many", None)
        for start in range(0, len(fresh), _CHUNK):
            chunk = [_load(item) for item in fresh[start : start + _CHUNK]]
            if remember_many is not None:
                remember_many(chunk)
            else:
                for result in chunk:
                    memory.remember(result)
    except Exception as error:
        return f"organisational memory not updated: {type(error).__name__}: {error}"
    return None

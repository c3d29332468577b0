"""Batch analysis: many transcript files in, one result JSON each, a summary.

from interviewer.batch import run_batch
summary = run_batch([Path("interviews/")], Path("out"), settings=Settings(), workers=2)
summary.failed  # -> the BatchItems that could not be analysed, with their errors
"""

from __future__ import annotations

from interviewer.batch.runner import run_batch
from interviewer.batch.summary import BatchItem, BatchSummary

__all__ = ["BatchItem", "BatchSummary", "run_batch"]

"""The process interviewer.

    from interviewer import analyse
    result = analyse(Path("interview.txt"))   # -> AnalysisResult

Heavy libraries are imported lazily so that `interviewer --help` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "analyse"]

if TYPE_CHECKING:
    from interviewer.pipeline import analyse


def __getattr__(name: str) -> Any:
    if name == "analyse":
        from interviewer.pipeline import analyse

        return analyse
    raise AttributeError(name)

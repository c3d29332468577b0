"""Wiring: builds the engines and stores from Settings. The only place that
knows which implementation sits behind each seam.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from interviewer.engines.base import Engine, FindingsFinder
    from interviewer.models import AnalysisResult
    from interviewer.settings import Settings


class Memory(Protocol):
    def remember(self, result: AnalysisResult) -> None: ...


@dataclass
class Services:
    settings: Settings
    engine: Engine
    finder: FindingsFinder | None = None
    memory: Memory | None = None


def build_services(settings: Settings, *, with_knowledge: bool = True) -> Services:
    from interviewer.engines.offline import OfflineEngine

    engine: Engine
    if settings.engine == "llm":
        from interviewer.engines.llm import LLMEngine

        engine = LLMEngine.from_settings(settings, fallback=OfflineEngine())
    else:
        engine = OfflineEngine()
    finder = None
    memory = None
    if with_knowledge:
        from interviewer.knowledge import build_finder

        finder, memory = build_finder(settings)
    return Services(settings=settings, engine=engine, finder=finder, memory=memory)

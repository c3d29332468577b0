"""A small stand-in engine for batch tests (the real offline engine is tested
on its own). It implements the Engine protocol: one step per interviewee
turn, actor = the speaker's role. A transcript that says EXPLODE makes it
raise, to show that an unexpected error in one file does not stop a batch.

make_services is module-level so that worker processes can use it as the
batch's services factory; each call leaves a marker file (one per process)
in $BATCH_DOUBLE_MARKERS, so tests can count how often services are built.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from interviewer.models import (
    AnalysisResult,
    EngineInfo,
    Finding,
    Handoff,
    Language,
    Process,
    Proposal,
    Step,
    Transcript,
)
from interviewer.services import Services
from interviewer.settings import Settings


class StepPerTurnEngine:
    name = "step-per-turn"

    def extract(self, transcript: Transcript, language: Language, record: EngineInfo) -> Process:
        if any("EXPLODE" in turn.text for turn in transcript.turns):
            raise RuntimeError("the engine exploded on purpose")
        steps = [
            Step(id=f"s{index}", action=turn.text.split(".")[0][:60], actor=turn.role or turn.speaker)
            for index, turn in enumerate((t for t in transcript.turns if not t.is_interviewer), start=1)
        ]
        handoffs = [
            Handoff(from_step=a.id, to_step=b.id, from_actor=a.actor, to_actor=b.actor)
            for a, b in itertools.pairwise(steps)
            if a.actor != b.actor
        ]
        # The worker's process id, so tests can see which process analysed what.
        return Process(name=f"pid-{os.getpid()}", steps=steps, handoffs=handoffs)

    def propose(
        self,
        process: Process,
        findings: list[Finding],
        transcript: Transcript,
        language: Language,
        record: EngineInfo,
    ) -> list[Proposal]:
        return []


class FileMemory:
    """Organisational memory that appends "<pid> <case id>" lines to a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def remember(self, result: AnalysisResult) -> None:
        with self.path.open("a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()} {result.case_id}\n")


def make_services(settings: Settings) -> Services:
    markers = os.environ.get("BATCH_DOUBLE_MARKERS")
    if markers:
        marker = Path(markers) / f"{os.getpid()}"
        count = int(marker.read_text()) if marker.exists() else 0
        marker.write_text(str(count + 1))
    memory_file = os.environ.get("BATCH_DOUBLE_MEMORY")
    memory = FileMemory(Path(memory_file)) if memory_file else None
    return Services(settings=settings, engine=StepPerTurnEngine(), memory=memory)

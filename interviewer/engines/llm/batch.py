"""Many interviews through one LLM engine, keeping the endpoint busy but within its limit.

The engine bounds the requests in flight (llm_concurrency) on its own loop;
this helper only has to keep enough interviews moving that a free slot
never waits for work: threads run the ordinary pipeline, twice as many as
the limit, so that while some do offline work (metrics, findings) others
hold every slot. One failed interview is reported, never stops the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from interviewer.errors import InterviewerError

if TYPE_CHECKING:
    from interviewer.models import AnalysisResult
    from interviewer.pipeline import TranscriptSource
    from interviewer.services import Services


def analyse_many(
    sources: Iterable[TranscriptSource],
    *,
    services: Services,
    threads: int | None = None,
    on_done: Callable[[int, AnalysisResult | InterviewerError], None] | None = None,
) -> list[AnalysisResult | InterviewerError]:
    """Analyse every source; results (or the error of that one source) in input order."""
    from interviewer.pipeline import analyse

    items: Sequence[TranscriptSource] = list(sources)
    workers = threads or max(2, 2 * services.settings.llm_concurrency)

    def one(index: int) -> AnalysisResult | InterviewerError:
        try:
            outcome: AnalysisResult | InterviewerError = analyse(items[index], services=services)
        except InterviewerError as error:
            outcome = error
        if on_done is not None:
            on_done(index, outcome)
        return outcome

    with ThreadPoolExecutor(
        max_workers=min(workers, max(1, len(items))), thread_name_prefix="analyse"
    ) as pool:
        return list(pool.map(one, range(len(items))))

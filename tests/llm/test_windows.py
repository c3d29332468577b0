"""Long interviews: overlapping windows, one call each, steps merged without duplicates."""

from __future__ import annotations

from collections.abc import Callable

from interviewer.engines.llm import LLMEngine
from interviewer.engines.llm.windows import derive_handoffs, merge_windows, split_windows
from interviewer.models import EngineInfo, Evidence, Step
from tests.llm.samples import RecordingFallback, long_transcript
from tests.support.openai_server import OpenAITestServer, error
from tests.support.scripted_model import echo_extraction


def _step(action: str, turn: int, quote: str, actor: str | None = None) -> Step:
    return Step(id="x", action=action, actor=actor, evidence=[Evidence(turn=turn, quote=quote)])


def test_windows_cover_every_turn_and_overlap() -> None:
    turns = long_transcript(100).turns
    windows = split_windows(turns, 40, 6)
    assert [(w[0].number, w[-1].number) for w in windows] == [(1, 40), (35, 74), (69, 100)]
    assert split_windows(turns[:40], 40, 6) == [turns[:40]]
    assert split_windows(turns[:3], 1, 5) == [[t] for t in turns[:3]]  # overlap clipped to size - 1


def test_merge_drops_the_overlap_duplicates_and_keeps_the_order() -> None:
    first = [
        _step("receive order", 1, "we receive the order"),
        _step("check order", 3, "I check it for completeness"),
    ]
    second = [
        _step(
            "check the order", 3, "check it for completeness", actor="order management"
        ),  # same quote, reworded
        _step("plan the line", 5, "planning takes over"),
    ]
    merged = merge_windows([first, second])
    assert [s.action for s in merged] == ["receive order", "check order", "plan the line"]
    assert [s.id for s in merged] == ["s1", "s2", "s3"]
    assert merged[1].actor == "order management"  # the duplicate's extra fact is kept


def test_a_new_step_between_shared_ones_keeps_its_place() -> None:
    first = [_step("a", 1, "alpha words here"), _step("c", 9, "gamma words here")]
    second = [
        _step("a", 1, "alpha words here"),
        _step("b", 5, "beta words here"),
        _step("c", 9, "gamma words here"),
    ]
    assert [s.action for s in merge_windows([first, second])] == ["a", "b", "c"]


def test_handoffs_where_the_actor_changes() -> None:
    steps = merge_windows(
        [
            [
                _step("a", 1, "q one", "sales"),
                _step("b", 2, "q two", "sales"),
                _step("c", 3, "q three", "planning"),
            ]
        ]
    )
    (handoff,) = derive_handoffs(steps)
    assert (handoff.from_step, handoff.to_step, handoff.from_actor, handoff.to_actor) == (
        "s2",
        "s3",
        "sales",
        "planning",
    )


def test_a_long_interview_takes_one_call_per_window_and_no_step_twice(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    transcript = long_transcript(100)
    server.chat_handler = echo_extraction()
    record = EngineInfo(name="llm")
    process = make_engine(llm_window_turns=40, llm_window_overlap=6).extract(transcript, "en", record)

    assert len(server.chat_requests) == 3 and len(record.llm_calls) == 3
    spoken = [t.number for t in transcript.turns if not t.is_interviewer]
    assert [s.evidence[0].turn for s in process.steps] == spoken  # every step once, in order
    assert [s.id for s in process.steps] == [f"s{i}" for i in range(1, len(spoken) + 1)]
    for request in server.chat_requests:
        assert request.message_text("user").count("\nT") <= 40


def test_one_failed_window_falls_back_for_that_window_only(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    transcript = long_transcript(60)
    answer = echo_extraction()

    def second_window_fails(request):  # type: ignore[no-untyped-def]
        return error(400, "context too long") if "T41 |" in request.message_text("user") else answer(request)

    server.chat_handler = second_window_fails
    fallback = RecordingFallback()
    record = EngineInfo(name="llm")
    process = make_engine(fallback=fallback, llm_window_turns=40, llm_window_overlap=6).extract(
        transcript, "en", record
    )

    (part,) = fallback.extract_calls
    assert [t.number for t in part.turns] == list(range(35, 61))
    assert "offline step from turn 35" in [s.action for s in process.steps]
    assert [c.outcome for c in record.llm_calls].count("fallback") == 1
    assert len(record.fallbacks) == 1 and "window 2 of 2, turns 35-60" in record.fallbacks[0]


def test_a_step_without_actor_does_not_break_the_chain() -> None:
    steps = merge_windows(
        [[_step("a", 1, "q one", "sales"), _step("b", 2, "q two"), _step("c", 3, "q three", "Planning ")]]
    )
    (handoff,) = derive_handoffs(steps)
    assert (handoff.from_step, handoff.to_step) == ("s1", "s3")

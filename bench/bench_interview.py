"""The live interview: time per answer (offline engine) and prompt size (LLM engine).

Offline: an interview in which every answer tells more of the process (the
interviewees' turns of the seven eval cases of one language, one after the
other: a long, dense interview, so the process keeps growing), driven to
40 answers. Measured: Conductor.answer() on the state at turn 40 (the 20th
answer) and at the 40th answer (turn 80), each repeated (answer() is pure),
median and p90; target ≤ 20 ms median. Also, for reference, the median over
the simulated interviews of all eval cases, run to their close.

LLM: the loopback OpenAI-compatible test server (tests/support) with a
scripted model that adds the steps an answer tells, up to 20 (a process has
a bounded number of steps). Measured: the prompt (system + user message) and
the prompt tokens the server reports, at the 5th and the 40th answer; target
≤ 2x. Also: LLM calls per answer (target 1).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._common import isolated_data_dir, median, percentile, verdict  # noqa: E402

TARGET_MS = 20.0
TARGET_RATIO = 2.0
STEPS_CAP = 20


def _dense_answers(language: str) -> list[str]:
    from interviewer.evaluation.cases import load_cases
    from interviewer.transcripts import read_text

    answers = []
    for case in load_cases(REPO / "eval" / "cases"):
        if case.language != language:
            continue
        transcript = read_text(case.transcript_text, case_id=case.id)
        answers += [t.text for t in transcript.turns if not t.is_interviewer and len(t.text.split()) > 12]
    return answers


def _time_answer(conductor: Any, state: Any, text: str, runs: int) -> list[float]:
    conductor.answer(state, text)  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        conductor.answer(state, text)
        times.append((time.perf_counter() - started) * 1000)
    return times


def offline(runs: int) -> None:
    from interviewer.engines.offline import OfflineEngine
    from interviewer.interview import Conductor

    print("Offline engine: Conductor.answer() (update the process, choose and phrase the next question)")
    for language in ("en", "de"):
        answers = _dense_answers(language)
        # a person who keeps telling: the walkthrough goes on as long as the answers do
        conductor = Conductor(OfflineEngine(), max_questions=500, max_followups=500, max_idle_walkthrough=500)
        state, _ = conductor.start(process_name="Bench", language=language, interviewee_role="Team")  # type: ignore[arg-type]
        checkpoints: dict[int, Any] = {}
        for number in range(40):
            checkpoints[len(state.turns) + 1] = state
            state, _ = conductor.answer(state, answers[number % len(answers)])
        for label, answer_turn in (("turn 40 (20th answer)", 40), ("turn 80 (40th answer)", 80)):
            before = checkpoints[answer_turn]
            text = answers[(answer_turn // 2) % len(answers)]
            times = _time_answer(conductor, before, text, runs)
            steps = len(before.process.steps)
            print(
                f"  {language} {label}: {len(before.turns) + 1} turns, {steps} steps: median "
                f"{median(times):.1f} ms, p90 {percentile(times, 0.9):.1f} ms  [{verdict(median(times), TARGET_MS)}]"
            )


def simulated() -> None:
    from interviewer.engines.offline import OfflineEngine
    from interviewer.evaluation.cases import load_cases
    from interviewer.evaluation.simulated import SimulatedInterviewee
    from interviewer.interview import Conductor

    conductor = Conductor(OfflineEngine())
    times: list[float] = []
    longest = 0
    for case in load_cases(REPO / "eval" / "cases"):
        person = SimulatedInterviewee(case)
        state, question = conductor.start(process_name=case.title, interview_id=case.id)
        while not question.done:
            reply = person.reply(question, state)
            started = time.perf_counter()
            state, question = conductor.answer(state, reply)
            times.append((time.perf_counter() - started) * 1000)
        longest = max(longest, len(state.turns))
    print(
        f"  simulated interviews of the 14 eval cases, to their close ({len(times)} answers, up to {longest} "
        f"turns): median {median(times):.1f} ms, p90 {percentile(times, 0.9):.1f} ms"
    )


def llm() -> None:
    from interviewer.interview import Conductor
    from interviewer.settings import Settings
    from tests.interview.interview_model import interview_model, interview_payload
    from tests.support.openai_server import OpenAITestServer, RecordedRequest

    def capped(request: RecordedRequest) -> dict[str, Any]:
        payload = interview_payload(request)
        known = [step for step in payload["steps"] if step["id"] is not None]
        if len(known) >= STEPS_CAP:
            payload["steps"] = known
        return payload

    print("LLM engine: prompt of the interview turn, against the loopback test server")
    for language, answer in (
        ("en", "Then the team handles part {n} of the new hire's paperwork in the HR system."),
        ("de", "Dann bearbeitet das Team den Teil {n} der Unterlagen im Personalsystem."),
    ):
        with OpenAITestServer() as server:
            server.chat_handler = interview_model(capped)
            settings = Settings(
                engine="llm", llm_base_url=server.base_url, llm_model="test-model", llm_max_retries=0
            )
            conductor = Conductor.from_settings(settings)
            conductor.max_questions = conductor.max_followups = conductor.max_idle_walkthrough = 500
            state, _ = conductor.start(process_name="Onboarding", language=language, interviewee_role="HR")  # type: ignore[arg-type]
            for n in range(1, 41):
                state, _ = conductor.answer(state, answer.format(n=n))
            conductor.engine.close()  # type: ignore[attr-defined]
            requests = server.chat_requests
            usage = [reply.body["usage"]["prompt_tokens"] for _, reply in server.exchanges]

            def chars(request: RecordedRequest) -> int:
                return len(request.message_text("system")) + len(request.message_text("user"))

            at_5, at_40 = chars(requests[4]), chars(requests[39])
            ratio = at_40 / at_5
            print(
                f"  {language}: {len(requests)} calls for 40 answers; prompt at answer 5: {at_5} chars "
                f"({usage[4]} tokens), at answer 40: {at_40} chars ({usage[39]} tokens), "
                f"{len(state.process.steps)} steps: {ratio:.2f}x  [{verdict(ratio, TARGET_RATIO)}]"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=50, help="repetitions per measured answer (default 50)")
    args = parser.parse_args()
    isolated_data_dir()
    offline(args.runs)
    simulated()
    llm()


if __name__ == "__main__":
    main()

"""A stand-in for a language model behind the test server, for the
interview turn: it reads the prompt it is sent (the compact process, the
latest answer, the gaps) and answers like a well-behaved model would: the
steps it was given keep their ids, each sentence of the answer with a verb
becomes a new step quoted word for word, and the question is asked about
the first gap offered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from tests.support.openai_server import RecordedRequest, Reply, completion

_GAP_LINE = re.compile(r"^- (\w+)(?:, step (s\d+))?: (.*)$")


def between(text: str, tag: str) -> str:
    return text.split(f"<{tag}>", 1)[1].split(f"</{tag}>", 1)[0].strip()


def interview_payload(request: RecordedRequest) -> dict[str, Any]:
    user = request.message_text("user")
    process = json.loads(between(user, "process"))
    answer = between(user, "answer")
    steps: list[dict[str, Any]] = [
        {
            "id": step["id"],
            "action": step["action"],
            "actor": step.get("actor"),
            "org_unit": step.get("org_unit"),
            "system": step.get("system"),
            "wait_hours": step.get("wait_hours"),
            "duration_hours": step.get("duration_hours"),
            "value": step.get("value", "unknown"),
            "quote": None,
        }
        for step in process["steps"]
    ]
    for sentence in re.split(r"(?<=[.!?])\s+", answer):
        words = sentence.rstrip(".!?").split()
        if len(words) >= 4:
            steps.append(
                {
                    "id": None,
                    "action": " ".join(words[:6]),
                    "actor": None,
                    "org_unit": None,
                    "system": None,
                    "wait_hours": None,
                    "duration_hours": None,
                    "value": "unknown",
                    "quote": " ".join(words[:8]),
                }
            )
    gaps = [match for line in user.splitlines() if (match := _GAP_LINE.match(line.strip()))]
    kind, step_id = (gaps[0].group(1), gaps[0].group(2)) if gaps else ("next", None)
    return {
        "steps": steps,
        "trigger": process.get("trigger"),
        "customer": process.get("customer"),
        "stated_lead_time_hours": process.get("stated_lead_time_hours"),
        "question": f"LLM question {len(steps)}: what about {kind} {step_id or ''}?",
        "question_kind": kind,
        "question_step_id": step_id,
    }


def interview_model(
    payload: Callable[[RecordedRequest], dict[str, Any]] = interview_payload,
) -> Callable[[RecordedRequest], Reply]:
    def answer(request: RecordedRequest) -> Reply:
        return completion(request, content=json.dumps(payload(request), ensure_ascii=False))

    return answer

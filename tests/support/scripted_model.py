"""A stand-in for a language model behind the test server: it reads the
prompt it is sent and answers like a well-behaved model would, quoting the
transcript verbatim. Tests use it where the answer's content is not the
point (windows, concurrency, pseudonymisation, the bench); fault tests
script exact replies instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from tests.support.openai_server import RecordedRequest, Reply, completion

_TURN_LINE = re.compile(r"^T(\d+) \| (.+?): (.*)$")


def transcript_lines(request: RecordedRequest) -> list[tuple[int, str, str]]:
    """(turn, speaker header, text) of every turn line between the transcript delimiters."""
    user = request.message_text("user")
    inside = user.split("<transcript>", 1)[1].split("</transcript>", 1)[0]
    lines = []
    for line in inside.strip().splitlines():
        match = _TURN_LINE.match(line)
        if match:
            lines.append((int(match.group(1)), match.group(2), match.group(3)))
    return lines


def _role(header: str) -> str | None:
    match = re.search(r"\(([^)]*)\)", header)
    return match.group(1) if match else None


def extraction_payload(request: RecordedRequest, waits: dict[int, float] | None = None) -> dict[str, Any]:
    steps = []
    for number, header, text in transcript_lines(request):
        if "[interviewer]" in header:
            continue
        words = text.split()
        steps.append(
            {
                "action": " ".join(words[:4]).rstrip(".,"),
                "actor": _role(header),
                "org_unit": None,
                "system": None,
                "duration_hours": None,
                "wait_hours": (waits or {}).get(number),
                "value": "unknown",
                "evidence": [{"turn": number, "quote": " ".join(words[:10])}],
            }
        )
    return {
        "name": "scripted process",
        "trigger": None,
        "customer": None,
        "stated_lead_time_hours": None,
        "stated_lead_time_evidence": None,
        "steps": steps,
    }


def echo_extraction(waits: dict[int, float] | None = None) -> Callable[[RecordedRequest], Reply]:
    def answer(request: RecordedRequest) -> Reply:
        payload = extraction_payload(request, waits)
        return completion(request, content=json.dumps(payload, ensure_ascii=False))

    return answer


def analysis_data(request: RecordedRequest) -> dict[str, Any]:
    user = request.message_text("user")
    return json.loads(user.split("<analysis>", 1)[1].split("</analysis>", 1)[0])  # type: ignore[no-any-return]


def proposals_payload(request: RecordedRequest) -> dict[str, Any]:
    texts = []
    for proposal in analysis_data(request)["proposals"]:
        draft = proposal["draft"]
        texts.append(
            {
                "id": proposal["id"],
                "title": f"LLM: {draft['title']}",
                "change": f"LLM wording. {draft['change']}",
                "ai_role": f"LLM wording. {draft['ai_role']}",
                "stays_with_people": draft["stays_with_people"] or "People decide.",
                "risks": [*draft["risks"], "LLM-added risk."],
            }
        )
    return {"proposals": texts}


def echo_any() -> Callable[[RecordedRequest], Reply]:
    """Extraction or proposals, whichever the prompt asks for."""

    def answer(request: RecordedRequest) -> Reply:
        user = request.message_text("user")
        payload = proposals_payload(request) if "<analysis>" in user else extraction_payload(request)
        return completion(request, content=json.dumps(payload, ensure_ascii=False))

    return answer

"""Personal data never leaves the machine for a remote endpoint; it is restored locally."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from interviewer.engines.llm import LLMEngine
from interviewer.engines.llm.pseudonymise import Pseudonymiser, is_local_endpoint
from interviewer.models import EngineInfo, Proposal, Transcript, Turn
from tests.llm.samples import ENGLISH, GERMAN, PERSONAL_VALUES, analysed_process
from tests.support.openai_server import OpenAITestServer, RecordedRequest, Reply, completion
from tests.support.scripted_model import echo_any, extraction_payload


def test_names_emails_and_phones_get_stable_placeholders() -> None:
    pseudo = Pseudonymiser.for_transcript(ENGLISH)
    text = pseudo.apply(ENGLISH.turns[1].text + " " + ENGLISH.turns[3].text + " Petra again.")
    for value in PERSONAL_VALUES[ENGLISH.case_id]:
        assert value not in text
    assert "[EMAIL_1]" in text and "[PHONE_1]" in text and "Mr [PERSON_" in text
    assert "[PERSON_2] again." in text  # a part of a speaker's name, on its own
    assert pseudo.apply("Petra") == pseudo.apply("Petra")  # stable
    assert pseudo.restore(text) == ENGLISH.turns[1].text + " " + ENGLISH.turns[3].text + " Petra again."


def test_generic_labels_roles_and_ordinary_numbers_are_kept() -> None:
    transcript = Transcript(
        case_id="x",
        turns=[
            Turn(number=1, speaker="Interviewer", text="How long does it take?", is_interviewer=True),
            Turn(
                number=2,
                speaker="Sachbearbeiterin",
                role="Sachbearbeiterin",
                text="Von 2019 bis 2021 waren es 14 Tage.",
            ),
        ],
    )
    pseudo = Pseudonymiser.for_transcript(transcript)
    assert pseudo.apply("Interviewer asks the Sachbearbeiterin") == "Interviewer asks the Sachbearbeiterin"
    assert pseudo.apply("Von 2019 bis 2021 waren es 14 Tage.") == "Von 2019 bis 2021 waren es 14 Tage."


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Ruf Frau Dr. Meier an unter 0171-2345678.", ["Frau Dr. [PERSON_1]", "[PHONE_1]"]),
        ("Mail an h.kunz@amt.example.org, Kopie an Herrn Kunz.", ["[EMAIL_1]", "Herrn [PERSON_1]"]),
        ("Call (555) 123-4567 and ask Ms Patel.", ["[PHONE_1]", "Ms [PERSON_1]"]),
    ],
)
def test_salutations_and_contact_details_in_text(text: str, kept: list[str]) -> None:
    pseudo = Pseudonymiser.for_transcript(
        Transcript(case_id="x", turns=[Turn(number=1, speaker="A", text=text)])
    )
    hidden = pseudo.apply(text)
    for fragment in kept:
        assert fragment in hidden
    assert pseudo.restore(hidden) == text


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/v1", True),
        ("http://localhost:11434/v1", True),
        ("http://[::1]:8000/v1", True),
        ("https://api.openai.com/v1", False),
        ("http://192.168.1.20:8000/v1", False),
        ("https://my-resource.openai.azure.com/openai/v1", False),
    ],
)
def test_which_endpoints_count_as_local(url: str, local: bool) -> None:
    assert is_local_endpoint(url) is local


def _answer_with_placeholders(request: RecordedRequest) -> Reply:
    """A model that uses the placeholders it was given, as the prompt asks."""
    payload = extraction_payload(request)
    for step in payload["steps"]:
        step["actor"] = "[PERSON_1]"
    return completion(request, content=json.dumps(payload))


@pytest.mark.parametrize("transcript", [ENGLISH, GERMAN], ids=["en", "de"])
def test_no_personal_value_reaches_the_endpoint_and_the_result_has_them_back(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], transcript: Transcript
) -> None:
    # The test server is on loopback, so auto mode would not pseudonymise: force it, as for a remote host.
    engine = make_engine(llm_pseudonymise=True, proposal_source=lambda *a: _proposals_citing_names())
    server.queue(_answer_with_placeholders)
    server.chat_handler = echo_any()
    record = EngineInfo(name="llm")
    language = transcript.language or "en"
    process = engine.extract(transcript, language, record)
    _, findings = analysed_process()
    proposals = engine.propose(process, findings, transcript, language, record)

    assert len(server.chat_requests) == 2
    for request in server.requests:
        for value in PERSONAL_VALUES[transcript.case_id]:
            assert value not in request.all_text, f"{value!r} was sent to the endpoint"
    # Restored locally: quotes are the transcript's words, the actor the real name.
    speaker = transcript.turns[1].speaker
    assert {step.actor for step in process.steps} == {speaker}
    assert all(e.quote in transcript.turns[e.turn - 1].text for s in process.steps for e in s.evidence)
    assert speaker in proposals[0].change


def _proposals_citing_names() -> list[Proposal]:
    return [
        Proposal(
            id="p1",
            title="Case owner",
            change="Petra Schmidt and Jonas Weber hand over to one case owner.",
            ai_role="An assistant tracks the case.",
            finding_ids=["f1"],
        )
    ]


def test_a_local_endpoint_is_not_pseudonymised_by_default(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    server.chat_handler = echo_any()
    make_engine().extract(ENGLISH, "en", EngineInfo(name="llm"))
    assert "Petra Schmidt" in server.chat_requests[0].all_text


def test_a_remote_endpoint_is_pseudonymised_by_default() -> None:
    from interviewer.settings import Settings

    settings = Settings(engine="llm", llm_base_url="https://llm.example.com/v1")
    with LLMEngine.from_settings(settings) as engine:
        assert engine.options.pseudonymise is True
    settings = Settings(engine="llm", llm_base_url="https://llm.example.com/v1", llm_pseudonymise=False)
    with LLMEngine.from_settings(settings) as engine:
        assert engine.options.pseudonymise is False

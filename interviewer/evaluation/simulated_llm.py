"""The simulated interviewee as an LLM persona (when an endpoint is configured).

The persona is given the case's transcript and plays the person in it:
answers only from what the transcript says, "I don't know" otherwise. Its
answers read more like a person's than the offline interviewee's sentence
retrieval; the price is a call per question and less repeatable figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from interviewer.engines.llm.pseudonymise import Pseudonymiser
from interviewer.engines.llm.rendering import defuse, render_turns, system_prompt
from interviewer.evaluation.cases import EvalCase
from interviewer.interview.state import InterviewState, Question
from interviewer.models import EngineInfo
from interviewer.prompts import render

if TYPE_CHECKING:
    from interviewer.engines.llm import LLMEngine

_AS_SAID = ("as i said", "wie gesagt")
_DONT_KNOW = ("i don't know", "i do not know", "das weiß ich nicht", "weiß ich nicht")


class PersonaReply(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1, description="What the person answers, in the interview's language.")


@dataclass
class LLMInterviewee:
    case: EvalCase
    engine: LLMEngine
    record: EngineInfo = field(default_factory=lambda: EngineInfo(name="llm"))
    already_answered: int = 0
    dont_know: int = 0
    said: list[str] = field(default_factory=list)

    def reply(self, question: Question, state: InterviewState) -> str:
        from interviewer.transcripts import read_text

        language = self.case.language
        transcript = read_text(self.case.transcript_text, case_id=self.case.id)
        pseudo = (
            Pseudonymiser.for_transcript(transcript)
            if self.engine.options.pseudonymise
            else Pseudonymiser.disabled()
        )
        system, form = system_prompt("persona", language, self.engine.options.method, PersonaReply)
        user = render(
            "persona",
            "user",
            language,
            {
                "transcript": render_turns(transcript.turns, pseudo),
                "said": defuse(pseudo.apply(" ".join(self.said))) or "-",
                "question": defuse(pseudo.apply(" ".join(question.text.split()))),
            },
        )
        result = self.engine.structured_call(
            purpose="persona",
            system=system,
            user=user,
            embedded=(form,),
            schema=PersonaReply,
            language=language,
            record=self.record,
        )
        value = result.value
        dont_know = "I don't know." if language == "en" else "Das weiß ich nicht."
        answer = pseudo.restore(value.answer).strip() if isinstance(value, PersonaReply) else dont_know
        low = answer.lower()
        if low.startswith(_AS_SAID):
            self.already_answered += 1
        if any(low.startswith(phrase) for phrase in _DONT_KNOW):
            self.dont_know += 1
        self.said.append(answer)
        return answer

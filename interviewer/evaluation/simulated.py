"""A simulated interviewee, built from an evaluation case, to measure the interviewer.

It knows only what the person in the case's transcript said, and answers
each question with the sentences of that transcript that answer it:

- "walk me through it" / "what happens after X": the sentences that follow
  the place where X was said, in the order they were told (a paragraph of
  three to six sentences, the way people tell a story);
- "who does X" / "how long does X wait" / "what would the customer miss":
  sentences near X that name an actor / state a time / say why it is done;
- "what if something is missing": sentences about going back, missing or
  wrong things; "how long overall": the answer to the case's own lead-time
  question; "anything else": what it has not said yet.

Anything the transcript does not answer gets "I don't know" ("Das weiß ich
nicht"). A question whose answer it has already given is answered again
with "As I said: ..." and counted: the interviewer should not have asked.
The case's expected process is used only to score, never to answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from interviewer.engines.offline.actors import finder_for
from interviewer.engines.offline.sentences import split_sentences
from interviewer.engines.offline.text import tokenize
from interviewer.engines.offline.time_expressions import classify, find_times, is_lead_question
from interviewer.engines.offline.value import value_class
from interviewer.evaluation.cases import EvalCase
from interviewer.interview.state import InterviewState, Question
from interviewer.models import Language

MIN_STORY = 3  # sentences in a walkthrough answer, at least (when there are so many)...
MAX_STORY = 6  # ... and at most
MAX_TARGETED = 2
WINDOW_BEFORE = 1  # sentences around the step a targeted question is about
WINDOW_AFTER = 2
_SELF = {"en": re.compile(r"\b(?:we|i)\b", re.I), "de": re.compile(r"\b(?:wir|ich)\b", re.I)}
_WORD = re.compile(r"[^\W_]+")


@cache
def _phrases(language: Language) -> dict[str, Any]:
    text = resources.files("interviewer.evaluation").joinpath("simulated.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)[language]
    return data


@dataclass(frozen=True)
class Sentence:
    index: int
    turn: int  # in the case's transcript
    text: str
    after_lead_question: bool  # the case's interviewer had asked for the end-to-end time


@dataclass
class SimulatedInterviewee:
    case: EvalCase
    sentences: list[Sentence] = field(default_factory=list)
    role: str | None = None
    spoken: dict[int, list[int]] = field(default_factory=dict)  # interview turn -> sentence indices
    already_answered: int = 0
    dont_know: int = 0

    def __post_init__(self) -> None:
        from interviewer.transcripts import read_text

        transcript = read_text(self.case.transcript_text, case_id=self.case.id)
        lead_question = False
        for turn in transcript.turns:
            if turn.is_interviewer:
                lead_question = is_lead_question(turn.text, self.language)
                continue
            if self.role is None:
                self.role = turn.role
            for sentence in split_sentences(turn.text):
                self.sentences.append(
                    Sentence(len(self.sentences), turn.number, sentence.text, lead_question)
                )
            lead_question = False

    @property
    def language(self) -> Language:
        return self.case.language

    @property
    def said(self) -> set[int]:
        return {index for indices in self.spoken.values() for index in indices}

    # ------------------------------------------------------------------ reply

    def reply(self, question: Question, state: InterviewState) -> str:
        """The answer to `question`; `state` is the interview before the answer."""
        turn = len(state.turns) + 1
        phrases = _phrases(self.language)
        kind = question.kind
        if kind == "consent":
            return str(phrases["consent"])
        if kind == "role":
            return str(phrases["role"]).format(role=self.role) if self.role else self._dont_know()
        if kind == "readback":
            return str(phrases["confirm"])
        if kind in ("trigger", "start", "next", "continue"):
            if kind == "trigger":
                after = -1
            elif kind == "continue":  # "and then?": the story goes on after what was said last
                after = max(self.said, default=-1)
            else:
                after = self._anchor_of_last(state, question)
            return self._story(turn, after) or str(phrases["the_end"])
        if kind == "before":
            first = self._anchor(state, question.step_id)
            earlier = [s for s in self._unsaid() if first is not None and s.index < first][:MAX_STORY]
            return self._say(turn, earlier) or str(phrases["nothing_before"])
        if kind == "anything_else":
            return self._say(turn, self._unsaid()[:MAX_STORY]) or str(phrases["nothing_else"])
        if kind in ("actor", "vague"):
            return self._targeted(turn, state, question, self._names_actor)
        if kind in ("wait", "duration"):
            return self._targeted(turn, state, question, self._states_time)
        if kind == "value":
            return self._targeted(turn, state, question, self._says_value)
        if kind == "exceptions":
            return self._anywhere(turn, self._words_check("exception_words"), 3)
        if kind == "customer":
            return self._anywhere(turn, self._words_check("customer_words"), MAX_TARGETED)
        if kind == "lead_time":
            return self._anywhere(
                turn, lambda s: s.after_lead_question and self._states_time(s), MAX_TARGETED
            )
        if kind == "time_gap":
            return self._anywhere(turn, self._states_time, 3)
        return self._by_words(turn, question.text)

    # ------------------------------------------------------------- retrieval

    def _unsaid(self) -> list[Sentence]:
        said = self.said
        return [s for s in self.sentences if s.index not in said]

    def _say(self, turn: int, chosen: list[Sentence]) -> str:
        if not chosen:
            return ""
        chosen = sorted(chosen, key=lambda s: s.index)
        self.spoken.setdefault(turn, []).extend(s.index for s in chosen)
        return " ".join(s.text for s in chosen)

    def _dont_know(self) -> str:
        self.dont_know += 1
        return str(_phrases(self.language)["dont_know"])

    def _story(self, turn: int, after: int) -> str:
        """The next sentences of the story after position `after`, as a paragraph.
        The answer to the case's "how long overall?" is not part of the story:
        nobody says "about six weeks" when asked what happens next."""
        upcoming = [s for s in self._unsaid() if s.index > after and not s.after_lead_question]
        chosen: list[Sentence] = []
        for sentence in upcoming:
            if len(chosen) >= MAX_STORY:
                break
            if len(chosen) >= MIN_STORY and sentence.turn != chosen[-1].turn:
                break  # a paragraph ends where the person's turn ended
            chosen.append(sentence)
        return self._say(turn, chosen)

    def _anchor(self, state: InterviewState, step_id: str | None) -> int | None:
        """Where in the case's transcript the step was told (a sentence index)."""
        step = next((s for s in state.process.steps if s.id == step_id), None)
        if step is None:
            return None
        found: list[int] = []
        for evidence in step.evidence:
            for index in self.spoken.get(evidence.turn, []):
                if _overlaps(evidence.quote, self.sentences[index].text):
                    found.append(index)
        if found:
            return max(found)
        said = sorted(self.said)
        scored = [(len(_words(step.action) & _words(self.sentences[i].text)), i) for i in said]
        best = max(scored, default=(0, -1))
        return best[1] if best[0] > 0 else None

    def _anchor_of_last(self, state: InterviewState, question: Question) -> int:
        anchor = self._anchor(state, question.step_id) if question.step_id else None
        if anchor is None and state.process.steps:
            anchor = self._anchor(state, state.process.steps[-1].id)
        if anchor is None:
            said = self.said
            return max(said) if said else -1
        return anchor

    def _targeted(self, turn: int, state: InterviewState, question: Question, check: Any) -> str:
        anchor = self._anchor(state, question.step_id)
        if anchor is None:
            return self._dont_know()
        near = [
            s
            for s in self.sentences
            if anchor - WINDOW_BEFORE <= s.index <= anchor + WINDOW_AFTER and check(s)
        ]
        near.sort(key=lambda s: (abs(s.index - anchor), s.index))
        said = self.said
        fresh = [s for s in near if s.index not in said][:MAX_TARGETED]
        if fresh:
            return self._say(turn, fresh)
        if near:
            self.already_answered += 1
            return f"{_phrases(self.language)['as_said']} {near[0].text}"
        return self._dont_know()

    def _anywhere(self, turn: int, check: Any, limit: int) -> str:
        matching = [s for s in self.sentences if check(s)]
        said = self.said
        fresh = [s for s in matching if s.index not in said][:limit]
        if fresh:
            return self._say(turn, fresh)
        if matching:
            self.already_answered += 1
            return f"{_phrases(self.language)['as_said']} {matching[0].text}"
        return self._dont_know()

    def _by_words(self, turn: int, question: str) -> str:
        """An open follow-up: the unsaid sentences sharing most words with it."""
        wanted = _words(question)
        scored = sorted(
            ((len(wanted & _words(s.text)), s.index) for s in self._unsaid()),
            key=lambda item: (-item[0], item[1]),
        )
        chosen = [self.sentences[i] for score, i in scored[:MAX_TARGETED] if score >= 2]
        return self._say(turn, chosen) or self._dont_know()

    # ---------------------------------------------------------------- checks

    def _states_time(self, sentence: Sentence) -> bool:
        low = sentence.text.lower()
        return any(
            classify(low, m, self.language) != "ignore" for m in find_times(sentence.text, self.language)
        )

    def _names_actor(self, sentence: Sentence) -> bool:
        tokens = [t for t in tokenize(sentence.text) if t.is_word]
        return bool(finder_for(self.language).find(tokens, None)) or bool(
            _SELF[self.language].search(sentence.text)
        )

    def _says_value(self, sentence: Sentence) -> bool:
        return value_class(sentence.text, "", self.language) != "unknown"

    def _words_check(self, key: str) -> Any:
        words = {str(w).lower() for w in _phrases(self.language)[key]}
        return lambda sentence: bool(words & _words(sentence.text, keep_short=True))


def _words(text: str, *, keep_short: bool = False) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if keep_short or len(w) > 3}


def _overlaps(quote: str, sentence: str) -> bool:
    a, b = quote.lower().strip(" .,"), sentence.lower()
    if a and (a in b or b.strip(" .,") in a):
        return True
    qa, qb = _words(a), _words(b)
    return bool(qa) and len(qa & qb) / len(qa) >= 0.6

"""Times said while a process is told: durations and waits of steps, and the
candidates for the end-to-end lead time ("how long does it take overall?" -
"vier bis sechs Wochen ... sagen wir fünf"). A mixin of OfflineExtractor, kept
apart so that the clause-by-clause reading stays readable."""

from __future__ import annotations

from interviewer.engines.offline.assembly import StepDraft, StepList
from interviewer.engines.offline.lead_time import PLAIN, LeadCandidate, bare_number, rank_in_answer, unit_of
from interviewer.engines.offline.rules_common import ELAPSED_VERBS, ConversationState, SentenceState
from interviewer.engines.offline.sentences import Clause, Sentence
from interviewer.engines.offline.steps import ClauseParse
from interviewer.engines.offline.time_expressions import TimeMention, classify, find_times, lead_mentions
from interviewer.models import Evidence, Language, Turn


class TimeRules:
    """Mixin of OfflineExtractor: which step a spoken time belongs to."""

    lang: Language

    def _times(
        self,
        clause: Clause,
        times: list[TimeMention],
        turn: Turn,
        sentence: Sentence,
        state: ConversationState,
        first_in_turn: bool,
    ) -> tuple[list[float], list[float]]:
        durations: list[float] = []
        waits: list[float] = []
        if not times:
            return durations, waits
        low = clause.text.lower()
        leads = lead_mentions(low, times, self.lang)
        at = max(0, sentence.text.find(clause.text))
        for index, mention in enumerate(times):
            role = classify(low, mention, self.lang)
            if state.lead_question and role != "ignore":
                # every time said in the answer to "how long overall?" is a candidate
                rank = rank_in_answer(
                    sentence.text, at + mention.start, is_question=sentence.is_question, language=self.lang
                )
                self._lead(state, mention, turn, sentence.text, answered=True, rank=rank)
                continue
            if index in leads:
                self._lead(state, mention, turn, sentence.text, answered=False, rank=PLAIN)
                continue
            if role == "duration":
                durations.append(mention.hours)
            elif role == "wait":
                waits.append(mention.hours)
        return durations, waits

    def _lead(
        self,
        state: ConversationState,
        mention: TimeMention,
        turn: Turn,
        sentence: str,
        *,
        answered: bool,
        rank: int,
    ) -> None:
        evidence = Evidence(turn=turn.number, quote=sentence)
        unit = unit_of(mention, self.lang)
        state.leads.append(LeadCandidate(mention.hours, evidence, answered, rank, unit))

    def _bare_lead(self, sentence: Sentence, turn: Turn, state: ConversationState) -> None:
        """'Sagen wir fünf.' after 'vier bis sechs Wochen': the number keeps the unit said before."""
        said = [c for c in state.leads if c.answered and c.unit_hours]
        if not said or find_times(sentence.text, self.lang):
            return
        found = bare_number(sentence.text, self.lang)
        if found is None:
            return
        value, at = found
        unit = said[-1].unit_hours
        assert unit is not None
        rank = rank_in_answer(sentence.text, at, is_question=sentence.is_question, language=self.lang)
        evidence = Evidence(turn=turn.number, quote=sentence.text)
        state.leads.append(LeadCandidate(value * unit, evidence, True, rank, unit))

    @staticmethod
    def _give_times(
        draft: StepDraft,
        durations: list[float],
        waits: list[float],
        current: SentenceState,
        state: ConversationState,
    ) -> None:
        """A step takes the times of its own clause and the wait announced before it."""
        draft.duration = sum(durations) if durations else None
        before = [w for w in (state.pending_wait, current.wait) if w is not None]
        # one sentence usually names one wait twice ("sits for a week, they only look on Fridays")
        own = max(waits) if waits else None
        total = sum(before) + (own or 0.0)
        draft.wait = total if (before or own is not None) else None
        state.pending_wait = None
        current.wait = None

    def _keep_times(
        self,
        parse: ClauseParse,
        durations: list[float],
        waits: list[float],
        current: SentenceState,
        steps: StepList,
        state: ConversationState,
    ) -> None:
        """Times of a clause that is no step: "that takes me ten minutes" belongs
        to the step just said; "then it sits for a week" to the step it delays."""
        last = current.steps[-1][0] if current.steps else steps.last
        if durations and last is not None and last.duration is None:
            last.duration = sum(durations)
        if not waits:
            return
        if parse.lemma in ELAPSED_VERBS and current.steps:
            own = current.steps[-1][0]
            own.wait = max(own.wait or 0.0, max(waits))
            return
        current.wait = max(current.wait or 0.0, max(waits))

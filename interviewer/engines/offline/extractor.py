"""The offline extraction: turns -> process, by rules and lexicons.

Reads the interviewee's turns sentence by sentence and clause by clause,
keeping track of who holds the work (for "then it is checked", "they ..."),
what "it" refers to, waits announced before the step they delay, and the
end-to-end time. Interviewer turns are context: they name units ("what does
the field service do then?") and their propositions become steps when the
interviewee confirms them ("yes, exactly").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewer.engines.offline import conversation
from interviewer.engines.offline.actors import Actor, Mention, finder_for
from interviewer.engines.offline.assembly import StepDraft, StepList, content_words
from interviewer.engines.offline.clause_de import GermanClauseParser
from interviewer.engines.offline.clause_en import EnglishClauseParser
from interviewer.engines.offline.lexicon import load_file, load_lexicon
from interviewer.engines.offline.placement import place_sentence
from interviewer.engines.offline.process_builder import build_process
from interviewer.engines.offline.references import WorkItems
from interviewer.engines.offline.sentences import Clause, split_clauses, split_sentences
from interviewer.engines.offline.steps import ClauseParse, build_action
from interviewer.engines.offline.systems import find_system
from interviewer.engines.offline.text import Token, join_tokens
from interviewer.engines.offline.time_expressions import (
    TimeMention,
    classify,
    find_times,
    is_lead_question,
    lead_mentions,
)
from interviewer.models import Evidence, Language, Process, Transcript, Turn

_SELF_OBJECTS = frozenset({"us", "me", "uns", "mir", "mich"})
_NO_STEP_MARKERS = frozenset({"reason", "purpose", "that"})
# Non-step verbs whose time is the elapsed time of the step just said
# ("..., which can take two to three weeks", "der braucht zwei Wochen").
_ELAPSED_VERBS = frozenset({"take", "last", "need", "dauern", "brauchen", "gehen"})
_DEMONSTRATIVES = frozenset({"der", "die", "das"})


@dataclass
class ConversationState:
    """What the conversation has established so far."""

    holder: Actor | None = None  # who has the work now
    last_other: Actor | None = None  # the last actor named who is not the speaker
    pending_wait: float | None = None  # announced before the step it delays
    leads: list[tuple[float, Evidence]] = field(default_factory=list)
    lead_question: bool = False
    trigger: str | None = None
    customer: str | None = None
    speaker_self: Actor | None = None
    speaker_unit: str | None = None


@dataclass
class _Sentence:
    """Per-sentence bookkeeping while its clauses are read."""

    steps: list[tuple[StepDraft, set[str]]] = field(default_factory=list)
    previous_parse: ClauseParse | None = None
    previous_actor: Actor | None = None
    wait: float | None = None  # said in this sentence, not yet given to a step


class OfflineExtractor:
    def __init__(self, language: Language) -> None:
        self.lang = language
        self.lex = load_lexicon(language)
        self.finder = finder_for(language)
        self.parser = EnglishClauseParser(self.lex) if language == "en" else GermanClauseParser(self.lex)
        conv = self.lex.conversation
        self.handoff_verbs = frozenset(conv.get("handoff_verbs", []))
        self.receive_verbs = frozenset(conv.get("receive_verbs", []))
        self.handoff_preps = frozenset(conv.get("handoff_prepositions", [])) | frozenset(
            conv.get("recipient_prepositions", [])
        )
        self.open_questions = tuple(q.lower() for q in conv.get("open_questions", []))
        self.transfer_verbs = frozenset(load_file(f"verbs_{language}.yaml").get("transfer_verbs", []))
        self.non_step = self.lex.verbs.non_step
        self.non_step_with_object = self.lex.verbs.non_step_with_object

    # ------------------------------------------------------------------ main

    def extract(self, transcript: Transcript) -> Process:
        state = ConversationState()
        steps = StepList()
        items = WorkItems(self.lang)
        speakers = conversation.speakers(transcript.turns, self.lang)
        previous: Turn | None = None
        for turn in transcript.turns:
            if turn.is_interviewer:
                self._read_question(turn, state)
                previous = turn
                continue
            info = speakers.get(turn.speaker) or conversation.SpeakerInfo(turn.speaker, None, None)
            label = info.label
            state.speaker_unit = info.unit or label
            state.speaker_self = Actor(label, "self", state.speaker_unit) if label else None
            if state.holder is None:
                state.holder = state.speaker_self
            asked = previous is not None and previous.is_interviewer and previous.text.rstrip().endswith("?")
            added = self._read_turn(turn, state, steps, items, after_question=asked)
            if not added and previous is not None and previous.is_interviewer and self._confirms(turn, previous):
                confirm = Evidence(turn=turn.number, quote=_first_sentence(turn.text))
                self._read_turn(previous, state, steps, items, after_question=False, confirmed_by=confirm)
            previous = turn
        if state.pending_wait and steps.last is not None:
            # a wait said after the last step ("and then it takes two weeks until ...") still delays the case
            steps.last.wait = (steps.last.wait or 0.0) + state.pending_wait
        return build_process(transcript, steps.items, state, self.lang)

    def _confirms(self, turn: Turn, question: Turn) -> bool:
        """A "yes" to a proposition ("so then it goes to approval?"), not to an open question."""
        if not conversation.is_confirmation(turn.text, self.lang):
            return False
        low = question.text.lower().lstrip()
        return not any(low.startswith(q) or f" {q} " in f" {low} "[:60] for q in self.open_questions)

    def _read_question(self, turn: Turn, state: ConversationState) -> None:
        state.lead_question = is_lead_question(turn.text, self.lang)
        for sentence in split_sentences(turn.text):
            for clause in split_clauses(sentence, self.lang, self._has_verb):
                for mention in self.finder.find(clause.tokens, state.speaker_unit):
                    if mention.actor.kind != "self":
                        state.last_other = mention.actor

    def _has_verb(self, tokens: list[Token]) -> bool:
        return self.parser.parse(tokens, (), set()).lemma is not None

    # ------------------------------------------------------------ one turn

    def _read_turn(
        self,
        turn: Turn,
        state: ConversationState,
        steps: StepList,
        items: WorkItems,
        *,
        after_question: bool,
        confirmed_by: Evidence | None = None,
    ) -> int:
        text = turn.text
        added = 0
        first_time = True
        for s_index, sentence in enumerate(split_sentences(text)):
            flags = conversation.sentence_flags(sentence.text, self.lang, is_question=sentence.is_question)
            if confirmed_by is not None:  # the interviewer's words, confirmed: questions included
                flags = conversation.SentenceFlags(False, flags.aside, flags.past_habit, flags.wish)
            anchor = steps.last
            current = _Sentence()
            for clause in split_clauses(sentence, self.lang, self._has_verb):
                if state.trigger is None and conversation.is_trigger(clause.text, self.lang):
                    state.trigger = text[clause.start : clause.end]
                mentions = self.finder.find(clause.tokens, state.speaker_unit)
                times = find_times(clause.text, self.lang)
                skip = {
                    tok.start
                    for tok in clause.tokens
                    for m in times
                    if clause.start + m.start <= tok.start < clause.start + m.end
                }
                parse = self.parser.parse(clause.tokens, mentions, skip)
                actor = self._actor(parse, mentions, state, current.previous_actor)
                durations, waits = self._times(clause, times, turn, sentence.text, state, first_time)
                first_time = first_time and not times
                draft = None
                if not flags.no_steps:
                    draft = self._step(clause, parse, actor, mentions, state, items, current, turn)
                if draft is not None:
                    self._give_times(draft, durations, waits, current, state)
                    if confirmed_by is not None:
                        draft.evidence.append(confirmed_by)
                    current.steps.append((draft, parse.markers))
                    current.previous_actor = draft.actor
                else:
                    self._keep_times(parse, durations, waits, current, steps, state)
                    if parse.lemma:
                        current.previous_actor = actor
                self._remember_mentions(mentions, state)
                current.previous_parse = parse
            if current.wait is not None:
                state.pending_wait = (state.pending_wait or 0.0) + current.wait
            forgot = conversation.mentions_forgetting(sentence.text, self.lang)
            added += place_sentence(current.steps, steps, anchor, s_index == 0 and after_question, forgot)
        return added

    # --------------------------------------------------------------- actors

    def _actor(
        self,
        parse: ClauseParse,
        mentions: Sequence[Mention],
        state: ConversationState,
        previous_actor: Actor | None,
    ) -> Actor | None:
        if parse.passive:
            if parse.agent:
                agent = self.finder.find(parse.agent, state.speaker_unit)
                if agent:
                    return agent[0].actor
                if parse.agent[-1].low in _SELF_OBJECTS:
                    return state.speaker_self
            return previous_actor or state.holder
        kind = parse.subject_kind
        if kind in ("self", "generic"):
            return state.speaker_self
        if kind in ("other", "relative"):
            return state.last_other or state.holder
        if kind == "np":
            inside = _subject_mentions(parse, mentions)
            if inside:
                return inside[-1].actor
        return previous_actor or state.holder

    def _remember_mentions(self, mentions: Sequence[Mention], state: ConversationState) -> None:
        for mention in mentions:
            if mention.actor.kind == "customer" and state.customer is None:
                state.customer = mention.actor.name
            if state.speaker_self is None or mention.actor.key != state.speaker_self.key:
                state.last_other = mention.actor

    # ---------------------------------------------------------------- times

    def _times(
        self,
        clause: Clause,
        times: list[TimeMention],
        turn: Turn,
        sentence: str,
        state: ConversationState,
        first_in_turn: bool,
    ) -> tuple[list[float], list[float]]:
        durations: list[float] = []
        waits: list[float] = []
        if not times:
            return durations, waits
        low = clause.text.lower()
        leads = lead_mentions(low, times, self.lang)
        if not leads and state.lead_question and first_in_turn:
            leads = {0}  # "How long does it take overall?" - "About six months."
        if leads:
            state.lead_question = False
        for index, mention in enumerate(times):
            if index in leads:
                state.leads.append((mention.hours, Evidence(turn=turn.number, quote=sentence)))
                continue
            role = classify(low, mention, self.lang)
            if role == "duration":
                durations.append(mention.hours)
            elif role == "wait":
                waits.append(mention.hours)
        return durations, waits

    @staticmethod
    def _give_times(
        draft: StepDraft, durations: list[float], waits: list[float], current: _Sentence, state: ConversationState
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
        current: _Sentence,
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
        if parse.lemma in _ELAPSED_VERBS and current.steps:
            own = current.steps[-1][0]
            own.wait = max(own.wait or 0.0, max(waits))
            return
        current.wait = max(current.wait or 0.0, max(waits))

    # ---------------------------------------------------------------- steps

    def _step(
        self,
        clause: Clause,
        parse: ClauseParse,
        actor: Actor | None,
        mentions: Sequence[Mention],
        state: ConversationState,
        items: WorkItems,
        current: _Sentence,
        turn: Turn,
    ) -> StepDraft | None:
        lemma = parse.lemma
        if lemma is None or parse.negated or parse.past_habit:
            return None
        recipients = [m for m in mentions if m.preposition in self.handoff_preps]
        if not recipients and self._to_self(parse):
            recipients = [Mention(0, 0, state.speaker_self, "to")] if state.speaker_self else []
        if self._is_handoff(parse, lemma, recipients, mentions):
            target = recipients[-1].actor if recipients else actor
            if target is not None:
                state.holder = target
                if target.kind != "self":
                    state.last_other = target
            return self._nominal_step(clause, parse, target if recipients else None, items, turn)
        previous = current.previous_parse
        if parse.markers & _NO_STEP_MARKERS and not (
            "purpose" in parse.markers and previous is not None and previous.lemma in self.non_step
        ):
            return None
        obj = items.resolve(parse.object)
        if lemma in self.non_step and not (lemma in self.non_step_with_object and _has_noun(obj, self.lang)):
            return None
        draft = self._draft(clause, parse, lemma, obj, actor, turn)
        items.remember(parse.object_raw, parse.object, mentions)
        if actor is not None:
            state.holder = actor
        if recipients and lemma in self.transfer_verbs:
            state.holder = recipients[-1].actor
        return draft

    def _draft(
        self, clause: Clause, parse: ClauseParse, lemma: str, obj: list[Token], actor: Actor | None, turn: Turn
    ) -> StepDraft:
        action = build_action(lemma, parse.particle, obj, self.lang)
        quote = turn.text[clause.start : clause.end].strip()
        if len(quote.split()) < 3:
            quote = _sentence_around(turn.text, clause.start)
        body = turn.text[parse.body_start : clause.end] if parse.body_start >= 0 else clause.text
        return StepDraft(
            action=action,
            lemma=lemma,
            content=content_words(action),
            actor=actor,
            system=find_system(clause.text),
            duration=None,
            wait=None,
            clause=body,
            evidence=[Evidence(turn=turn.number, quote=quote)],
        )

    def _nominal_step(
        self, clause: Clause, parse: ClauseParse, actor: Actor | None, items: WorkItems, turn: Turn
    ) -> StepDraft | None:
        """'it goes to the manager for approval', 'das geht zur Freigabe an X':
        the noun names what the receiver does."""
        nominal = self.lex.verbs.nominalisations
        for tok in parse.object:
            verb = nominal.get(tok.low)
            if verb:
                item = items.resolve([t for t in parse.subject if t.low not in ("der", "die")] or parse.subject)
                words = join_tokens(item) if item and item[0].low not in ("it", "es", "das", "this") else ""
                action = f"{verb} {words}".strip() if self.lang == "en" else f"{words} {verb}".strip()
                draft = StepDraft(
                    action=action,
                    lemma=verb,
                    content=content_words(action),
                    actor=actor,
                    system=find_system(clause.text),
                    duration=None,
                    wait=None,
                    clause=clause.text,
                    evidence=[Evidence(turn=turn.number, quote=turn.text[clause.start : clause.end].strip())],
                )
                return draft
        return None

    def _is_handoff(
        self, parse: ClauseParse, lemma: str, recipients: list[Mention], mentions: Sequence[Mention]
    ) -> bool:
        """'then it goes to the field service', 'das landet bei der Bauabteilung',
        'then the field service gets it': the work moves, nobody does a step."""
        subject_actors = _subject_mentions(parse, mentions)
        kind = parse.subject_kind
        if kind == "other" and parse.subject and parse.subject[-1].low in _DEMONSTRATIVES:
            kind = "item"  # "dann landet der bei uns": der = the order
        if lemma in self.handoff_verbs and (recipients or self._nominal_in(parse)):
            return kind in ("item", "none") or (kind == "np" and not subject_actors)
        return lemma in self.receive_verbs and bool(subject_actors or kind in ("other", "relative"))

    def _nominal_in(self, parse: ClauseParse) -> bool:
        return any(tok.low in self.lex.verbs.nominalisations for tok in parse.object)

    @staticmethod
    def _to_self(parse: ClauseParse) -> bool:
        """'kommt zu uns', 'lands with us', 'bei uns im Postfach'."""
        raw = parse.object_raw
        return any(
            tok.low in _SELF_OBJECTS and k > 0 and raw[k - 1].low in ("to", "with", "zu", "bei", "an")
            for k, tok in enumerate(raw)
        )


def _has_noun(obj: list[Token], language: Language) -> bool:
    if language == "de":
        return any(tok.capitalised for tok in obj)
    return any(tok.low not in ("me", "us", "them", "it", "you", "him", "her") for tok in obj)


def _subject_mentions(parse: ClauseParse, mentions: Sequence[Mention]) -> list[Mention]:
    """The actors named inside the clause's subject."""
    if not parse.subject:
        return []
    first, last = parse.subject[0].start, parse.subject[-1].end
    return [m for m in mentions if m.preposition is None and first <= m.char_start < last]


def _first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0].text if sentences else text.strip()


def _sentence_around(text: str, offset: int) -> str:
    for sentence in split_sentences(text):
        if sentence.start <= offset < sentence.end:
            return sentence.text
    return text.strip()

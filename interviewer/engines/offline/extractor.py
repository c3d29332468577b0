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

from interviewer.engines.offline import conversation
from interviewer.engines.offline.actor_rules import ActorRules, _unify_actors
from interviewer.engines.offline.actors import Actor, Mention, finder_for
from interviewer.engines.offline.assembly import StepDraft, StepList, content_words
from interviewer.engines.offline.clause_de import GermanClauseParser
from interviewer.engines.offline.clause_en import EnglishClauseParser
from interviewer.engines.offline.clause_memo import ClauseMemo
from interviewer.engines.offline.fragments import read_fragment
from interviewer.engines.offline.lexicon import grammar, load_file, load_lexicon
from interviewer.engines.offline.non_steps import echoes, restates
from interviewer.engines.offline.placement import place_sentence
from interviewer.engines.offline.process_builder import build_process
from interviewer.engines.offline.references import WorkItems
from interviewer.engines.offline.rules_common import (
    TITLES,
    ConversationState,
    SentenceState,
    first_sentence,
    has_noun,
    merge_coordinated,
    subject_mentions,
)
from interviewer.engines.offline.sentences import Clause, split_sentences
from interviewer.engines.offline.step_rules import StepRules
from interviewer.engines.offline.steps import ClauseParse
from interviewer.engines.offline.text import Token, tokenize, word_regex
from interviewer.engines.offline.time_expressions import is_lead_question
from interviewer.engines.offline.time_rules import TimeRules
from interviewer.models import Evidence, Language, Process, Transcript, Turn

# words that open the next step of a list ("erst prüfen, dann erfassen", "check it, then file it")
SEQUENCE_OPENERS = frozenset(grammar("steps.sequence_openers"))


def own_turn_of(previous: StepDraft, current: SentenceState, turn: Turn) -> bool:
    return bool(current.steps) or any(e.turn == turn.number for e in previous.evidence)


class OfflineExtractor(StepRules, ActorRules, TimeRules):
    def __init__(self, language: Language) -> None:
        self.lang = language
        self.lex = load_lexicon(language)
        self.finder = finder_for(language)
        self.parser = EnglishClauseParser(self.lex) if language == "en" else GermanClauseParser(self.lex)
        conv = self.lex.conversation
        self.handoff_verbs = frozenset(conv.get("handoff_verbs", []))
        self.receive_verbs = frozenset(v.replace("|", "") for v in conv.get("receive_verbs", []))
        self.handoff_preps = frozenset(conv.get("handoff_prepositions", [])) | frozenset(
            conv.get("recipient_prepositions", [])
        )
        self.open_questions = tuple(q.lower() for q in conv.get("open_questions", []))
        self.transfer_verbs = frozenset(load_file(f"verbs_{language}.yaml").get("transfer_verbs", []))
        self.non_step = self.lex.verbs.non_step
        self.non_step_with_object = self.lex.verbs.non_step_with_object
        self.contact_verbs = frozenset(conv.get("contact_verbs", []))
        self.status_cues = word_regex(conv.get("status_cues", []))
        self.speaker_names: dict[str, conversation.SpeakerInfo] = {}
        self._forms: frozenset[str] = frozenset()
        self._forms_seen = -1
        self.clauses = ClauseMemo(
            language, self.finder, self._has_verb, self.parser.parse, self.lex.verbs.table.forms
        )

    # ------------------------------------------------------------------ main

    def extract(self, transcript: Transcript) -> Process:
        state = ConversationState()
        steps = StepList()
        items = WorkItems(self.lang, self._verb_forms())
        speakers = conversation.speakers(transcript.turns, self.lang)
        self.speaker_names = {
            word.lower(): info
            for info in speakers.values()
            for word in info.name.replace(".", " ").split()
            if word[:1].isupper() and word.lower() not in TITLES
        }
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
            state.echoed = False
            added = self._read_turn(turn, state, steps, items, after_question=asked)
            if (
                not added
                and not state.echoed
                and previous is not None
                and previous.is_interviewer
                and self._confirms(turn, previous)
            ):
                confirm = Evidence(turn=turn.number, quote=first_sentence(turn.text))
                self._read_turn(previous, state, steps, items, after_question=False, confirmed_by=confirm)
            previous = turn
        if state.pending_wait and steps.last is not None:
            # a wait said after the last step ("and then it takes two weeks until ...") still delays the case
            steps.last.wait = (steps.last.wait or 0.0) + state.pending_wait
        for draft in steps.items:  # "an Michael zur Freigabe" where Michael is a speaker: his unit
            named = self.speaker_names.get(draft.actor.key) if draft.actor is not None else None
            if named is not None and named.label:
                draft.actor = Actor(named.label, "self", named.unit or named.label)
        _unify_actors(steps.items, [info for info in speakers.values() if info.label])
        return build_process(transcript, steps.items, state, self.lang)

    def _verb_forms(self) -> frozenset[str]:
        """Verb forms that are no nouns; rebuilt only when the verb table grew
        (it learns misspellings and only ever grows, see clause_memo)."""
        forms = self.lex.verbs.table.forms
        if self._forms_seen != len(forms):
            noun_verbs = self.lex.verbs.noun_verbs
            self._forms = frozenset(f for f, lemma in forms.items() if lemma not in noun_verbs)
            self._forms_seen = len(forms)
        return self._forms

    def _confirms(self, turn: Turn, question: Turn) -> bool:
        """A "yes" to a proposition ("so then it goes to approval?"), not to an open question."""
        if not conversation.is_confirmation(turn.text, self.lang):
            return False
        low = question.text.lower().lstrip()
        return not any(low.startswith(q) or f" {q} " in f" {low} "[:60] for q in self.open_questions)

    def _read_question(self, turn: Turn, state: ConversationState) -> None:
        state.lead_question = is_lead_question(turn.text, self.lang)
        tokens = [tok for tok in tokenize(turn.text) if tok.is_word]
        low = turn.text.lower().lstrip()
        # a proposition ("Sie tippen das ab?", "So nochmal abtippen."), not an open question
        closed = not any(low.startswith(q) for q in self.open_questions)
        forms = self.lex.verbs.table.forms
        state.question_verbs = (
            frozenset(forms[tok.low] for tok in tokens if tok.low in forms) if closed else frozenset()
        )
        for mention in self.finder.find(tokens, state.speaker_unit):
            if mention.actor.kind != "self":
                state.last_other = mention.actor
                if mention.actor.kind != "customer":
                    state.last_staff = mention.actor

    def _fragment(
        self, clause: Clause, parse: ClauseParse, current: SentenceState, state: ConversationState, turn: Turn
    ) -> StepDraft | None:
        """'Ausdrucken.', 'Dann Gebührenbescheid.': a verbless answer that still names a step,
        done by whoever acted last in the sentence, else by the speaker."""
        verbs = self.lex.verbs
        reading = read_fragment(
            clause.tokens, self.lang, verbs.table.infinitives, verbs.nominalisations, verbs.noun_verbs
        )
        if reading is None:
            return None
        actor = current.previous_actor or state.speaker_self
        draft = self._draft(clause, parse, reading.lemma, reading.object, actor, turn)
        if actor is not None:
            state.holder = actor
        return draft

    def _has_verb(self, tokens: list[Token]) -> bool:
        return self.parser.has_verb(tokens)

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
            if state.lead_question and confirmed_by is None:
                self._bare_lead(sentence, turn, state)
            if confirmed_by is not None:  # the interviewer's words, confirmed: questions included
                flags = conversation.SentenceFlags(False, flags.aside, flags.past_habit, flags.wish)
            anchor = steps.last
            current = SentenceState()
            for reading in self.clauses.readings(sentence, state.speaker_unit):
                clause, mentions, times, parse = (
                    reading.clause,
                    reading.mentions,
                    reading.times,
                    reading.parse,
                )
                if state.trigger is None and conversation.is_trigger(clause.text, self.lang):
                    state.trigger = text[clause.start : clause.end]
                actor = self._actor(parse, mentions, state, current.previous_actor)
                durations, waits = self._times(clause, times, turn, sentence, state, first_time)
                first_time = first_time and not times
                draft = None
                if self._complements(parse, current):
                    self._extend_with(current.steps[-1][0], clause, parse)
                elif self._correct_actor(parse, mentions, current, steps, state):
                    pass  # "das macht die Netzplanung": the last step changes hands, no new one
                elif not flags.no_steps and not conversation.clause_is_hypothetical(clause.text, self.lang):
                    draft = self._step(
                        clause, parse, actor, mentions, state, items, current, turn, sentence.text
                    )
                    if draft is None and parse.lemma is None and after_question and confirmed_by is None:
                        draft = self._fragment(clause, parse, current, state, turn)
                if draft is not None and self._said_before(
                    draft, clause, current, steps, turn, s_index, state
                ):
                    draft = None
                if draft is not None:
                    self._give_times(draft, durations, waits, current, state)
                    if confirmed_by is not None:
                        draft.evidence.append(confirmed_by)
                    if self._coordinated(draft, parse, clause, current, text):
                        merge_coordinated(current.steps[-1][0], draft, text, self.lang)
                    else:
                        current.steps.append((draft, parse.markers))
                    current.previous_actor = actor or draft.actor
                else:
                    self._keep_times(parse, durations, waits, current, steps, state)
                    self._retract(parse, current, steps)
                    if parse.lemma:
                        current.previous_actor = actor
                self._remember_mentions(mentions, state)
                current.previous_parse = parse
                current.previous_end = clause.end
                current.previous_was_step = draft is not None
            if current.wait is not None:
                state.pending_wait = (state.pending_wait or 0.0) + current.wait
            forgot = conversation.mentions_forgetting(sentence.text, self.lang)
            added += place_sentence(current.steps, steps, anchor, s_index == 0 and after_question, forgot)
        return added

    def _said_before(
        self,
        draft: StepDraft,
        clause: Clause,
        current: SentenceState,
        steps: StepList,
        turn: Turn,
        s_index: int,
        state: ConversationState,
    ) -> bool:
        """A restatement ("also, ich tippe das ab") or an echo of the interviewer's
        paraphrase ("Ja, abtippen.") adds its evidence to the step said before."""
        previous = current.steps[-1][0] if current.steps else steps.last
        if previous is None or draft.transfer:
            return False
        if (
            len(draft.obj.split()) <= 1
            and previous.lemma == draft.lemma
            and own_turn_of(previous, current, turn)
        ):
            previous.absorb(draft)  # "Dann faxen wir alles an die Kasse. Ja, wirklich, faxen."
            return True
        same_actor = previous.actor is None or draft.actor is None or previous.actor.key == draft.actor.key
        if not same_actor:
            return False
        own_turn = own_turn_of(previous, current, turn)
        if own_turn and restates(turn.text[clause.start : clause.end], self.lang):
            previous.absorb(draft)
            return True
        if (
            s_index == 0
            and state.question_verbs
            and conversation.is_confirmation(turn.text, self.lang)
            and echoes(draft.lemma, state.question_verbs, self.lang)
        ):
            previous.absorb(draft)
            state.echoed = True  # the interviewer's words are said: not a new step to confirm
            return True
        return False

    def _coordinated(
        self, draft: StepDraft, parse: ClauseParse, clause: Clause, current: SentenceState, text: str
    ) -> bool:
        """'wir graben auf und legen die Leitungen', 'pick and pack the part': one actor
        doing two things in one breath is one step on a process map."""
        if not current.steps or parse.subject_kind != "none" or parse.passive:
            return False
        previous, marks = current.steps[-1]
        if previous.transfer or draft.transfer or parse.markers or marks - {"first", "correction"}:
            return False
        if previous.actor is None or draft.actor is None or previous.actor.key != draft.actor.key:
            return False
        opening = [tok.low for tok in clause.tokens[:2] if tok.is_word]
        if opening and (opening[0] in SEQUENCE_OPENERS or opening[-1] in SEQUENCE_OPENERS):
            return False  # "erst prüfen, dann erfassen": "dann" says a next step, not one breath
        between = text[current.previous_end : clause.start].strip(" ,").lower()
        if between in ("", "and", "und", "or", "oder"):
            # "we read the plates, count the colonies and write the counts": one actor,
            # one breath, no new subject - one step on a process map
            return True
        same_thing = not previous.obj or draft.obj_rest is not None or not draft.obj
        return between == "" and same_thing

    def _correct_actor(
        self,
        parse: ClauseParse,
        mentions: Sequence[Mention],
        current: SentenceState,
        steps: StepList,
        state: ConversationState,
    ) -> bool:
        """'Naja, eigentlich nicht wir, das macht die Netzplanung', 'no, IT does that':
        the step just said belongs to someone else."""
        if (
            parse.lemma in ("be", "sein")
            and parse.subject
            and parse.subject[-1].low in ("it", "that", "das", "es")
        ):
            named = [m for m in mentions if m.preposition is None and m.actor.kind != "self"]
            last = current.steps[-1][0] if current.steps else steps.last
            if named and last is not None and last.actor is None:
                last.actor = named[0].actor  # "the requisition needs approval. It's the cost centre manager."
                return True
            return False
        if parse.lemma not in ("machen", "tun", "do", "handle", "übernehmen"):
            return False
        pronouns = ("das", "es", "that", "it", "this", "den", "die")
        if not any(t.low in pronouns for t in parse.object) or has_noun(
            [t for t in parse.object if t.low not in ("wir", "ich", "we", "i")], self.lang
        ):
            return False
        doers = subject_mentions(parse, mentions)
        last = current.steps[-1][0] if current.steps else steps.last
        if doers and last is not None:
            last.actor = doers[-1].actor
            state.holder = doers[-1].actor
            return True
        return False

    def _retract(self, parse: ClauseParse, current: SentenceState, steps: StepList) -> None:
        """'Wir sehen die Anträge im Portal, nein, Moment, sehen wir nicht': a correction
        that negates the step just said takes it back."""
        if not (parse.negated and "correction" in parse.markers and parse.lemma):
            return
        if current.steps and current.steps[-1][0].lemma == parse.lemma:
            current.steps.pop()
        elif steps.last is not None and steps.last.lemma == parse.lemma:
            steps.items.pop()

    def _complements(self, parse: ClauseParse, current: SentenceState) -> bool:
        """'wir prüfen dann, ob das Vorhaben passt': the question is the object of the bare verb before it."""
        return (
            "that" in parse.markers
            and bool(current.steps)
            and current.previous_was_step
            and not current.steps[-1][0].content
        )

    def _extend_with(self, draft: StepDraft, clause: Clause, parse: ClauseParse) -> None:
        words = " ".join(tok.text for tok in clause.tokens if tok.low not in self.lex.drop_from_action)
        draft.action = f"{draft.action}, {words}"
        draft.content = content_words(draft.action)

    # ---------------------------------------------------------------- steps

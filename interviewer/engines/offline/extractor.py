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
from interviewer.engines.offline.references import PRONOUNS, WorkItems
from interviewer.engines.offline.sentences import Clause, split_clauses, split_sentences
from interviewer.engines.offline.steps import ClauseParse, build_action
from interviewer.engines.offline.systems import find_system
from interviewer.engines.offline.text import Token, join_tokens, tokenize, word_regex
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
# Prepositions of place: "in the branch", "im Postfach" name where, not who.
_LOCATIVE = frozenset(["in", "at", "on", "into", "inside", "im", "ins", "am", "auf"])
# Light verbs whose object names the work: "do the triage", "die Prüfung machen".
_LIGHT_VERBS = frozenset(
    [
        "do",
        "make",
        "perform",
        "conduct",
        "undertake",
        "carry",
        "machen",
        "durchführen",
        "vornehmen",
        "erledigen",
    ]
)
_PERSONAL = frozenset({"he", "she", "er"})
_PRONOUN_OBJECTS = frozenset(
    [
        "it",
        "them",
        "him",
        "her",
        "this",
        "that",
        "these",
        "those",
        "es",
        "ihn",
        "sie",
        "das",
        "die",
        "den",
        "der",
        "'s",
        "ihm",
        "ihnen",
    ]
)
_NO_ITEM_VERBS = frozenset(
    [
        "be",
        "have",
        "sein",
        "haben",
        "werden",
        "go",
        "come",
        "land",
        "sit",
        "lie",
        "gehen",
        "kommen",
        "landen",
        "liegen",
    ]
)
_NEEDS = frozenset({"need", "require", "wait", "await", "brauchen", "benötigen", "warten", "abwarten"})
_TITLES = frozenset(["frau", "herr", "dr", "prof", "mr", "mrs", "ms", "miss"])
_GERMAN_MOVES = ("gehen", "kommen", "landen", "laufen", "wandern", "liegen")


@dataclass
class ConversationState:
    """What the conversation has established so far."""

    holder: Actor | None = None  # who has the work now
    last_other: Actor | None = None  # the last actor named who is not the speaker
    last_staff: Actor | None = None  # ... and who is no customer ("he approves it")
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
    previous_end: int = -1  # where the previous clause ended in the turn's text


class OfflineExtractor:
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

    # ------------------------------------------------------------------ main

    def extract(self, transcript: Transcript) -> Process:
        state = ConversationState()
        steps = StepList()
        table = self.lex.verbs.table
        verb_forms = frozenset(
            f for f, lemma in table.forms.items() if lemma not in self.lex.verbs.noun_verbs
        )
        items = WorkItems(self.lang, verb_forms)
        speakers = conversation.speakers(transcript.turns, self.lang)
        self.speaker_names = {
            word.lower(): info
            for info in speakers.values()
            for word in info.name.replace(".", " ").split()
            if word[:1].isupper() and word.lower() not in _TITLES
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
            added = self._read_turn(turn, state, steps, items, after_question=asked)
            if (
                not added
                and previous is not None
                and previous.is_interviewer
                and self._confirms(turn, previous)
            ):
                confirm = Evidence(turn=turn.number, quote=_first_sentence(turn.text))
                self._read_turn(previous, state, steps, items, after_question=False, confirmed_by=confirm)
            previous = turn
        if state.pending_wait and steps.last is not None:
            # a wait said after the last step ("and then it takes two weeks until ...") still delays the case
            steps.last.wait = (steps.last.wait or 0.0) + state.pending_wait
        _unify_actors(steps.items, [info for info in speakers.values() if info.label])
        return build_process(transcript, steps.items, state, self.lang)

    def _confirms(self, turn: Turn, question: Turn) -> bool:
        """A "yes" to a proposition ("so then it goes to approval?"), not to an open question."""
        if not conversation.is_confirmation(turn.text, self.lang):
            return False
        low = question.text.lower().lstrip()
        return not any(low.startswith(q) or f" {q} " in f" {low} "[:60] for q in self.open_questions)

    def _read_question(self, turn: Turn, state: ConversationState) -> None:
        state.lead_question = is_lead_question(turn.text, self.lang)
        tokens = [tok for tok in tokenize(turn.text) if tok.is_word]
        for mention in self.finder.find(tokens, state.speaker_unit):
            if mention.actor.kind != "self":
                state.last_other = mention.actor
                if mention.actor.kind != "customer":
                    state.last_staff = mention.actor

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
                if self._complements(parse, current):
                    self._extend_with(current.steps[-1][0], clause, parse)
                elif self._correct_actor(parse, mentions, current, steps, state):
                    pass  # "das macht die Netzplanung": the last step changes hands, no new one
                elif not flags.no_steps and not conversation.clause_is_hypothetical(clause.text, self.lang):
                    draft = self._step(clause, parse, actor, mentions, state, items, current, turn)
                if draft is not None:
                    self._give_times(draft, durations, waits, current, state)
                    if confirmed_by is not None:
                        draft.evidence.append(confirmed_by)
                    if self._coordinated(draft, parse, clause, current, text):
                        _merge(current.steps[-1][0], draft, text, self.lang)
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
            if current.wait is not None:
                state.pending_wait = (state.pending_wait or 0.0) + current.wait
            forgot = conversation.mentions_forgetting(sentence.text, self.lang)
            added += place_sentence(current.steps, steps, anchor, s_index == 0 and after_question, forgot)
        return added

    def _coordinated(
        self, draft: StepDraft, parse: ClauseParse, clause: Clause, current: _Sentence, text: str
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
        between = text[current.previous_end : clause.start].strip(" ,").lower()
        return (between == "" and clause.tokens[0].low in ("and", "und", "sowie")) or between == ""

    def _correct_actor(
        self,
        parse: ClauseParse,
        mentions: Sequence[Mention],
        current: _Sentence,
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
        if not any(t.low in pronouns for t in parse.object) or _has_noun(
            [t for t in parse.object if t.low not in ("wir", "ich", "we", "i")], self.lang
        ):
            return False
        doers = _subject_mentions(parse, mentions)
        last = current.steps[-1][0] if current.steps else steps.last
        if doers and last is not None:
            last.actor = doers[-1].actor
            state.holder = doers[-1].actor
            return True
        return False

    def _retract(self, parse: ClauseParse, current: _Sentence, steps: StepList) -> None:
        """'Wir sehen die Anträge im Portal, nein, Moment, sehen wir nicht': a correction
        that negates the step just said takes it back."""
        if not (parse.negated and "correction" in parse.markers and parse.lemma):
            return
        if current.steps and current.steps[-1][0].lemma == parse.lemma:
            current.steps.pop()
        elif steps.last is not None and steps.last.lemma == parse.lemma:
            steps.items.pop()

    def _complements(self, parse: ClauseParse, current: _Sentence) -> bool:
        """'wir prüfen dann, ob das Vorhaben passt': the question is the object of the bare verb before it."""
        return "that" in parse.markers and bool(current.steps) and not current.steps[-1][0].content

    def _extend_with(self, draft: StepDraft, clause: Clause, parse: ClauseParse) -> None:
        words = " ".join(tok.text for tok in clause.tokens if tok.low not in self.lex.drop_from_action)
        draft.action = f"{draft.action}, {words}"
        draft.content = content_words(draft.action)

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
            if parse.subject and parse.subject[-1].low in _PERSONAL and state.last_staff is not None:
                return state.last_staff
            return state.last_other or state.holder
        if kind == "np":
            owned = self._speaker_owned(parse.subject)
            if owned is not None:
                return owned
            inside = _subject_mentions(parse, mentions)
            if inside:
                return inside[0].actor  # "the requester, an engineer say, ...": the head comes first
            named = self._speaker_named(parse.subject)
            if named is not None:
                return named
        return previous_actor or state.holder

    def _speaker_owned(self, subject: Sequence[Token]) -> Actor | None:
        """ "Dave's team tells the user": the team of an interviewee is their unit."""
        for k, tok in enumerate(subject[:-1]):
            if subject[k + 1].low == "'s" and tok.low in self.speaker_names:
                info = self.speaker_names[tok.low]
                if info.label:
                    return Actor(info.label, "self", info.unit or info.label)
        return None

    def _speaker_named(self, subject: Sequence[Token]) -> Actor | None:
        """'And then Anna copies it': Anna is one of the interviewees."""
        for tok in subject:
            info = self.speaker_names.get(tok.low) if tok.capitalised else None
            if info is not None and info.label:
                return Actor(info.label, "self", info.unit or info.label)
        return None

    def _remember_mentions(self, mentions: Sequence[Mention], state: ConversationState) -> None:
        for mention in mentions:
            if mention.actor.kind == "customer" and state.customer is None:
                state.customer = mention.actor.name
            if mention.preposition in _LOCATIVE:
                continue  # "in the branch": a place, not who "they" are
            if state.speaker_self is None or mention.actor.key != state.speaker_self.key:
                state.last_other = mention.actor
                if mention.actor.kind != "customer":
                    state.last_staff = mention.actor

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
        draft: StepDraft,
        durations: list[float],
        waits: list[float],
        current: _Sentence,
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
        if lemma is None:
            return None
        names = frozenset(self.speaker_names)
        if parse.subject_kind == "np" and not _subject_mentions(parse, mentions):
            items.remember_subject(parse.subject, mentions, self.lex, names)
        resolved = items.resolve(parse.object)
        if lemma not in _NO_ITEM_VERBS and not self._moves(lemma):  # "it's missing", "it lands in our inbox"
            items.remember(parse.object_raw, parse.object, mentions, names)
        if parse.negated or parse.past_habit or parse.wish:
            return None
        if parse.particle and f"{lemma} {parse.particle}" in self.lex.verbs.non_step_phrasal:
            return None
        recipients = [m for m in mentions if m.preposition in self.handoff_preps]
        if not recipients and self._to_self(parse):
            recipients = [Mention(0, 0, state.speaker_self, "to")] if state.speaker_self else []
        if self._receives(parse, lemma, mentions):
            return self._received(clause, parse, actor, mentions, state, items, turn)
        if self._is_handoff(parse, lemma, recipients, mentions):
            target = recipients[-1].actor if recipients else actor
            sender = state.holder
            items.remember_subject(parse.subject, mentions, self.lex)
            if target is not None:
                state.holder = target
                if target.kind != "self":
                    state.last_other = target
            step = self._nominal_step(clause, parse, target if recipients else None, items, turn)
            if (
                step is None
                and recipients
                and target is not None
                and target.is_outside
                and sender is not None
            ):
                # "then the PO goes out to the supplier": sending outside is a step of its own
                step = self._send_step(clause, parse, sender, target, items, turn)
            return step
        previous = current.previous_parse
        purpose_step = "purpose" in parse.markers and (
            (previous is not None and previous.lemma in self.non_step)
            or bool(_subject_mentions(parse, mentions))
        )  # "... takes six weeks, um das zu genehmigen"; "so that Billing can do the final bill"
        if parse.markers & _NO_STEP_MARKERS and not purpose_step:
            return None
        if lemma in _NEEDS or (
            lemma in ("be", "geben") and parse.subject and parse.subject[-1].low in ("there", "es")
        ):
            givers = [m.actor for m in mentions if m.preposition in ("from", "by", "von", "vom", "durch")]
            givers += [m.actor for m in mentions if _possessive(clause, m)]
            if any(t.low in ("für", "fürs", "for") for t in parse.object_raw) and actor is not None:
                givers = [actor]  # "die brauchen eine Woche für die Besichtigung": they inspect
            needed = self._nominal_step(clause, parse, givers[0] if givers else None, items, turn)
            if needed is not None:
                return needed  # "the requisition needs approval", "wir brauchen eine Freigabe vom Chef"
        obj = self._with_speaker(resolved, state)
        if self._moves(lemma) or (
            lemma in self.non_step and not (lemma in self.non_step_with_object and _has_noun(obj, self.lang))
        ):
            return None
        if lemma == "geben" and parse.subject and parse.subject[-1].low in ("es", "'s"):
            return None  # "es gibt": there is
        if not self._worth_a_step(clause, parse, lemma, actor, _sentence_around(turn.text, clause.start)):
            return None
        draft = self._draft(clause, parse, lemma, obj, actor, turn)
        draft.lemma = self._light_verb_lemma(lemma, parse)
        if actor is not None:
            state.holder = actor
        if recipients and lemma in self.transfer_verbs:
            draft.transfer = True
            if not recipients[-1].actor.is_outside or recipients[-1].actor.kind == "external":
                state.holder = recipients[-1].actor  # a customer who gets a letter does not take the case
        return draft

    @staticmethod
    def _with_speaker(obj: list[Token], state: ConversationState) -> list[Token]:
        """'Field Services sends us a daily export': 'us' is the speaker's unit."""
        me = state.speaker_self
        if me is None or not any(tok.low in _SELF_OBJECTS for tok in obj):
            return obj
        return [Token(me.name, me.name.lower(), t.start, t.end) if t.low in _SELF_OBJECTS else t for t in obj]

    def _light_verb_lemma(self, lemma: str, parse: ClauseParse) -> str:
        """'do their triage' is to triage, 'die Bonitätsprüfung machen' is to check:
        the noun's verb decides which steps are the same."""
        if lemma not in _LIGHT_VERBS:
            return lemma
        nominal = self.lex.verbs.nominalisations
        for tok in parse.object:
            low = tok.low
            for noun, verb in nominal.items():
                if low == noun or (self.lang == "de" and low.endswith(noun) and len(low) > len(noun) + 2):
                    return verb
        return lemma

    def _moves(self, lemma: str) -> bool:
        """'hochgehen', 'rüberkommen', 'zurückkommen': the case moves, nobody works on it."""
        return self.lang == "de" and lemma.endswith(_GERMAN_MOVES) and lemma not in self.transfer_verbs

    def _worth_a_step(
        self, clause: Clause, parse: ClauseParse, lemma: str, actor: Actor | None, sentence: str
    ) -> bool:
        """Clauses with a verb that still are no step of the process."""
        if lemma in self.contact_verbs:
            if actor is not None and actor.kind == "customer":
                return False  # "the customer phones the hotline": the trigger, or chasing
            if self.status_cues.search(clause.text.lower()) or self.status_cues.search(sentence.lower()):
                return False  # "I phone the warehouse to ask if it has gone out"
        if "if" in parse.markers and parse.subject_kind == "generic":
            return False  # "if you count the customer's form"
        # "that adds another week": the object was a time
        return not (
            not parse.object
            and parse.object_raw
            and lemma in self.non_step_with_object | {"add", "hinzukommen"}
        )

    def _receives(self, parse: ClauseParse, lemma: str, mentions: Sequence[Mention]) -> bool:
        verb = f"{lemma} {parse.particle}" if parse.particle else lemma
        if verb not in self.receive_verbs:
            return False
        return parse.subject_kind in ("other", "relative", "self") or bool(_subject_mentions(parse, mentions))

    def _received(
        self,
        clause: Clause,
        parse: ClauseParse,
        actor: Actor | None,
        mentions: Sequence[Mention],
        state: ConversationState,
        items: WorkItems,
        turn: Turn,
    ) -> StepDraft | None:
        """'then the field service gets it' moves the case; 'die Stadtkasse bekommt die
        Gebührenanordnung' is also the step of whoever sends it."""
        sender = state.holder
        if actor is not None:
            state.holder = actor
            if actor.kind != "self":
                state.last_other = actor
        obj = parse.object
        if not _has_noun(obj, self.lang) or obj[0].low in _PRONOUN_OBJECTS or actor is None:
            return None
        if actor.kind == "self":
            return None  # "then we get the pick list": the sender is not said
        if sender is None or sender.key == actor.key:
            return None
        items.remember(parse.object_raw, obj, mentions)
        words = join_tokens(obj)
        if self.lang == "de":
            action, lemma = f"{words} an {actor.name} weitergeben", "weitergeben"
        else:
            action, lemma = f"send {words} to {actor.name}", "send"
        return StepDraft(
            verb=lemma,
            obj=words,
            transfer=True,
            action=action,
            lemma=lemma,
            content=content_words(action),
            actor=sender,
            system=find_system(clause.text),
            duration=None,
            wait=None,
            clause=clause.text,
            evidence=[Evidence(turn=turn.number, quote=_quote(turn.text, clause))],
        )

    def _draft(
        self,
        clause: Clause,
        parse: ClauseParse,
        lemma: str,
        obj: list[Token],
        actor: Actor | None,
        turn: Turn,
    ) -> StepDraft:
        action = build_action(lemma, parse.particle, obj, self.lang)
        quote = _quote(turn.text, clause)
        body = turn.text[parse.body_start : clause.end] if parse.body_start >= 0 else clause.text
        resolved = bool(parse.object) and bool(obj) and obj[0] is not parse.object[0]
        return StepDraft(
            verb=f"{lemma} {parse.particle}" if parse.particle and self.lang == "en" else lemma,
            obj=build_action("", None, obj, self.lang).strip(),
            obj_rest=build_action("", None, parse.object[1:], self.lang).strip() if resolved else None,
            span=(turn.number, clause.start, clause.end),
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
        for tok in parse.object_raw:
            verb = nominal.get(tok.low)
            if verb:
                words = self._item_words(parse, items)
                action = f"{verb} {words}".strip() if self.lang == "en" else f"{words} {verb}".strip()
                return StepDraft(
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
        return None

    def _item_words(self, parse: ClauseParse, items: WorkItems) -> str:
        """What the clause is about: its subject if that is a thing, else the item
        the conversation is about ("we need a signature" - on the order)."""
        subject = [t for t in parse.subject if t.low not in self.lex.drop_from_action]
        if parse.subject_kind in ("self", "generic", "none") or not subject:
            subject = [Token("it", "it", -1, -1)] if self.lang == "en" else [Token("es", "es", -1, -1)]
        item = items.resolve(subject)
        if not item or item[0].low in PRONOUNS[self.lang]:
            return ""
        if self.lang == "de":
            item = [t for t in item if t.low not in self.lex.determiners]
        return join_tokens(item)

    def _send_step(
        self, clause: Clause, parse: ClauseParse, sender: Actor, target: Actor, items: WorkItems, turn: Turn
    ) -> StepDraft | None:
        words = self._item_words(parse, items)
        if not words or sender.key == target.key:
            return None
        if self.lang == "de":
            action, lemma = f"{words} an {target.name} weitergeben", "weitergeben"
        else:
            action, lemma = f"send {words} to {target.name}", "send"
        return StepDraft(
            verb=lemma,
            obj=words,
            transfer=True,
            action=action,
            lemma=lemma,
            content=content_words(action),
            actor=sender,
            system=find_system(clause.text),
            duration=None,
            wait=None,
            clause=clause.text,
            evidence=[Evidence(turn=turn.number, quote=_quote(turn.text, clause))],
        )

    def _is_handoff(
        self, parse: ClauseParse, lemma: str, recipients: list[Mention], mentions: Sequence[Mention]
    ) -> bool:
        """'then it goes to the field service', 'das landet bei der Bauabteilung',
        'then the field service gets it': the work moves, nobody does a step."""
        subject_actors = _subject_mentions(parse, mentions)
        kind = parse.subject_kind
        if kind == "other" and parse.subject and parse.subject[-1].low in _DEMONSTRATIVES:
            kind = "item"  # "dann landet der bei uns": der = the order
        moves = lemma in self.handoff_verbs or self._moves(lemma)
        if moves and (recipients or self._nominal_in(parse)):
            return kind in ("item", "none") or (kind == "np" and not subject_actors)
        return lemma in self.receive_verbs and bool(subject_actors or kind in ("other", "relative"))

    def _nominal_in(self, parse: ClauseParse) -> bool:
        return any(tok.low in self.lex.verbs.nominalisations for tok in parse.object_raw)

    @staticmethod
    def _to_self(parse: ClauseParse) -> bool:
        """'kommt zu uns', 'lands with us', 'bei uns im Postfach'."""
        raw = parse.object_raw
        return any(
            tok.low in _SELF_OBJECTS and k > 0 and raw[k - 1].low in ("to", "with", "zu", "bei", "an")
            for k, tok in enumerate(raw)
        )


_NO_NOUN_EN = frozenset(
    [
        "me",
        "us",
        "them",
        "it",
        "you",
        "him",
        "her",
        "back",
        "up",
        "out",
        "off",
        "on",
        "in",
        "over",
        "down",
        "away",
        "all",
        "again",
        "there",
    ]
)


def _has_noun(obj: list[Token], language: Language) -> bool:
    if language == "de":
        return any(tok.capitalised for tok in obj)
    return any(tok.low not in _NO_NOUN_EN for tok in obj)


# Words that say what kind of unit, not which one: "planning" is "the planning department".
_GENERIC_HEADS = frozenset(
    [
        "department",
        "dept",
        "team",
        "unit",
        "office",
        "group",
        "section",
        "division",
        "abteilung",
        "bereich",
        "gruppe",
        "referat",
        "the",
        "der",
        "die",
        "das",
    ]
)


def _core(name: str) -> frozenset[str]:
    return frozenset(word for word in name.lower().replace("-", " ").split() if word not in _GENERIC_HEADS)


def _unify_actors(drafts: list[StepDraft], speakers: list[conversation.SpeakerInfo]) -> None:
    """One name per actor: "planning" and "the planning department", "Field Services"
    and the speaker from "Field Services Scheduling" are the same unit. A name joins a
    known one when its words are part of exactly one known name."""
    known: list[Actor] = [
        Actor(info.label, "self", info.unit or info.label) for info in speakers if info.label is not None
    ]
    for draft in drafts:
        actor = draft.actor
        if actor is None:
            continue
        core = _core(actor.name)
        if not core:
            continue
        same = [k for k in known if k.key == actor.key]
        if same:
            draft.actor = same[0]
            continue
        matches = [k for k in known if core <= _core(k.name) or _core(k.name) <= core]
        if len(matches) == 1:
            draft.actor = matches[0]
        else:
            known.append(actor)


def _possessive(clause: Clause, mention: Mention) -> bool:
    """ "the line manager's approval": the actor owns the action named after it."""
    for k, tok in enumerate(clause.tokens):
        if tok.start == mention.char_end and tok.low == "'s":
            return k + 1 < len(clause.tokens)
    return False


def _subject_mentions(parse: ClauseParse, mentions: Sequence[Mention]) -> list[Mention]:
    """The actors named inside the clause's subject."""
    if not parse.subject:
        return []
    first, last = parse.subject[0].start, parse.subject[-1].end
    return [m for m in mentions if m.preposition is None and first <= m.char_start < last]


def _merge(first: StepDraft, second: StepDraft, text: str, language: Language) -> None:
    """One step from two coordinated ones: 'Angebot unterschreiben und zurückschicken',
    'pick and pack the part', 'open the case and identify the part'."""
    joiner = "und" if language == "de" else "and"
    same_object = second.obj_rest is not None or not second.obj
    if not first.obj:
        action = f"{first.verb} {joiner} {second.action}"
    elif same_object and language == "de":
        rest = f"{second.obj_rest} " if second.obj_rest else ""
        action = f"{first.obj} {first.verb} {joiner} {rest}{second.verb}"
    elif same_object:
        rest = f" {second.obj_rest}" if second.obj_rest else ""
        action = f"{first.verb} {joiner} {second.verb} {first.obj}{rest}"
    else:
        action = f"{first.action} {joiner} {second.action}"
    first.action = action
    first.content = content_words(action)
    first.system = first.system or second.system
    first.duration = _add(first.duration, second.duration)
    if first.span is not None and second.span is not None and first.span[0] == second.span[0]:
        turn, start, end = first.span[0], first.span[1], second.span[2]
        first.evidence[0] = Evidence(turn=turn, quote=text[start:end].strip())
        first.span = (turn, start, end)


def _add(a: float | None, b: float | None) -> float | None:
    return None if a is None and b is None else (a or 0.0) + (b or 0.0)


def _quote(text: str, clause: Clause) -> str:
    """The clause's words, verbatim; its sentence when the clause is too short to read alone."""
    quote = text[clause.start : clause.end].strip()
    return quote if len(quote.split()) >= 3 else _sentence_around(text, clause.start)


def _first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0].text if sentences else text.strip()


def _sentence_around(text: str, offset: int) -> str:
    for sentence in split_sentences(text):
        if sentence.start <= offset < sentence.end:
            return sentence.text
    return text.strip()

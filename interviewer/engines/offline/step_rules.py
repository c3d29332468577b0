"""Clause -> step: which clauses are steps, which only move the case
(handoffs), and how a step's action is built (work items, nominal actions,
transfers to outside parties)."""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.engines.offline.actors import Actor, Mention
from interviewer.engines.offline.assembly import StepDraft, content_words
from interviewer.engines.offline.non_steps import (
    completed_reference,
    describes_outsider,
    generic_subject,
    hypothetical,
    quoted_request,
)
from interviewer.engines.offline.references import PRONOUNS, WorkItems
from interviewer.engines.offline.rule_context import RuleContext
from interviewer.engines.offline.rules_common import (
    DEMONSTRATIVES,
    GERMAN_MOVES,
    LIGHT_VERBS,
    NEEDS,
    NO_ITEM_VERBS,
    NO_STEP_MARKERS,
    NOTIFY,
    PRONOUN_OBJECTS,
    PURPOSE_PREPOSITIONS,
    SELF_OBJECTS,
    SOURCE_PREPOSITIONS,
    ConversationState,
    SentenceState,
    clause_quote,
    has_noun,
    owns_next_word,
    subject_mentions,
)
from interviewer.engines.offline.sentences import Clause
from interviewer.engines.offline.steps import ClauseParse, build_action
from interviewer.engines.offline.systems import find_system
from interviewer.engines.offline.text import Token, join_tokens
from interviewer.models import Evidence, Turn


class StepRules(RuleContext):
    """Mixin of OfflineExtractor: the step rules."""

    def _step(
        self,
        clause: Clause,
        parse: ClauseParse,
        actor: Actor | None,
        mentions: Sequence[Mention],
        state: ConversationState,
        items: WorkItems,
        current: SentenceState,
        turn: Turn,
        sentence: str,
    ) -> StepDraft | None:
        lemma = parse.lemma
        if lemma is None:
            return None
        names = frozenset(self.speaker_names)
        if parse.subject_kind == "np" and not subject_mentions(parse, mentions):
            items.remember_subject(parse.subject, mentions, self.lex, names)
        resolved = items.resolve(parse.object)
        if lemma not in NO_ITEM_VERBS and not self._moves(lemma):  # "it's missing", "it lands in our inbox"
            items.remember(parse.object_raw, parse.object, mentions, names)
        if parse.negated or parse.past_habit or parse.wish:
            return None
        if describes_outsider(clause, parse, actor, self.lang):
            return None  # "they've got a house purchase riding on it", "which tests they've ticked"
        if (
            generic_subject(parse.subject or clause.tokens[:3], self.lang)
            or quoted_request(clause.text, self.lang)
            or hypothetical(clause.text, self.lang)
        ):
            return None  # "most parents do it online", "please provide ...", "it would run alongside"
        if "after" in parse.markers and completed_reference(clause.tokens, self.lang):
            return None  # "wenn das Board entschieden hat", "once we've raised it": a step said elsewhere
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
            or bool(subject_mentions(parse, mentions))
        )  # "... takes six weeks, um das zu genehmigen"; "so that Billing can do the final bill"
        if parse.markers & NO_STEP_MARKERS and not purpose_step:
            return None
        if lemma in NEEDS or (
            lemma in ("be", "geben") and parse.subject and parse.subject[-1].low in ("there", "es")
        ):
            givers = [m.actor for m in mentions if m.preposition in ("from", "by", "von", "vom", "durch")]
            givers += [m.actor for m in mentions if owns_next_word(clause, m)]
            if any(t.low in ("für", "fürs", "for") for t in parse.object_raw) and actor is not None:
                givers = [actor]  # "die brauchen eine Woche für die Besichtigung": they inspect
            needed = self._nominal_step(clause, parse, givers[0] if givers else None, items, turn)
            if needed is not None:
                return needed  # "the requisition needs approval", "wir brauchen eine Freigabe vom Chef"
        obj = self._with_speaker(resolved, state)
        if self._moves(lemma) or (
            lemma in self.non_step and not (lemma in self.non_step_with_object and has_noun(obj, self.lang))
        ):
            return None
        if lemma == "geben" and parse.subject and parse.subject[-1].low in ("es", "'s"):
            return None  # "es gibt": there is
        if not self._worth_a_step(clause, parse, lemma, actor, sentence):
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
        if me is None or not any(tok.low in SELF_OBJECTS for tok in obj):
            return obj
        return [Token(me.name, me.name.lower(), t.start, t.end) if t.low in SELF_OBJECTS else t for t in obj]

    def _light_verb_lemma(self, lemma: str, parse: ClauseParse) -> str:
        """'do their triage' is to triage, 'die Bonitätsprüfung machen' is to check:
        the noun's verb decides which steps are the same."""
        if lemma not in LIGHT_VERBS:
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
        return self.lang == "de" and lemma.endswith(GERMAN_MOVES) and lemma not in self.transfer_verbs

    def _worth_a_step(
        self, clause: Clause, parse: ClauseParse, lemma: str, actor: Actor | None, sentence: str
    ) -> bool:
        """Clauses with a verb that still are no step of the process."""
        first_object = parse.object[0].low if parse.object else ""
        if f"{lemma} {first_object}" in self.lex.verbs.non_step_phrasal:
            return False  # "we're running about a week behind"
        notifying = lemma in self.contact_verbs or lemma in self.transfer_verbs or lemma in NOTIFY
        if notifying and parse.subject_kind == "np" and find_system(" ".join(t.text for t in parse.subject)):
            return False  # "ServiceNow sends the manager an approval email": part of the handoff
        if lemma in self.contact_verbs and len(parse.object) == 1 and parse.object[0].low in SELF_OBJECTS:
            return False  # "Account Operations emails me": the case comes back, nobody works on it
        opening = {t.low for t in clause.tokens[:4]}
        if opening & {"if", "wenn", "falls"} and parse.subject_kind == "generic":
            return False  # "if you count the customer's form"
        if (
            lemma in ("machen", "tun", "do")
            and parse.object
            and all(
                tok.low in PRONOUN_OBJECTS or tok.low in self.lex.drop_from_action for tok in parse.object
            )
        ):
            return False  # "das haben wir immer so gemacht", "we do that": says nothing new
        if lemma in self.contact_verbs:
            if actor is not None and actor.kind == "customer":
                return False  # "the customer phones the hotline": the trigger, or chasing
            if self.status_cues.search(clause.text.lower()) or self.status_cues.search(sentence.lower()):
                return False  # "I phone the warehouse to ask if it has gone out"
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
        return parse.subject_kind in ("other", "relative", "self") or bool(subject_mentions(parse, mentions))

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
        if not has_noun(obj, self.lang) or obj[0].low in PRONOUN_OBJECTS or actor is None:
            return None
        if actor.kind == "self":
            return None  # "then we get the pick list": the sender is not said
        if sender is None or sender.key == actor.key:
            return None
        items.remember(parse.object_raw, obj, mentions)
        return self._transfer(clause, join_tokens(obj), sender, actor, turn)

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
        quote = clause_quote(turn.text, clause)
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
        raw = parse.object_raw
        for k, tok in enumerate(raw):
            verb = nominal.get(tok.low)
            before = {t.low for t in raw[max(0, k - 3) : k]}
            if verb and (before & PURPOSE_PREPOSITIONS or not before & SOURCE_PREPOSITIONS):
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
        return self._transfer(clause, words, sender, target, turn)

    def _transfer(self, clause: Clause, words: str, sender: Actor, target: Actor, turn: Turn) -> StepDraft:
        """The sender's step of passing `words` (the work item) to the target."""
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
            evidence=[Evidence(turn=turn.number, quote=clause_quote(turn.text, clause))],
        )

    def _is_handoff(
        self, parse: ClauseParse, lemma: str, recipients: list[Mention], mentions: Sequence[Mention]
    ) -> bool:
        """'then it goes to the field service', 'das landet bei der Bauabteilung',
        'then the field service gets it': the work moves, nobody does a step."""
        subject_actors = subject_mentions(parse, mentions)
        kind = parse.subject_kind
        if kind == "other" and parse.subject and parse.subject[-1].low in DEMONSTRATIVES:
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
            tok.low in SELF_OBJECTS and k > 0 and raw[k - 1].low in ("to", "with", "zu", "bei", "an")
            for k, tok in enumerate(raw)
        )

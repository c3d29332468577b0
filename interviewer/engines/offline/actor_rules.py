"""Who does a step: the clause's subject resolved against the conversation
("we" = the speaker's unit, "they" = the unit named last, "Anna" = the
interviewee called Anna), and one name per actor across the interview."""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.engines.offline import conversation
from interviewer.engines.offline.actors import Actor, Mention
from interviewer.engines.offline.assembly import StepDraft
from interviewer.engines.offline.lexicon import grammar
from interviewer.engines.offline.rule_context import RuleContext
from interviewer.engines.offline.rules_common import (
    LOCATIVE,
    PERSONAL,
    SELF_OBJECTS,
    ConversationState,
    subject_mentions,
)
from interviewer.engines.offline.steps import ClauseParse
from interviewer.engines.offline.text import Token


class ActorRules(RuleContext):
    """Mixin of OfflineExtractor: actor resolution."""

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
                if parse.agent[-1].low in SELF_OBJECTS:
                    return state.speaker_self
            return previous_actor or state.holder
        kind = parse.subject_kind
        if kind in ("self", "generic"):
            return state.speaker_self
        if kind in ("other", "relative"):
            if parse.subject and parse.subject[-1].low in PERSONAL and state.last_staff is not None:
                return state.last_staff
            return state.last_other or state.holder
        if kind == "np":
            owned = self._speaker_owned(parse.subject)
            if owned is not None:
                return owned
            inside = subject_mentions(parse, mentions)
            if inside:
                return inside[0].actor  # "the requester, an engineer say, ...": the head comes first
            named = self._speaker_named(parse.subject)
            if named is not None:
                return named
        if kind == "none" and parse.lemma is not None:
            # "We send the order to the manufacturer. Then put it into Joblogic.": a clause
            # without a subject continues the sentence's subject, else the narrator's own
            # work - the party the case was sent to does not type into our system
            return previous_actor or state.speaker_self or state.holder
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
            if mention.preposition in LOCATIVE:
                continue  # "in the branch": a place, not who "they" are
            if state.speaker_self is None or mention.actor.key != state.speaker_self.key:
                state.last_other = mention.actor
                if mention.actor.kind != "customer":
                    state.last_staff = mention.actor

    # ---------------------------------------------------------------- times


# Words that say what kind of unit, not which one: "planning" is "the planning department".
_GENERIC_HEADS = grammar("extractor.generic_heads")


def _core(name: str) -> frozenset[str]:
    return frozenset(word for word in name.lower().replace("-", " ").split() if word not in _GENERIC_HEADS)


def _same_side(a: Actor, b: Actor) -> bool:
    """'Client Services' (a unit) is not 'the client' (the customer), though one name holds the other."""
    return (a.kind == "customer") == (b.kind == "customer")


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
        matches = [
            k for k in known if (core <= _core(k.name) or _core(k.name) <= core) and _same_side(k, actor)
        ]
        if len(matches) == 1:
            draft.actor = matches[0]
        else:
            known.append(actor)

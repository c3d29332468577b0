"""What the extraction keeps while it reads an interview, and small helpers
the rules share (kept apart so that each rule module stays readable)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewer.engines.offline.actors import Actor, Mention
from interviewer.engines.offline.assembly import StepDraft, content_words
from interviewer.engines.offline.lead_time import LeadCandidate
from interviewer.engines.offline.lexicon import grammar
from interviewer.engines.offline.sentences import Clause, split_sentences
from interviewer.engines.offline.steps import ClauseParse
from interviewer.engines.offline.text import Token
from interviewer.models import Evidence, Language

SELF_OBJECTS = frozenset({"us", "me", "uns", "mir", "mich"})
NO_STEP_MARKERS = frozenset(
    {"reason", "purpose", "that", "until"}
)  # "until it is authorised": the end of a wait
# Non-step verbs whose time is the elapsed time of the step just said
# ("..., which can take two to three weeks", "der braucht zwei Wochen").
ELAPSED_VERBS = frozenset({"take", "last", "need", "dauern", "brauchen", "gehen"})
DEMONSTRATIVES = frozenset({"der", "die", "das"})
# Prepositions of place: "in the branch", "im Postfach" name where, not who.
LOCATIVE = grammar("extractor.locative")
# Light verbs whose object names the work: "do the triage", "die Prüfung machen".
LIGHT_VERBS = grammar("extractor.light_verbs")
PERSONAL = frozenset({"he", "she", "er"})
NOTIFY = grammar("extractor.notify")
PRONOUN_OBJECTS = grammar("extractor.pronoun_objects")
# "goes to the manager for approval" names the next action; "kommt aus der Montage" does not.
PURPOSE_PREPOSITIONS = grammar("extractor.purpose_prepositions")
SOURCE_PREPOSITIONS = grammar("extractor.source_prepositions")
NO_ITEM_VERBS = grammar("extractor.no_item_verbs")
NEEDS = grammar("extractor.needs")
TITLES = grammar("extractor.titles")
GERMAN_MOVES = ("gehen", "kommen", "landen", "laufen", "wandern", "liegen")


@dataclass
class ConversationState:
    """What the conversation has established so far."""

    holder: Actor | None = None  # who has the work now
    last_other: Actor | None = None  # the last actor named who is not the speaker
    last_staff: Actor | None = None  # ... and who is no customer ("he approves it")
    pending_wait: float | None = None  # announced before the step it delays
    leads: list[LeadCandidate] = field(default_factory=list)  # end-to-end times said
    lead_question: bool = False  # the interviewee is answering "how long overall?"
    question_verbs: frozenset[str] = frozenset()  # verbs of the interviewer's last closed question
    echoed: bool = False  # this answer repeated the interviewer's paraphrase of a known step
    trigger: str | None = None
    customer: str | None = None
    speaker_self: Actor | None = None
    speaker_unit: str | None = None


@dataclass
class SentenceState:
    """Per-sentence bookkeeping while its clauses are read."""

    steps: list[tuple[StepDraft, set[str]]] = field(default_factory=list)
    previous_parse: ClauseParse | None = None
    previous_actor: Actor | None = None
    wait: float | None = None  # said in this sentence, not yet given to a step
    previous_end: int = -1  # where the previous clause ended in the turn's text
    previous_was_step: bool = False


NO_NOUN_EN = grammar("extractor.no_noun_en")


def has_noun(obj: list[Token], language: Language) -> bool:
    if language == "de":
        return any(tok.capitalised for tok in obj)
    return any(tok.low not in NO_NOUN_EN for tok in obj)


def owns_next_word(clause: Clause, mention: Mention) -> bool:
    """ "the line manager's approval": the actor owns the action named after it."""
    for k, tok in enumerate(clause.tokens):
        if tok.start == mention.char_end and tok.low == "'s":
            return k + 1 < len(clause.tokens)
    return False


def subject_mentions(parse: ClauseParse, mentions: Sequence[Mention]) -> list[Mention]:
    """The actors named inside the clause's subject."""
    if not parse.subject:
        return []
    first, last = parse.subject[0].start, parse.subject[-1].end
    return [m for m in mentions if m.preposition is None and first <= m.char_start < last]


def merge_coordinated(first: StepDraft, second: StepDraft, text: str, language: Language) -> None:
    """One step from two coordinated ones: 'Angebot unterschreiben und zurückschicken',
    'pick and pack the part', 'open the case and identify the part'."""
    joiner = "und" if language == "de" else "and"
    same_object = second.obj_rest is not None or not second.obj
    if not first.obj:  # first.action, not first.verb: it may hold earlier merges already
        action = f"{first.action} {joiner} {second.action}"
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
    first.duration = add_hours(first.duration, second.duration)
    if first.span is not None and second.span is not None and first.span[0] == second.span[0]:
        turn, start, end = first.span[0], first.span[1], second.span[2]
        first.evidence[0] = Evidence(turn=turn, quote=text[start:end].strip())
        first.span = (turn, start, end)


def add_hours(a: float | None, b: float | None) -> float | None:
    return None if a is None and b is None else (a or 0.0) + (b or 0.0)


def clause_quote(text: str, clause: Clause) -> str:
    """The clause's words, verbatim; its sentence when the clause is too short to read alone."""
    quote = text[clause.start : clause.end].strip()
    return quote if len(quote.split()) >= 3 else sentence_around(text, clause.start)


def first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0].text if sentences else text.strip()


def sentence_around(text: str, offset: int) -> str:
    for sentence in split_sentences(text):
        if sentence.start <= offset < sentence.end:
            return sentence.text
    return text.strip()

"""The readings of a sentence's clauses, kept for the next time it is read.

Why a memo: the live interview extracts the whole transcript again after
every answer, and a batch meets the same sentences again; splitting a
sentence into clauses and finding their actors, times and grammar is most of
the extraction's time, and it depends only on the sentence (its text and
offsets), the speaker's unit and the verb table.

The verb table is the one thing that changes: the English parser learns
misspelt forms into it ("sents" -> send). It only ever grows, so its size
names its state within the process; a reading is kept under that size, and
only when the table did not grow while it was made. Readings are handed out
as copies, because the rules may change what they are given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

from interviewer.engines.offline.actors import ActorFinder, Mention
from interviewer.engines.offline.sentences import Clause, Sentence, split_clauses
from interviewer.engines.offline.steps import ClauseParse
from interviewer.engines.offline.text import Token
from interviewer.engines.offline.time_expressions import TimeMention, find_times
from interviewer.lru import LRUCache
from interviewer.models import Language

# Sentences remembered per language (a long interview has a few hundred).
MEMO_SIZE = 20_000

Parse = Callable[[Sequence[Token], Sequence[Mention], set[int], int], ClauseParse]


@dataclass(frozen=True, slots=True)
class ClauseReading:
    clause: Clause
    mentions: list[Mention]
    times: list[TimeMention]
    skip: set[int]  # offsets of tokens inside time expressions
    parse: ClauseParse


def read_clause(
    clause: Clause, language: Language, finder: ActorFinder, parse: Parse, unit: str | None
) -> ClauseReading:
    mentions = finder.find(clause.tokens, unit)
    times = find_times(clause.text, language)
    skip = {
        tok.start
        for tok in clause.tokens
        for m in times
        if clause.start + m.start <= tok.start < clause.start + m.end
    }
    return ClauseReading(clause, mentions, times, skip, parse(clause.tokens, mentions, skip, clause.core))


# _copy names every field of ClauseParse: a field added there must be copied here.
_PARSE_FIELDS = [
    "lemma",
    "verb_token",
    "subject",
    "subject_kind",
    "passive",
    "agent",
    "object",
    "object_raw",
    "body_start",
    "markers",
    "particle",
    "negated",
    "past_habit",
    "wish",
]
assert [f.name for f in fields(ClauseParse)] == _PARSE_FIELDS, "update clause_memo._copy"


def _copy(reading: ClauseReading) -> ClauseReading:
    clause, p = reading.clause, reading.parse
    # the constructors, not dataclasses.replace: this runs for every clause read
    parse = ClauseParse(
        p.lemma,
        p.verb_token,
        list(p.subject),
        p.subject_kind,
        p.passive,
        list(p.agent),
        list(p.object),
        list(p.object_raw),
        p.body_start,
        set(p.markers),
        p.particle,
        p.negated,
        p.past_habit,
        p.wish,
    )
    return ClauseReading(
        Clause(clause.start, clause.end, clause.text, list(clause.tokens), clause.index, clause.core),
        list(reading.mentions),
        list(reading.times),
        set(reading.skip),
        parse,
    )


class ClauseMemo:
    """Clause readings of sentences, by sentence, speaker unit and verb-table size."""

    def __init__(
        self,
        language: Language,
        finder: ActorFinder,
        has_verb: Callable[[list[Token]], bool],
        parse: Parse,
        verb_table: dict[str, str],
    ) -> None:
        self.language = language
        self.finder = finder
        self.has_verb = has_verb
        self.parse = parse
        self.verb_table = verb_table
        self._kept: LRUCache[tuple[Sentence, str | None, int], tuple[ClauseReading, ...]] = LRUCache(
            MEMO_SIZE
        )

    def readings(self, sentence: Sentence, unit: str | None) -> list[ClauseReading]:
        key = (sentence, unit, len(self.verb_table))
        kept = self._kept.get(key)
        if kept is not None:
            return [_copy(reading) for reading in kept]
        made = [
            read_clause(clause, self.language, self.finder, self.parse, unit)
            for clause in split_clauses(sentence, self.language, self.has_verb)
        ]
        if len(self.verb_table) == key[2]:  # nothing learned: reading it again gives the same
            self._kept.put(key, tuple(_copy(reading) for reading in made))
        return made

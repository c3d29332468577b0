"""Clauses with a verb that still name no step of today's process.

- a statement about most people: "die meisten Eltern machen das online",
  "everyone's buying at the moment", "hardly any get declined";
- a request quoted from a letter or mail: "please provide a letter from the
  employer", "bitte schickt mir die Rechnung" (the step is writing it);
- a hypothetical: "it would run alongside the underwriting", "das wäre";
- a restatement of the step just said: "Dann erfasse ich die Abrechnung in
  SAP. Also, ich tippe das vom Ausdruck ab" (one step, said twice);
- an echo: "Sie tippen das alles ab?" - "Ja, abtippen." confirms the
  interviewer's paraphrase of a step already said.
The cue words are data (lexicons/conversation.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from interviewer.engines.offline.actors import Actor
from interviewer.engines.offline.lexicon import load_lexicon
from interviewer.engines.offline.sentences import Clause
from interviewer.engines.offline.steps import ClauseParse
from interviewer.engines.offline.text import Token, word_regex
from interviewer.models import Language


@dataclass(frozen=True)
class _Cues:
    generic: re.Pattern[str]
    requests: re.Pattern[str]
    restatements: re.Pattern[str]
    hypotheticals: re.Pattern[str]
    possession: frozenset[str]
    wh_openers: frozenset[str]


def _opening(words: list[str]) -> re.Pattern[str]:
    """Cue words at the start of a text, after punctuation and fillers."""
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return re.compile(rf"^\W*(?:(?:und|and|but|aber|oder|or|so|dann|then)\s+)?(?:{body})(?!\w)")


@cache
def _cues(language: Language) -> _Cues:
    data = load_lexicon(language).conversation
    return _Cues(
        generic=_opening(data.get("generic_subjects", [])),
        requests=_opening(data.get("quoted_requests", [])),
        restatements=_opening(data.get("restatements", [])),
        hypotheticals=word_regex(data.get("hypotheticals", [])),
        possession=frozenset(data.get("possession_verbs", [])),
        wh_openers=frozenset(data.get("wh_openers", [])),
    )


def generic_subject(subject: Sequence[Token], language: Language) -> bool:
    """'die meisten Eltern', 'most customers', 'everyone': no one in particular."""
    if not subject:
        return False
    return bool(_cues(language).generic.search(" ".join(tok.low for tok in subject)))


def quoted_request(clause_text: str, language: Language) -> bool:
    """'please explain the transfer of two thousand pounds': words of a letter, not work."""
    return bool(_cues(language).requests.search(clause_text.lower()))


def hypothetical(clause_text: str, language: Language) -> bool:
    return bool(_cues(language).hypotheticals.search(clause_text.lower()))


def restates(clause_text: str, language: Language) -> bool:
    """'also, ich tippe das ab', 'I mean, we key it in': the step just said, in other words."""
    return bool(_cues(language).restatements.search(clause_text.lower()))


def echoes(lemma: str, question_lemmas: frozenset[str], language: Language) -> bool:
    """Is a step's verb the verb of the interviewer's question ('tippen Sie ab?' - 'abtippen')?"""
    if lemma in question_lemmas:
        return True
    # German particle verbs: the question may use the bare verb ("tippen" for "abtippen")
    return language == "de" and any(len(q) >= 5 and lemma.endswith(q) for q in question_lemmas)


_PERFECT = {
    "en": frozenset({"has", "have", "'ve", "'s", "had", "'d"}),
    "de": frozenset({"hat", "haben", "habe", "hab", "ist", "sind"}),
}


def completed_reference(tokens: Sequence[Token], language: Language) -> bool:
    """'once we've raised it with the vendor', 'wenn das Board entschieden hat': a
    when-clause in the perfect points back to a step; it is no new one. (The
    caller checks that the clause opens with "once", "wenn", "nachdem" ...)"""
    words = [tok.low for tok in tokens]
    if language == "de":
        return bool(words) and words[-1] in _PERFECT["de"]  # the auxiliary closes a German subordinate clause
    return any(w in _PERFECT["en"] for w in words[:4])


def describes_outsider(clause: Clause, parse: ClauseParse, actor: Actor | None, language: Language) -> bool:
    """Background, not a step: what a customer or outside party has ("they've got a house
    purchase riding on it", "die haben ja schon einen Vertrag") or a wh-clause about what
    they did ("which tests they've ticked", "was sie beantragt haben")."""
    cues = _cues(language)
    words = [tok.low for tok in clause.tokens if tok.is_word]
    if parse.verb_token is not None and parse.lemma in cues.possession:
        at = next((k for k, tok in enumerate(clause.tokens) if tok is parse.verb_token), -1)
        before = {tok.low for tok in clause.tokens[max(0, at - 2) : max(0, at)]}
        if parse.lemma != "get" or before & {"'ve", "have", "has", "'s", "'d", "had"}:
            return actor is None or actor.is_outside or parse.subject_kind == "other"
    outside = actor is None or actor.is_outside
    return outside and bool(words) and words[0] in cues.wh_openers

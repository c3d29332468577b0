"""What "it", "das", "ihn" refer to: the work items the interview talks about.

"Then we send it to planning" is a step only an analyst can read without
knowing what "it" is; the action says "send the order to planning" instead.
German pronouns agree with their noun (ihn -> der Auftrag, sie -> die
Rechnung, es -> das Formular), so the article seen with each object is kept;
"das", "this" and "that" point to the case as a whole, which is the item
mentioned most often.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from interviewer.engines.offline.actors import Mention
from interviewer.engines.offline.lexicon import Lexicon, grammar
from interviewer.engines.offline.text import Token
from interviewer.models import Language

# "them" is left alone: in interviews it mostly means people ("I chase them").
PRONOUNS = {"en": grammar("references.pronouns.en"), "de": grammar("references.pronouns.de")}
# Heads that are no work item: people, quantifiers, placeholders.
_NOT_ITEMS = grammar("references.not_items")
_CASE_PRONOUNS = grammar("references.case_pronouns")
_ABSTRACT_HEADS = frozenset(grammar("references.abstract_heads"))
_GENDER_OF_PRONOUN = {
    "ihn": "m",
    "den": "m",
    "der": "m",
    "diesen": "m",
    "sie": "f",
    "die": "f",
    "es": "n",
    "'s": "n",
}
_GENDER_OF_ARTICLE = {
    "der": "m", "den": "m", "dem": "m", "des": "m", "einen": "m", "eines": "m", "diesen": "m",
    "die": "f", "eine": "f", "einer": "f", "diese": "f",
    "das": "n", "ein": "n", "dieses": "n",
}  # fmt: skip
_DETERMINERS = grammar("references.determiners")
_STOP = grammar("references.stop")


class WorkItems:
    def __init__(self, language: Language, verb_forms: frozenset[str] = frozenset()) -> None:
        self.lang = language
        self.verb_forms = verb_forms
        self.recent: list[tuple[list[Token], str | None]] = []  # newest last
        self.counts: Counter[str] = Counter()

    def remember(
        self,
        raw_object: Sequence[Token],
        cleaned: Sequence[Token],
        mentions: Sequence[Mention],
        names: frozenset[str] = frozenset(),
    ) -> None:
        """Keep the object's head noun phrase (and its gender) as a referent;
        people (actors, the interviewees' names) are none."""
        head: list[Token] = []
        for tok in cleaned:
            if tok.low in _STOP:
                break
            head.append(tok)
        if not head or head[0].low in PRONOUNS[self.lang] or len(head) > 4:
            return
        if head[-1].low in _NOT_ITEMS or head[0].low in _NOT_ITEMS or any(t.low in names for t in head):
            return
        if head[-1].low in _ABSTRACT_HEADS:
            return  # "das Problem ist ...": talk about the case, not a thing handled in it
        if not any(t.low not in _DETERMINERS and t.low not in self.verb_forms for t in head):
            return  # "the", "is": no noun in it
        if any(m.char_start <= tok.start < m.char_end for m in mentions for tok in head):
            return  # "inform the customer": an actor is no work item
        if self.lang == "de" and not any(tok.capitalised for tok in head):
            return
        gender = None
        for k, tok in enumerate(raw_object):
            if tok.start == head[0].start and k > 0:
                gender = _GENDER_OF_ARTICLE.get(raw_object[k - 1].low)
                break
        self.recent.append((head, gender))
        self.counts[head[-1].low] += 1
        del self.recent[:-8]

    def remember_subject(
        self,
        subject: Sequence[Token],
        mentions: Sequence[Mention],
        lex: Lexicon,
        names: frozenset[str] = frozenset(),
    ) -> None:
        """'Der Antrag kommt über die Poststelle', 'the tracking number only gets into
        the CRM when ...': a thing as subject is a work item as well."""
        if not subject:
            return
        cleaned = [
            tok
            for tok in subject
            if tok.low not in lex.drop_from_action and not (self.lang == "de" and tok.low in lex.determiners)
        ]
        self.remember(subject, cleaned, mentions, names)

    def resolve(self, cleaned: list[Token]) -> list[Token]:
        """Replace the object pronoun with the noun phrase it stands for: at the
        start ("send it to planning"), or standing alone after a condition
        ("ab fünftausend Euro das freigeben")."""
        if not cleaned or not self.recent:
            return cleaned
        for k, tok in enumerate(cleaned):
            if tok.low in PRONOUNS[self.lang] and (k == 0 or self._alone(cleaned, k)):
                referent = self._referent(tok.low)
                return [*cleaned[:k], *referent, *cleaned[k + 1 :]] if referent else cleaned
            if k >= 3:
                break
        return cleaned

    def _alone(self, tokens: list[Token], k: int) -> bool:
        """Not an article: nothing, or no noun, follows it."""
        if self.lang == "en":
            return False  # "check if it's under warranty": an English "it" inside is a new clause
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        return nxt is None or not nxt.capitalised

    def _referent(self, pronoun: str) -> list[Token] | None:
        if self.lang == "de" and pronoun not in _CASE_PRONOUNS:
            wanted = _GENDER_OF_PRONOUN.get(pronoun)
            for head, gender in reversed(self.recent):
                if gender == wanted or (wanted == "f" and gender is None):
                    return head
        return self.recent[-1][0]

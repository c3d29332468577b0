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
from interviewer.engines.offline.text import Token
from interviewer.models import Language

PRONOUNS = {
    "en": frozenset("it them this that these those".split()),
    "de": frozenset("es ihn sie das diese diesen dieses dies den die".split()),
}
_CASE_PRONOUNS = frozenset("this that these those das dies diese dieses".split())
_GENDER_OF_PRONOUN = {"ihn": "m", "den": "m", "diesen": "m", "sie": "f", "die": "f", "es": "n"}
_GENDER_OF_ARTICLE = {
    "der": "m", "den": "m", "dem": "m", "des": "m", "einen": "m", "eines": "m", "diesen": "m",
    "die": "f", "eine": "f", "einer": "f", "diese": "f",
    "das": "n", "ein": "n", "dieses": "n",
}  # fmt: skip
_STOP = frozenset(
    "to for from in at on of by with into via an auf aus bei mit nach von vom zu zum zur für im in ins am über "
    "and or und oder".split()
)


class WorkItems:
    def __init__(self, language: Language) -> None:
        self.lang = language
        self.recent: list[tuple[list[Token], str | None]] = []  # newest last
        self.counts: Counter[str] = Counter()

    def remember(self, raw_object: Sequence[Token], cleaned: Sequence[Token], mentions: Sequence[Mention]) -> None:
        """Keep the object's head noun phrase (and its gender) as a referent."""
        head: list[Token] = []
        for tok in cleaned:
            if tok.low in _STOP:
                break
            head.append(tok)
        if not head or head[0].low in PRONOUNS[self.lang] or len(head) > 4:
            return
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

    def resolve(self, cleaned: list[Token]) -> list[Token]:
        """Replace an object pronoun at the start with the noun phrase it stands for."""
        if not cleaned or cleaned[0].low not in PRONOUNS[self.lang] or not self.recent:
            return cleaned
        referent = self._referent(cleaned[0].low)
        return [*referent, *cleaned[1:]] if referent else cleaned

    def _referent(self, pronoun: str) -> list[Token] | None:
        if pronoun in _CASE_PRONOUNS:
            best = max(self.recent, key=lambda item: (self.counts[item[0][-1].low], self.recent.index(item)))
            return best[0]
        if self.lang == "de":
            wanted = _GENDER_OF_PRONOUN.get(pronoun)
            for head, gender in reversed(self.recent):
                if gender == wanted or (wanted == "f" and gender is None):
                    return head
        return self.recent[-1][0]

"""English clause parser: subject, verb group, object.

English puts the subject before the verb group ("the back office then checks
it", "it is checked by the back office", "we have to enter it again"). Many
process verbs are also nouns ("order", "check", "request"); such a word is
read as a verb only where the context says so: after a subject pronoun, a
modal, "to", an adverb or an actor, or at the start of an instruction.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.engines.offline.actors import Mention
from interviewer.engines.offline.lexicon import Lexicon, grammar
from interviewer.engines.offline.steps import ClauseParse, SubjectKind, clean_object, strip_leading
from interviewer.engines.offline.text import Token, match_phrase

SUBJECT_PRONOUNS: dict[str, SubjectKind] = {
    "i": "self",
    "we": "self",
    "you": "generic",
    "one": "generic",
    "they": "other",
    "he": "other",
    "she": "other",
    "someone": "other",
    "somebody": "other",
    "it": "item",
    "this": "item",
    "that": "item",
    "these": "item",
    "those": "item",
    "everything": "item",
    "who": "relative",
    "which": "relative",
}
ADVERBS = grammar("clause_en.adverbs")
_AUX = frozenset({"be", "have", "do", "get"})
_NOT_BEFORE_VERB = grammar("clause_en.not_before_verb")
_CLITIC_HOSTS = grammar("clause_en.clitic_hosts")
# Movement verbs take prepositions, not particles: "it lands in our inbox".
_NO_PARTICLE = grammar("clause_en.no_particle")
_OBJECTS = grammar("clause_en.objects")
# Verbs whose object may be a question: "check if it's under warranty", "ask whether ..."
_QUESTION_VERBS = grammar("clause_en.question_verbs")
_CUT = grammar("clause_en.cut")
_SINGULAR_OPENERS = grammar("clause_en.singular_openers")
_CARDINALS = grammar("clause_en.cardinals")


class EnglishClauseParser:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        table = lexicon.verbs.table
        self.forms = table.forms
        self.participles = table.participles
        self.gerunds = table.gerunds
        self.infinitives = table.infinitives

    def _verb_context(self, body: Sequence[Token], j: int, lemma: str, actor_ends: set[int]) -> bool:
        """May body[j] be read as a verb here?"""
        tok = body[j]
        prev = body[j - 1] if j > 0 else None
        if prev is not None and (prev.low in _NOT_BEFORE_VERB or tok.capitalised):
            return False  # "the order", "for review"; mid-clause capitals are names ("Police Report")
        if prev is not None and (prev.low in _CARDINALS or prev.low.isdigit()):
            return False  # "nine times out of ten", "two checks": a counted noun
        if self._disagrees(body, j, lemma):
            return False  # "a panel firm of surveyors", "that sort of thing"
        ambiguous = lemma in self.lex.verbs.noun_verbs and not tok.low.endswith("ed")
        if prev is None:
            # "Invoices are checked", "invoices arrive": a noun at the start, followed by its verb
            nxt = body[1] if len(body) > 1 else None
            if (
                ambiguous
                and tok.low.endswith("s")
                and tok.low != lemma
                and (
                    nxt is None
                    or not (
                        nxt.low in self.lex.determiners
                        or nxt.low in _OBJECTS
                        or nxt.low in self.lex.verbs.particles
                    )
                )
            ):
                return False  # "Sometimes scans, sometimes photos": a plural noun, not an order
            if ambiguous and nxt is not None:
                lemma_next = self.forms.get(nxt.low)
                if nxt.low in self.lex.verbs.modals or (
                    lemma_next is not None and lemma_next not in self.lex.verbs.noun_verbs
                ):
                    return False
            return True
        if not ambiguous:
            return True
        low = prev.low
        following = body[j + 1].low if j + 1 < len(body) else ""
        following_lemma = self.forms.get(following)
        if (
            following_lemma is not None
            and following_lemma not in self.lex.verbs.noun_verbs
            and not following.endswith("ing")
        ):
            return False  # "the manager's request comes": a noun before its verb
        if tok.low.endswith("s") and tok.low != lemma and following and prev.low not in _NOT_BEFORE_VERB:
            # "the treasurer checks the receipts", "the requisition needs approval":
            # noun, third-person verb, then its object
            return True
        return (
            low in SUBJECT_PRONOUNS
            or low in self.lex.verbs.modals
            or low in ADVERBS
            or low == "to"
            or j in actor_ends
            or (prev.capitalised and prev.text.isalpha() and j > 1)
            or self.forms.get(low) in _AUX
        )

    def _disagrees(self, body: Sequence[Token], j: int, lemma: str) -> bool:
        """Verb agreement: after a singular subject ("a firm", "that", "the valuer's
        firm") a present verb takes -s; a bare base form there is a noun of the
        phrase. Past forms ("it put", "he sent") are not base forms and pass."""
        low = body[j].low
        if low != lemma or low.endswith("s") or j == 0:
            return False
        opener = j - 1
        if body[opener].low not in _SINGULAR_OPENERS:
            opener = j - 2  # "a panel firm": article, modifier, base form
            if opener < 0 or body[opener].low not in ("a", "an") or body[j - 1].low in self.forms:
                return False
        if body[opener].low in ("it", "he", "she", "that", "this") and opener > 0:
            return False  # "so that it fits", "once he signs": the opener ends another phrase
        return not (opener == j - 1 and body[opener].low in ("that", "this") and self._particle_next(body, j))

    def _particle_next(self, body: Sequence[Token], j: int) -> bool:
        """'that pick up' cannot be a noun phrase either: leave such rare cases to the verb."""
        return j + 1 < len(body) and body[j + 1].low in self.lex.verbs.particles

    def has_verb(self, tokens: Sequence[Token]) -> bool:
        """A cheap test used while splitting sentences: could this piece hold a clause?"""
        start, _ = strip_leading(tokens, self.lex)
        body = list(tokens[start:])
        for j, tok in enumerate(body):
            lemma = self.forms.get(tok.low)
            if tok.low in self.lex.verbs.modals:
                return True
            possessive = tok.low == "'s" and j > 0 and body[j - 1].low not in _CLITIC_HOSTS
            if lemma is None or possessive:
                continue
            # without the actor mentions, a third-person -s after a noun counts ("the vendor sets")
            after_noun = (
                tok.low.endswith("s")
                and tok.low != lemma
                and j > 0
                and body[j - 1].low not in _NOT_BEFORE_VERB
            )
            if after_noun or self._verb_context(body, j, lemma, set()):
                return True
        return False

    def _misspelt(self, body: Sequence[Token], j: int, actor_ends: set[int]) -> str | None:
        """'confirmes', 'sents' after a subject: spoken and typed text is not spell-checked."""
        low = body[j].low
        if j == 0 or not (j in actor_ends or body[j - 1].low in SUBJECT_PRONOUNS) or not low.endswith("s"):
            return None
        for cut in (2, 1):
            lemma = self.forms.get(low[:-cut])
            if lemma is not None and len(low) - cut > 2:
                self.forms[low] = lemma  # remember the reading for the next time
                return lemma
        return None

    def _verb_follows(self, body: Sequence[Token], j: int, aux: str) -> bool:
        """Is the auxiliary at j followed by the verb it helps?"""
        k = j + 1
        while k < len(body) and k - j <= 3 and body[k].low in ADVERBS:
            k += 1
        if k >= len(body):
            return False
        low = body[k].low
        if aux in ("be", "get", "have"):
            return low in self.participles or (aux == "be" and low in self.gerunds)
        return low in self.infinitives  # do + base

    def parse(
        self, tokens: Sequence[Token], mentions: Sequence[Mention], skip: set[int], core: int = 0
    ) -> ClauseParse:
        start, markers = strip_leading(tokens, self.lex)
        body = list(tokens[start:])
        parse = ClauseParse(markers=markers, body_start=body[0].start if body else -1)
        parse.negated = any(tok.low in self.lex.negations for tok in body)
        actor_ends = {m.end - start for m in mentions if m.start >= start}
        n = len(body)
        subject_end: int | None = None
        aux: list[str] = []
        last_aux: int | None = None
        main: int | None = None
        j = 0
        while j < n:
            tok = body[j]
            low = tok.low
            if low in self.lex.negations:
                parse.negated = True
                j += 1
                continue
            semi = (
                match_phrase(body, j, self.lex.semi_modal_phrases)
                if low in self.lex.semi_modal_phrases
                else None
            )
            if semi and (j > 0 or semi[0] not in ("is", "are")):
                subject_end = j if subject_end is None else subject_end
                parse.past_habit = parse.past_habit or semi[0] == "used"
                j += len(semi)
                continue
            if low in self.lex.verbs.modals:
                subject_end = j if subject_end is None else subject_end
                aux.append("modal")
                j += 1
                continue
            lemma = self.forms.get(low) or self._misspelt(body, j, actor_ends)
            if low == "'s" and j > 0 and body[j - 1].low not in _CLITIC_HOSTS:
                lemma = None  # "the carrier's portal": a possessive, not "is"
            if lemma is None or not self._verb_context(body, j, lemma, actor_ends):
                if aux and low not in ADVERBS and last_aux is not None:
                    main = last_aux  # "it is the field service": the auxiliary is the verb
                    break
                j += 1
                continue
            subject_end = j if subject_end is None else subject_end
            if lemma in _AUX and self._verb_follows(body, j, lemma):
                aux.append(lemma)
                last_aux = j
                j += 1
                continue
            main = j
            break
        if main is None and last_aux is not None:
            main = last_aux
        if main is None:
            return parse
        verb = body[main]
        lemma = self.forms[verb.low]
        parse.passive = (
            bool(aux) and aux[-1] in ("be", "get") and verb.low in self.participles and main != last_aux
        )
        object_start = main + 1
        if (
            object_start < n
            and body[object_start].low in self.lex.verbs.particles
            and lemma not in _AUX
            and not (
                lemma in _NO_PARTICLE and body[object_start].low in ("in", "on", "over", "through", "down")
            )
        ):
            parse.particle = body[object_start].low
            object_start += 1
        # "takes six weeks to approve it", "I spend an hour entering it": the real action follows
        if lemma in self.lex.verbs.non_step:
            for k in range(object_start, n):
                if body[k].low == "to" and k + 1 < n and body[k + 1].low in self.infinitives:
                    main, lemma, object_start = k + 1, body[k + 1].low, k + 2
                elif lemma == "spend" and body[k].low in self.gerunds:
                    main, lemma, object_start = k, self.forms[body[k].low], k + 1
                else:
                    continue
                verb = body[main]
                parse.particle = None
                if object_start < n and body[object_start].low in self.lex.verbs.particles:
                    parse.particle = body[object_start].low
                    object_start += 1
                break
        parse.lemma = lemma
        parse.verb_token = verb
        obj = self._object_span(body, object_start, main == 0 and verb.low in self.gerunds, lemma)
        subject = body[: subject_end if subject_end is not None else 0]
        parse.subject = subject
        parse.subject_kind = self._subject_kind(subject, markers)
        if parse.passive:
            obj, parse.agent = self._split_agent(obj)
            if parse.subject_kind in ("item", "np", "other"):
                obj = [tok for tok in subject if tok.low not in SUBJECT_PRONOUNS] + obj
            parse.subject_kind = "none"
            parse.subject = []
        if (
            parse.particle is None
            and len(obj) >= 2
            and obj[0].low in _OBJECTS
            and obj[1].low in self.lex.verbs.particles
            and lemma not in _NO_PARTICLE
        ):
            parse.particle = obj[1].low  # "pick it up", "send it back"
            obj = [obj[0], *obj[2:]]
        parse.object_raw = obj
        parse.object = clean_object(obj, self.lex, skip, drop_articles=False)
        return parse

    def _object_span(self, body: list[Token], start: int, gerund_subject: bool, lemma: str) -> list[Token]:
        end = len(body)
        for k in range(start, len(body)):
            low = body[k].low
            if low in ("if", "whether") and lemma in _QUESTION_VERBS and k <= start + 1:
                continue  # "check if it is under warranty": the question is the object
            if low in _CUT or (low == "to" and k + 1 < len(body) and body[k + 1].low in self.infinitives):
                end = k
                break
            if (
                gerund_subject
                and low in self.forms
                and not low.endswith(("ing", "ed"))
                and k > start
                and (
                    self.forms[low] in self.lex.verbs.non_step
                    or self.forms[low] not in self.lex.verbs.noun_verbs
                )
            ):
                end = k  # "checking the documents | takes an hour"
                break
        return body[start:end]

    @staticmethod
    def _subject_kind(subject: Sequence[Token], markers: set[str]) -> SubjectKind:
        if not subject:
            return "relative" if "relative" in markers else "none"
        last = subject[-1].low
        if last in SUBJECT_PRONOUNS:
            return SUBJECT_PRONOUNS[last]
        return "np"

    @staticmethod
    def _split_agent(obj: list[Token]) -> tuple[list[Token], list[Token]]:
        """Take "by the back office" out of a passive clause's object."""
        for k, tok in enumerate(obj):
            if tok.low != "by":
                continue
            agent_end = k + 1
            while (
                agent_end < len(obj)
                and agent_end - k <= 4
                and obj[agent_end].low not in ("for", "to", "in", "and")
            ):
                agent_end += 1
            return obj[:k] + obj[agent_end:], obj[k + 1 : agent_end]
        return obj, []

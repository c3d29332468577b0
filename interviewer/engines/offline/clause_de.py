"""German clause parser: finite verb, verb cluster, subject, object.

German main clauses put the finite verb second ("Dann prüfen wir den
Auftrag"), the rest of the verb at the end ("wird vom Vertrieb erfasst",
"muss geprüft werden"), and separable prefixes last ("gibt den Auftrag im CRM
ein" -> "eingeben"); subordinate clauses ("nachdem der Kunde den Antrag
eingereicht hat") put every verb at the end. Nouns are capitalised, which
tells nouns from verbs far better than English word order can.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.engines.offline.actors import Mention
from interviewer.engines.offline.lexicon import Lexicon, grammar
from interviewer.engines.offline.steps import ClauseParse, SubjectKind, clean_object, strip_leading
from interviewer.engines.offline.text import Token

_SELF = {"ich": "self", "wir": "self", "man": "generic", "du": "generic", "ihr": "generic"}
# "der braucht zwei Wochen", "die machen das dann": spoken German uses the
# demonstratives der/die for people and organisations, das/es for things.
_OTHER = frozenset({"sie", "er", "der", "die"})
_ITEM = grammar("clause_de.item")
_NOT_NOMINATIVE = grammar("clause_de.not_nominative")
# reflexives and dative pronouns ("wir schicken denen eine Anfrage"): the
# recipient is known from the conversation, the action does without it
_REFLEXIVE = grammar("clause_de.reflexive")
_AGENT = frozenset({"von", "vom", "durch"})
_PREPOSITIONS = grammar("clause_de.prepositions")
# What may follow a separated prefix before the clause ends: an apposition or a connector.
_AFTER_PREFIX = grammar("clause_de.after_prefix")
_SUBORDINATE = grammar("clause_de.subordinate")
_AUX_MODAL = grammar("clause_de.aux_modal")


@dataclass(frozen=True, slots=True)
class _Verb:
    index: int
    lemma: str
    kind: str  # "fin", "inf", "pp", "zu"


class GermanClauseParser:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        table = lexicon.verbs.table
        self.forms = table.forms
        self.participles = table.participles
        self.infinitives = table.infinitives
        self.zu = table.zu_infinitives

    def _separated_prefix(self, body: Sequence[Token], finite: _Verb, core_last: int) -> int | None:
        """The prefix a main clause puts last: 'fordern die Unterlagen an, also Fotos'.
        A prefix-like word followed by its noun ('an die Bauabteilung') is a preposition."""
        particles = self.lex.verbs.particles
        if (
            finite.index < core_last < len(body)
            and body[core_last].low in particles
            and not self._counted(body, core_last)
        ):
            return core_last
        for k in range(len(body) - 1, finite.index, -1):
            tok = body[k]
            if tok.low not in particles or tok.capitalised:
                continue
            nxt = body[k + 1] if k + 1 < len(body) else None
            if self._counted(body, k):
                continue
            if nxt is None or nxt.low in _AFTER_PREFIX:
                return k
        return None

    @staticmethod
    def _counted(body: Sequence[Token], k: int) -> bool:
        """'antworten in ein, zwei Wochen': 'ein' after a preposition is a number, no prefix."""
        return k > 0 and body[k].low == "ein" and body[k - 1].low in _PREPOSITIONS

    def has_verb(self, tokens: Sequence[Token]) -> bool:
        """A cheap test used while splitting sentences: could this piece hold a clause?"""
        return bool(self._verbs(tokens))

    def _verbs(self, body: Sequence[Token]) -> list[_Verb]:
        verbs: list[_Verb] = []
        k = 0
        n = len(body)
        while k < n:
            tok = body[k]
            low = tok.low
            if (
                low == "zu"
                and k + 1 < n
                and body[k + 1].low in self.infinitives
                and not body[k + 1].capitalised
            ):
                verbs.append(_Verb(k + 1, self.forms[body[k + 1].low], "zu"))
                k += 2
                continue
            if low in self.zu and not tok.capitalised:
                verbs.append(_Verb(k, self.zu[low], "zu"))
            elif (
                low in self.forms
                and (not tok.capitalised or self._initial_verb(body, k))
                and not self._adjective(body, k)
            ):
                if low in self.participles and low not in self.infinitives:
                    kind = "pp"
                elif low in self.infinitives:
                    kind = "inf"
                else:
                    kind = "fin"
                verbs.append(_Verb(k, self.forms[low], kind))
            k += 1
        return verbs

    def _adjective(self, body: Sequence[Token], k: int) -> bool:
        """'zum fertigen Anschluss', 'den geprüften Antrag': a verb form used as an adjective."""
        if k == 0 or k + 1 >= len(body) or not body[k + 1].capitalised:
            return False
        before = body[k - 1].low
        return before in self.lex.determiners or before in ("zum", "zur", "im", "am", "beim", "vom", "ins")

    @staticmethod
    def _initial_verb(body: Sequence[Token], k: int) -> bool:
        """'Schicken wir es dann raus?': a capitalised verb opens the clause."""
        return (
            k == 0 and len(body) > 1 and body[1].low in ("wir", "ich", "sie", "man", "ihr", "du", "er", "es")
        )

    def parse(
        self, tokens: Sequence[Token], mentions: Sequence[Mention], skip: set[int], core: int = 0
    ) -> ClauseParse:
        """`core`: how many tokens the clause had before verbless pieces were appended
        ("wir nehmen die Meldung auf, im Schadensystem": the prefix ends the core)."""
        start, markers = strip_leading(tokens, self.lex)
        body = list(tokens[start:])
        parse = ClauseParse(markers=markers, body_start=body[0].start if body else -1)
        parse.negated = any(tok.low in self.lex.negations for tok in body)
        verbs = self._verbs(body)
        if not verbs:
            return parse
        subordinate = bool(markers & _SUBORDINATE)
        if (
            len(verbs) == 1
            and verbs[0].kind == "pp"
            and verbs[0].index == len(body) - 1
            and verbs[0].index <= 1
        ):
            parse.wish = True  # "..., eingescannt.": a participle fragment describes, it does not act
        finite = verbs[-1] if subordinate else verbs[0]
        rest = verbs[:-1] if subordinate else verbs[1:]
        main = finite
        lemma = finite.lemma
        particle_index: int | None = None
        if finite.lemma in _AUX_MODAL:
            candidates = [v for v in rest if v.lemma not in _AUX_MODAL]
            if candidates:
                main = candidates[0]
                lemma = main.lemma
                werden = any(v.lemma == "werden" for v in (finite, *rest))
                parse.passive = main.kind == "pp" and (werden or finite.lemma == "sein")
                parse.wish = finite.lemma in ("wollen", "mögen") and main.kind == "pp" and not werden
        elif not subordinate:
            particle_index = self._separated_prefix(body, finite, core - start - 1 if core else -1)
            if particle_index is not None:
                lemma = body[particle_index].low + finite.lemma
        if lemma in self.lex.verbs.non_step:
            later = [v for v in verbs if v.kind == "zu" and v.index > main.index]
            if later:
                main = later[0]
                lemma = main.lemma
        parse.lemma = lemma
        parse.verb_token = body[main.index]
        verb_indices = {v.index for v in verbs}
        if particle_index is not None:
            verb_indices.add(particle_index)
        first_verb = min(verb_indices)
        if subordinate:
            vorfeld: list[int] = []
            mittelfeld = list(range(first_verb))
        else:
            vorfeld = list(range(finite.index))
            end = min((v.index for v in rest), default=len(body))
            if particle_index is not None:
                end = min(end, particle_index)
            mittelfeld = list(range(finite.index + 1, end))
        tail = [k for k in range(len(body)) if k > max(verb_indices) and k not in verb_indices]
        subject_idx: list[int]
        kind: SubjectKind
        if self._infinitive_phrase(body, finite, rest, vorfeld, subordinate):
            # "alles nochmal abtippen, Bauherr, Flurstück": no subject, the rest is the object
            vorfeld, mittelfeld = [], [k for k in range(len(body)) if k != finite.index]
            tail = []
            subject_idx, kind = [], "none"
        else:
            subject_idx, kind = self._subject(body, vorfeld, mittelfeld, mentions, start, markers)
        parse.subject = [body[k] for k in subject_idx]
        parse.subject_kind = kind
        drop = set(subject_idx) | verb_indices
        if parse.passive:
            agent_idx = self._agent(body, mentions, start)
            parse.agent = [body[k] for k in agent_idx]
            drop |= agent_idx
            if kind in ("self", "generic"):
                pass  # "wir werden informiert": a rare passive with a person subject
            elif kind in ("item", "np", "other"):
                drop -= set(subject_idx)  # the grammatical subject is what is worked on
                parse.subject, parse.subject_kind = [], "none"
        # an adverbial opening the clause ("Nach der Prüfung", "Im nächsten Schritt") is no object
        if vorfeld and body[vorfeld[0]].low in _PREPOSITIONS and not parse.passive:
            drop |= set(vorfeld)
        keep = [
            body[k]
            for k in sorted(set(vorfeld) | set(mittelfeld) | set(tail))
            if k not in drop and body[k].low not in _REFLEXIVE and body[k].low != "zu"
        ]
        parse.object_raw = keep
        parse.object = clean_object(keep, self.lex, skip, drop_articles=True)
        return parse

    def _subject(
        self,
        body: Sequence[Token],
        vorfeld: list[int],
        mittelfeld: list[int],
        mentions: Sequence[Mention],
        offset: int,
        markers: set[str],
    ) -> tuple[list[int], SubjectKind]:
        for k in vorfeld + mittelfeld:
            low = body[k].low
            if low in _SELF and k > 0 and body[k - 1].low == "nicht":
                continue  # "eigentlich nicht wir, das macht die Netzplanung"
            if low in _SELF:
                return [k], _SELF[low]  # type: ignore[return-value]
            if body[k].text == "Sie" and k > 0:
                return [k], "generic"
        if "relative" in markers:
            return [], "relative"
        first_mid = mittelfeld[0] if mittelfeld else None
        if first_mid is not None and not self._standalone(body, first_mid):
            first_mid_pronoun = None
        else:
            first_mid_pronoun = first_mid
        if (len(vorfeld) == 1 and body[vorfeld[0]].low in _OTHER) or (
            not vorfeld and first_mid_pronoun is not None and body[first_mid_pronoun].low in _OTHER
        ):
            return [vorfeld[0] if vorfeld else first_mid], "other"  # type: ignore[list-item]
        if (
            first_mid_pronoun is not None
            and body[first_mid_pronoun].low in _OTHER
            and vorfeld
            and (not self._is_np(body, vorfeld) or (len(vorfeld) == 1 and body[vorfeld[0]].low in _ITEM))
        ):
            return [first_mid_pronoun], "other"
        for mention in mentions:
            m_start, m_end = mention.start - offset, mention.end - offset
            if m_start < 0 or mention.preposition:
                continue
            det = (
                body[m_start - 1].low
                if m_start > 0 and body[m_start - 1].low in self.lex.determiners
                else None
            )
            if det in _NOT_NOMINATIVE:
                continue
            span = list(range(m_start - (1 if det else 0), m_end))
            if (
                m_start in vorfeld
                or (first_mid is not None and span[0] == first_mid)
                or (mittelfeld and m_start in mittelfeld and not vorfeld)
            ):
                return span, "np"
            if vorfeld and not self._is_np(body, vorfeld) and m_start in mittelfeld:
                return span, "np"
        if len(vorfeld) == 1 and body[vorfeld[0]].low in _ITEM:
            return vorfeld, "item"
        if (
            not vorfeld
            and first_mid_pronoun is not None
            and body[first_mid_pronoun].low in ("es", "'s", "das")
        ):
            return [first_mid_pronoun], "item"
        if vorfeld and self._is_np(body, vorfeld):
            return vorfeld, "np"
        return [], "none"

    def _infinitive_phrase(
        self, body: Sequence[Token], finite: _Verb, rest: list[_Verb], vorfeld: list[int], subordinate: bool
    ) -> bool:
        if subordinate or rest or finite.kind != "inf" or not vorfeld:
            return False
        if any(body[k].low in _SELF or body[k].low in _OTHER for k in vorfeld):
            return False
        first = body[vorfeld[0]]
        if first.low in self.lex.determiners or first.low in _PREPOSITIONS:
            return False
        after = body[finite.index + 1].low if finite.index + 1 < len(body) else ""
        return after not in _SELF and after not in _OTHER and after not in _ITEM

    @staticmethod
    def _standalone(body: Sequence[Token], k: int) -> bool:
        """'das' alone (a pronoun), not 'das Kabel' (an article)."""
        if body[k].low in ("er", "sie"):
            return True  # "gibt er den Antrag ein": a personal pronoun is never an article
        nxt = body[k + 1] if k + 1 < len(body) else None
        return nxt is None or not (
            nxt.capitalised
            or (
                nxt.low.endswith(("e", "en", "er", "es", "em"))
                and k + 2 < len(body)
                and body[k + 2].capitalised
            )
        )

    def _is_np(self, body: Sequence[Token], span: list[int]) -> bool:
        """A noun phrase in the nominative-looking slot ("Der Antrag", "Das Formular")."""
        first = body[span[0]]
        if first.low in _PREPOSITIONS or first.low in _NOT_NOMINATIVE:
            return False
        return first.low in self.lex.determiners or first.capitalised

    @staticmethod
    def _agent(body: Sequence[Token], mentions: Sequence[Mention], offset: int) -> set[int]:
        for mention in mentions:
            if mention.preposition in _AGENT:
                m_start, m_end = mention.start - offset, mention.end - offset
                if m_start <= 0:
                    continue
                k = m_start - 1
                while k >= 0 and body[k].low not in _AGENT:
                    k -= 1
                return set(range(max(k, 0), m_end))
        # no known actor: "von Herrn Meier" still names the agent
        for k, tok in enumerate(body):
            if tok.low in _AGENT and k + 1 < len(body):
                end = k + 1
                while (
                    end < len(body)
                    and end - k <= 3
                    and (body[end].capitalised or body[end].low in ("der", "dem", "den"))
                ):
                    end += 1
                if end > k + 1 and body[end - 1].capitalised:
                    return set(range(k, end))
        return set()

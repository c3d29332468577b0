"""Who does the work: actor mentions in a clause, and what kind of actor each is.

Kinds: a unit (department or team of the organisation), a role (a person's
job), an external organisation (another company, an authority), the customer,
and "self" (the speaker's own role or unit, for "I", "we", "ich", "wir").
The kind decides whether a handoff crosses an organisational boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from interviewer.engines.offline.actor_tables import ActorKind, tables
from interviewer.engines.offline.lexicon import Lexicon, grammar, load_file, load_lexicon
from interviewer.engines.offline.person_names import first_name_spans
from interviewer.engines.offline.text import Token, match_phrase
from interviewer.models import Language

# Words that never belong to an actor's name (function words of both languages).
_FUNCTION = grammar("actors.function")
# conjunctions and clause openers end a noun phrase too ("until planning picks it up")
_PREPOSITIONS = {"en": grammar("actors.prepositions.en"), "de": grammar("actors.prepositions.de")}
_DE_NOUN_ENDINGS = ("nen", "en", "n", "s", "es", "e")


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    kind: ActorKind
    org_unit: str | None = None

    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # compared again and again while actors are resolved: computed once
        object.__setattr__(self, "key", " ".join(self.name.lower().split()))

    @property
    def is_outside(self) -> bool:
        return self.kind in ("external", "customer")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # token indices, end exclusive
    end: int
    actor: Actor
    preposition: str | None  # the preposition right before it ("to", "an", "by"), if any
    char_start: int = -1  # offsets in the turn's text
    char_end: int = -1


def crosses_boundary(a: Actor, b: Actor) -> bool:
    """Does work passing from a to b leave a department or company?"""
    if a.key == b.key:
        return False
    if a.org_unit and b.org_unit:
        return a.org_unit.lower() != b.org_unit.lower()
    # one side unknown: only an outside party is certainly across a boundary
    return a.is_outside or b.is_outside


class ActorFinder:
    """Finds actor mentions in clauses of one language."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.t = tables(lexicon.language)
        self.verb_forms = lexicon.verbs.table.forms
        self.noun_verbs = lexicon.verbs.noun_verbs
        systems = load_file("systems.yaml")
        self._not_acronyms = frozenset(systems.get("exact", [])) | {
            "OK", "ID", "PDF", "CEO", "FAQ", "ASAP", "AM", "PM", "TV", "US", "UK", "EU", "USA",
            "PO", "POS", "PR", "SLA", "KPI", "VAT", "NDA", "CV", "IBAN", "BIC", "URL", "PIN", "SMS", "API", "IT",
        }  # fmt: skip

    # ------------------------------------------------------------------ words

    def _is_content(self, tok: Token) -> bool:
        """Could this word continue a noun phrase?"""
        low = tok.low
        if not tok.is_word or low in _FUNCTION or low in self.t.determiners or low in self.lex.negations:
            return False
        if self.t.lang == "en":
            if low.endswith("ly") and len(low) > 4:
                return False  # "the patient separately": an adverb ends the noun phrase
            form_lemma = self.verb_forms.get(low)
            # "the hiring manager", "the planning department": gerunds modify nouns
            return form_lemma is None or form_lemma in self.noun_verbs or low.endswith("ing")
        return tok.capitalised

    def classify_de(self, tok: Token) -> tuple[ActorKind, str] | None:
        """Kind and nominative name of a German noun, if it names an actor."""
        low = tok.low
        candidates = [low] + [
            low[: -len(e)] for e in _DE_NOUN_ENDINGS if low.endswith(e) and len(low) > len(e) + 2
        ]
        if any(c in self.t.not_actors for c in candidates[:1]):
            return None
        for cand in candidates[1:] + candidates[:1]:  # prefer the nominative: "Kunden" -> "Kunde"
            kind = self.t.kinds.get(cand)
            if kind and cand not in self.t.not_actors:
                return kind, self._display_de(tok, cand)
        for cand in candidates:
            if cand in self.t.not_actors:
                continue
            for suffixes, kind in (
                (self.t.external_suffixes, "external"),
                (self.t.unit_suffixes, "unit"),
                (self.t.role_suffixes, "role"),
            ):
                if cand.endswith(suffixes) and len(cand) > 3:
                    return kind, self._display_de(tok, cand)  # type: ignore[return-value]
        return None

    @staticmethod
    def _display_de(tok: Token, cand: str) -> str:
        if tok.text.isupper() and len(tok.text) <= 4:
            return tok.text  # IT, QS, AV
        return tok.text[: len(cand)] if tok.low.startswith(cand) else cand.capitalize()

    # --------------------------------------------------------------- mentions

    def find(self, tokens: Sequence[Token], speaker_unit: str | None = None) -> list[Mention]:
        found = self._find_en(tokens) if self.t.lang == "en" else self._find_de(tokens)
        taken = [(m.start, m.end) for m in found]
        people = first_name_spans(tokens, taken, self.t.lang)
        if people:  # "an Michael zur Freigabe": a colleague named by first name
            found = sorted(
                [*found, *(Mention(i, i + 1, Actor(name, kind), None) for i, name, kind in people)],
                key=lambda m: m.start,
            )
        return self._attach(tokens, found, speaker_unit)

    def _find_en(self, tokens: Sequence[Token]) -> list[Mention]:
        found: list[Mention] = []
        i = 0
        n = len(tokens)
        while i < n:
            words = match_phrase(tokens, i, self.t.names)
            if words and len(words) == 1 and len(words[0]) <= 3 and not tokens[i].text.isupper():
                words = None  # "it" is a pronoun, "IT" the department
            if words:
                end = i + len(words)
                name_low = " ".join(words)
                kind = self.t.kinds[name_low]
                if end < n and tokens[end].low in self.t.unit_heads | self.t.role_heads:
                    end += 1  # "sales" + "team"
                    kind = "unit" if kind == "unit" else kind
                elif end < n and self._is_content(tokens[end]) and not self._is_verb_en(tokens[end]):
                    i += 1  # "customer data": a modifier, not an actor
                    continue
                start = self._extend_left_en(tokens, i)
                found.append(Mention(start, end, Actor(self._name_en(tokens[start:end]), kind), None))
                i = end
                continue
            low = tokens[i].low
            if (
                low.endswith("s")
                and len(low) > 4
                and low not in self.t.unit_heads
                and low[:-1] in (self.t.role_heads | self.t.unit_heads | self.t.external_heads)
            ):
                low = low[:-1]  # "the consultants", "the technicians"
            if self._acronym(tokens, i):
                found.append(Mention(i, i + 1, Actor(tokens[i].text, "unit"), None))
                i += 1
                continue
            head_kind: ActorKind | None = None
            if low in self.t.external_heads:
                head_kind = "external"
            elif low in self.t.unit_heads:
                head_kind = "unit"
            elif low in self.t.role_heads:
                head_kind = "role"
            if head_kind and not (
                i + 1 < n and self._is_content(tokens[i + 1]) and not self._is_verb_en(tokens[i + 1])
            ):
                start = self._extend_left_en(tokens, i)
                end = i + 1
                if head_kind == "role" and end + 1 < n and tokens[end].low == "of":
                    end = self._extend_of(tokens, end)
                name = self._name_en(tokens[start:end])
                if low != tokens[i].low and end == i + 1:
                    name = name[:-1]  # "the consultants" and "the consultant" are one role
                if start == i and low in self.t.not_actors and low not in self.t.placeholders:
                    i += 1
                    continue
                found.append(Mention(start, end, Actor(name, head_kind), None))
                i = end
                continue
            i += 1
        return found

    def _acronym(self, tokens: Sequence[Token], i: int) -> bool:
        """'The GO examines the bill', 'then the NOC checks it': capitals name a unit,
        unless they name a system (SAP) or are no name at all (I, OK)."""
        text = tokens[i].text
        if not (2 <= len(text) <= 6 and text.isupper() and text.isalpha()) or text in self._not_acronyms:
            return False
        if i + 1 >= len(tokens):
            return True
        nxt = tokens[i + 1]
        # "PEP lists", "SAP Basis": capitals that modify a noun name no actor
        if nxt.text[:1].isupper():
            return False
        lemma = self.verb_forms.get(nxt.low)
        if lemma is not None and lemma not in self.noun_verbs:
            return True  # "the GO examines the bill"
        return not self._is_content(nxt)  # "PEP lists", "SAP Basis": capitals that modify a noun

    def _is_verb_en(self, tok: Token) -> bool:
        lemma = self.verb_forms.get(tok.low)
        return lemma is not None and (lemma not in self.noun_verbs or tok.low.endswith("s"))

    def _extend_left_en(self, tokens: Sequence[Token], i: int) -> int:
        start = i
        while start > 0 and i - start < 3:
            prev = tokens[start - 1]
            if not self._is_content(prev) or prev.low in self.t.drop_adjectives or prev.low.isdigit():
                break
            if self._is_verb_en(prev) and not prev.low.endswith("ing"):
                break
            start -= 1
        return start

    def _extend_of(self, tokens: Sequence[Token], of_index: int) -> int:
        end = of_index + 1
        if end < len(tokens) and tokens[end].low in self.t.determiners:
            end += 1
        stop = end
        while stop < len(tokens) and stop - end < 4 and self._is_content(tokens[stop]):
            stop += 1
        return stop if stop > end else of_index

    def _name_en(self, tokens: Sequence[Token]) -> str:
        words = [
            tok.text if tok.text.isupper() and len(tok.text) > 1 else tok.low
            for tok in tokens
            if tok.low not in self.t.determiners and tok.low not in self.t.drop_adjectives
        ]
        return " ".join(words) or " ".join(tok.low for tok in tokens)

    def _find_de(self, tokens: Sequence[Token]) -> list[Mention]:
        found: list[Mention] = []
        i = 0
        n = len(tokens)
        while i < n:
            words = (
                match_phrase(tokens, i, self.t.names) if len(self.t.names.get(tokens[i].low, ())) else None
            )
            if words and len(words) > 1:
                end = i + len(words)
                name = " ".join(tok.text for tok in tokens[i:end])
                found.append(Mention(i, end, Actor(name, self.t.kinds[" ".join(words)]), None))
                i = end
                continue
            tok = tokens[i]
            if (
                tok.is_word
                and (tok.capitalised or tok.low in ("it", "edv", "qs"))
                and tok.low not in ("ich", "wir")
            ):
                hit = self.classify_de(tok)
                if hit and tok.low in self.t.placeholders:
                    hit = None  # "die Kollegen vom Vertrieb": the unit after it is the actor
                if hit:
                    kind, noun = hit
                    start, adjectives = self._adjectives_de(tokens, i)
                    end = i + 1
                    name = " ".join([*adjectives, noun])
                    if kind == "role" and end + 1 < n and tokens[end].low in ("der", "des", "vom", "von"):
                        nxt = self.classify_de(tokens[end + 1]) if tokens[end + 1].capitalised else None
                        if nxt:
                            name = f"{name} {tokens[end].text} {tokens[end + 1].text}"
                            end += 2
                    found.append(Mention(start, end, Actor(name, kind), None))
                    i = end
                    continue
            i += 1
        return found

    def _adjectives_de(self, tokens: Sequence[Token], i: int) -> tuple[int, list[str]]:
        start = i
        adjectives: list[str] = []
        while start > 0 and len(adjectives) < 2:
            prev = tokens[start - 1]
            low = prev.low
            if (
                not prev.is_word
                or prev.capitalised
                or low in _FUNCTION
                or low in self.t.determiners
                or low in self.t.drop_adjectives
                or low in self.verb_forms
                or not low.endswith(("e", "en", "er", "es", "em"))
            ):
                break
            base = low[:-1] if low.endswith(("en", "er", "es", "em")) else low
            adjectives.insert(0, base)
            start -= 1
        return start, adjectives

    def _attach(
        self, tokens: Sequence[Token], found: list[Mention], speaker_unit: str | None
    ) -> list[Mention]:
        """Prepositions, "someone from finance", "the engineer of the operator",
        "our team lead" (the speaker's unit), org units."""
        result: list[Mention] = []
        skip_next = False
        for index, mention in enumerate(found):
            if skip_next:
                skip_next = False
                continue
            actor = mention.actor
            nxt = found[index + 1] if index + 1 < len(found) else None
            linked = (
                nxt is not None
                and nxt.start - mention.end in (1, 2)
                and tokens[mention.end].low
                in ("from", "in", "at", "of", "aus", "vom", "von", "bei", "beim", "im")
            )
            first_word = actor.key.split()[0] if actor.key else ""
            if (
                linked
                and nxt is not None
                and (actor.key in self.t.placeholders or first_word in self.t.placeholders)
            ):
                mention = Mention(mention.start, nxt.end, nxt.actor, None)
                actor = nxt.actor
                skip_next = True
            elif linked and nxt is not None and actor.kind == "role":
                kind: ActorKind = "external" if nxt.actor.is_outside else "role"
                actor = Actor(actor.name, kind, nxt.actor.name)
                mention = Mention(mention.start, nxt.end, actor, None)
                skip_next = True
            if actor.org_unit is None:
                if actor.kind in ("unit", "external", "customer"):
                    actor = Actor(actor.name, actor.kind, actor.name)
                elif mention.start > 0 and tokens[mention.start - 1].low in self.t.possessive_self:
                    actor = Actor(actor.name, actor.kind, speaker_unit)
            before = tokens[mention.start - 1].low if mention.start > 0 else None
            if before in self.t.determiners and mention.start > 1:
                before = tokens[mention.start - 2].low
            preposition = before if before in _PREPOSITIONS[self.t.lang] else None
            result.append(
                Mention(
                    mention.start,
                    mention.end,
                    actor,
                    preposition,
                    tokens[mention.start].start,
                    tokens[mention.end - 1].end,
                )
            )
        return result


def finder_for(language: Language) -> ActorFinder:
    return _finder(language)


@cache
def _finder(language: Language) -> ActorFinder:
    return ActorFinder(load_lexicon(language))

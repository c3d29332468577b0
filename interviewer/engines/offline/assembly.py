"""Step drafts and the ordered list they are collected in.

People repeat themselves, refer back ("once the order is checked, ..."),
correct themselves ("no wait, first we ...") and remember late ("I forgot:
before that ..."). The list keeps one draft per step: a repetition adds its
evidence to the step it repeats, a correction replaces or moves a step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from interviewer.engines.offline.actors import Actor
from interviewer.engines.offline.lexicon import grammar
from interviewer.models import Evidence

Placement = Literal["append", "before", "replace"]

# Words that carry no meaning for deciding whether two steps are the same.
_STOP = grammar("assembly.stop")


def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words with a light stem (plural and case endings)."""
    words = set()
    for word in text.lower().split():
        if word in _STOP or len(word) < 2:
            continue
        for ending in ("ungen", "en", "es", "s", "e", "n"):
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
        words.add(word)
    return frozenset(words)


@dataclass
class StepDraft:
    action: str
    lemma: str
    content: frozenset[str]
    actor: Actor | None
    system: str | None
    duration: float | None
    wait: float | None
    clause: str
    evidence: list[Evidence] = field(default_factory=list)
    verb: str = ""  # the verb phrase of the action ("send back", "zurückschicken")
    obj: str = ""  # its object words
    obj_rest: str | None = None  # the object after a pronoun that was resolved ("per Post")
    transfer: bool = False  # the step hands the case to someone ("send it to planning")
    span: tuple[int, int, int] | None = None  # turn, start, end of the clause it came from

    def absorb(self, other: StepDraft) -> None:
        """Take what a repetition adds: evidence, and facts not known yet."""
        for evidence in other.evidence:
            if evidence not in self.evidence:
                self.evidence.append(evidence)
        self.actor = self.actor or other.actor
        self.system = self.system or other.system
        self.duration = self.duration if self.duration is not None else other.duration
        self.wait = self.wait if self.wait is not None else other.wait


def same_step(a: StepDraft, b: StepDraft, *, recent: bool) -> bool:
    """Is b a repetition of a? A bare verb ("then we check") repeats only a
    recent step of the same actor; with objects, half of the words must agree."""
    if a.lemma != b.lemma:
        return False
    if a.actor is not None and b.actor is not None and a.actor.key != b.actor.key:
        return False
    if not a.content or not b.content:
        return recent and a.actor is not None and b.actor is not None
    overlap = len(a.content & b.content) / min(len(a.content), len(b.content))
    return overlap >= 0.5


class StepList:
    """Steps in process order, without repetitions."""

    def __init__(self) -> None:
        self.items: list[StepDraft] = []

    def __len__(self) -> int:
        return len(self.items)

    @property
    def last(self) -> StepDraft | None:
        return self.items[-1] if self.items else None

    def add(
        self, draft: StepDraft, placement: Placement = "append", anchor: StepDraft | None = None
    ) -> StepDraft:
        """Add a draft; returns the step that now holds it (a repeated step absorbs it)."""
        if placement == "replace" and anchor is not None and anchor in self.items:
            index = self.items.index(anchor)
            draft.evidence = anchor.evidence + [e for e in draft.evidence if e not in anchor.evidence]
            self.items[index] = draft
            return draft
        for index, existing in enumerate(self.items):
            if same_step(existing, draft, recent=index >= len(self.items) - 2):
                existing.absorb(draft)
                if placement == "before" and anchor is not None and anchor in self.items:
                    self._move_before(existing, anchor)
                return existing
        if placement == "before" and anchor is not None and anchor in self.items:
            self.items.insert(self.items.index(anchor), draft)
        else:
            self.items.append(draft)
        return draft

    def _move_before(self, step: StepDraft, anchor: StepDraft) -> None:
        if step is anchor:
            return
        self.items.remove(step)
        self.items.insert(self.items.index(anchor), step)

    def named(self, words: list[str]) -> StepDraft | None:
        """The latest step whose action contains these words ("before the quotation")."""
        wanted = content_words(" ".join(words))
        for step in reversed(self.items):
            if wanted and wanted <= step.content:
                return step
        return None

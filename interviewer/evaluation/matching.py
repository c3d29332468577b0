"""Does an extracted step mean the same as an expected one?

The rule, in order:

1. Both actions are reduced to content-word stems (normalise.py: folding,
   stop words, light en/de stemming, synonym groups, German compound parts).
2. **Coverage** of an expected phrase = the weighted share of its content
   words found in the extracted action; light verbs such as "check",
   "send", "prüfen" weigh 0.5, other words 1. The expected step's coverage is
   the best over its action and its aliases.
3. A pair is a candidate when coverage >= MATCH_THRESHOLD (0.5) AND at
   least two distinct content words of that phrase are found (all of them
   when the phrase has fewer), at least one of them not light. Why: a step is
   a verb and its object. Expected actions are two to four content words, so
   "half, and at least two words" means the verb and the object (or a
   synonym of each) are both there, while a shared verb alone ("Deckung
   prüfen" / "Eigentümer prüfen"), a shared object alone ("Netzbau
   beauftragen" / "beim Netzbau nachfragen") or two light words ("send" +
   "SAP") are not enough. One exception follows the spec's "action (with its
   actor)": an extracted action that is only the expected verb
   ("unterschreiben") is a candidate at the threshold when the actor is the
   same, as people leave out the object that the conversation already gives.
   Light verbs and system names weigh 0.5, so that "Unterlagen auf
   Vollständigkeit prüfen" is still found as "Unterlagen auf Vollständigkeit
   kontrollieren" when the synonym list misses a verb. The bar was set from
   the wording of the cases and from what words mean, not from an engine's
   output: every case's own expected steps match themselves one to one, and
   steps of one case match few steps of another (tests/evaluation).
4. One-to-one assignment that maximises the total score (Hungarian method,
   assignment.py), so one expected step's second-best candidate is used when
   its best is the only candidate of another. The score adds tie-breakers to
   coverage: the same actor (+0.15), a short extracted action (+0.10 x the
   share of its words that belong to the expected phrase, so a whole sentence
   does not beat a precise phrase), and a similar position in the process
   (+0.05 x closeness of relative positions: order is respected loosely,
   never enforced). The tie-breakers never create a match on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewer.evaluation.assignment import max_weight_assignment
from interviewer.evaluation.cases import ExpectedStep
from interviewer.evaluation.normalise import canonical, content_stems, lexicon, same_word
from interviewer.models import Language, Step

MATCH_THRESHOLD = 0.5
MIN_SHARED_WORDS = 2
ACTOR_BONUS = 0.15
CONCISENESS_BONUS = 0.10
ORDER_BONUS = 0.05
LIGHT_WEIGHT = 0.5
GENERIC_ACTOR_WEIGHT = 0.25
# Two actors name the same role when this share of the shorter name is shared.
ACTOR_THRESHOLD = 0.5


def _distinct(words: Sequence[str]) -> list[str]:
    """One word per meaning: "per Mail schicken" says "send" once, not twice."""
    seen: set[str] = set()
    kept = []
    for word in words:
        key = canonical(word)
        if key not in seen:
            seen.add(key)
            kept.append(word)
    return kept


def _covered_weight(
    wanted: Sequence[str], present: Sequence[str], light: frozenset[str], light_weight: float
) -> tuple[float, float, int, int]:
    """(weight of `wanted` words found in `present`, total weight of `wanted`,
    words found, of which not light)."""
    found = total = 0.0
    count = heavy = 0
    for word in _distinct(wanted):
        is_light = word in light
        weight = light_weight if is_light else 1.0
        total += weight
        if any(same_word(word, other) for other in present):
            found += weight
            count += 1
            heavy += not is_light
    return found, total, count, heavy


def _verb(words: Sequence[str], language: Language) -> str:
    """The verb of an expected action, by the case format's convention of short
    verb phrases: first word in English ("check the order"), last in German
    ("Auftrag prüfen")."""
    return words[-1] if language == "de" else words[0]


def phrase_coverage(
    expected_phrase: str, extracted_action: str, language: Language, *, actor_same: bool = False
) -> tuple[float, float]:
    """(coverage of the expected phrase, share of the extracted words that belong to it).

    Coverage counts only when at least MIN_SHARED_WORDS content words are
    shared (every word, for a one-word phrase), or when the extracted action
    is the bare verb of the expected one ("unterschreiben" for "Bescheid
    unterschreiben") done by the same actor: an elliptical answer whose object
    the context gives. Otherwise it is 0.
    """
    light = lexicon().light
    wanted = content_stems(expected_phrase, language)
    present = content_stems(extracted_action, language)
    if not wanted or not present:
        return 0.0, 0.0
    found, total, count, heavy = _covered_weight(wanted, present, light, LIGHT_WEIGHT)
    verb = _verb(wanted, language)
    bare_verb = actor_same and all(same_word(word, verb) for word in present)
    enough = count >= min(MIN_SHARED_WORDS, len(_distinct(wanted))) and heavy >= 1
    if not enough and not bare_verb:
        return 0.0, 0.0
    back, back_total, _, _ = _covered_weight(present, wanted, light, LIGHT_WEIGHT)
    coverage = found / total
    if bare_verb:
        # The object is left to the context, so its words cannot be missing;
        # the bare verb is a candidate at the threshold, below any fuller match.
        coverage = max(coverage, MATCH_THRESHOLD)
    return coverage, back / back_total


def action_similarity(
    expected: ExpectedStep, extracted_action: str, language: Language, *, actor_same: bool = False
) -> tuple[float, float]:
    """Best (coverage, conciseness) over the expected action and its aliases."""
    return max(
        phrase_coverage(phrase, extracted_action, language, actor_same=actor_same)
        for phrase in expected.phrases
    )


def same_actor(expected_actor: str | None, extracted_actor: str | None, language: Language) -> bool:
    """Do the two name the same role or unit? Generic words ("team", "Abteilung") weigh little."""
    if not expected_actor or not extracted_actor:
        return False
    generic = lexicon().generic_actor
    left = content_stems(expected_actor, language)
    right = content_stems(extracted_actor, language)
    if not left or not right:
        return False
    found_left, total_left, _, _ = _covered_weight(left, right, generic, GENERIC_ACTOR_WEIGHT)
    found_right, total_right, _, _ = _covered_weight(right, left, generic, GENERIC_ACTOR_WEIGHT)
    return max(found_left / total_left, found_right / total_right) >= ACTOR_THRESHOLD


@dataclass(frozen=True)
class Pair:
    expected: int  # 0-based index into the expected steps
    extracted: int  # 0-based index into the extracted steps
    similarity: float  # coverage of the expected action, 0..1
    actor_same: bool


@dataclass
class Matching:
    pairs: list[Pair] = field(default_factory=list)

    @property
    def by_expected(self) -> dict[int, int]:
        return {pair.expected: pair.extracted for pair in self.pairs}


def _position(index: int, count: int) -> float:
    return index / (count - 1) if count > 1 else 0.0


def match_steps(expected: Sequence[ExpectedStep], extracted: Sequence[Step], language: Language) -> Matching:
    """Assign each expected step at most one extracted step, and vice versa."""
    candidates: list[tuple[float, Pair]] = []
    for i, wanted in enumerate(expected):
        for j, step in enumerate(extracted):
            actor = same_actor(wanted.actor, step.actor, language)
            coverage, concise = action_similarity(wanted, step.action, language, actor_same=actor)
            if coverage < MATCH_THRESHOLD:
                continue
            closeness = 1.0 - abs(_position(i, len(expected)) - _position(j, len(extracted)))
            score = coverage + ACTOR_BONUS * actor + CONCISENESS_BONUS * concise + ORDER_BONUS * closeness
            candidates.append((score, Pair(i, j, coverage, actor)))
    weights = [[0.0] * len(extracted) for _ in expected]
    by_cell: dict[tuple[int, int], Pair] = {}
    for score, pair in candidates:
        weights[pair.expected][pair.extracted] = score
        by_cell[(pair.expected, pair.extracted)] = pair
    pairs = [by_cell[cell] for cell in max_weight_assignment(weights)]
    pairs.sort(key=lambda pair: pair.expected)
    return Matching(pairs=pairs)

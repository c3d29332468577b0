"""PET benchmark: the offline engine on 45 expert-annotated English process
descriptions (../shared/data/pet/README.md), scored for activities and actors.

Each document's text is given to the engine as ONE interview turn by a
narrator without a role, so the engine sees plain prose, as it would see a
long answer. The result's steps are compared with PET's annotations:

**Activities.** A gold activity is an Activity mention (the verb, e.g.
"sends") with the Activity Data its entity "uses" in the same sentence (e.g.
"the invoice"). An extracted step matches it when

1. the step's action contains the activity verb: some content word of the
   action has the verb's stem (irregular forms mapped first, "sent" -> send),
   a synonym, or is a compound containing it (normalise.same_word);
2. when the activity has Activity Data with content words, the action shares
   at least one content word with it ("send invoice" matches "sends" + "an
   invoice", "send order" does not);
3. the step's evidence quote lies in (or spans) the activity's sentence. A
   step whose quote cannot be found in the text is not held to a sentence.

Assignment is one-to-one, greedy: pairs in the same located sentence and
with more data words shared go first. Recall = matched activities / gold
activities; precision = matched steps / extracted steps.

**Actors.** A gold actor is an entity that performs at least one activity
("actor performer"); its names are its non-pronoun mentions (6 of 127 such
entities are only pronouns, like a narrating "I"; those are left out, since
no name exists to extract). Actor recall = gold actors named by some
extracted step's actor (normalise-level overlap, matching.same_actor);
precision = distinct extracted actors that name any annotated Actor entity of
the document (an actor that only receives work is still a correct actor).
This is entity-level detection, the closest our output (no token spans)
comes to the mention-level figures published for PET.

Micro figures sum counts over all documents; macro figures average the
per-document values (a document with nothing extracted has precision 0).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interviewer.errors import InputError
from interviewer.evaluation.matching import same_actor
from interviewer.evaluation.normalise import content_stems, same_word
from interviewer.models import EngineInfo, Process, Step, Transcript, Turn

DEFAULT_PET_PATH = Path("../shared/data/pet/all.jsonl")
# Macro F1 of rule-based extraction (Friedrich et al. 2011) scored on PET.
PUBLISHED_MACRO_F1 = {"activity": 0.55, "actor": 0.52, "activity data": 0.37}
_PRONOUNS = frozenset(
    {
        "i",
        "we",
        "you",
        "he",
        "she",
        "it",
        "they",
        "me",
        "us",
        "him",
        "her",
        "them",
        "who",
        "which",
        "that",
        "this",
    }
)


@dataclass(frozen=True)
class PetActivity:
    verb: str
    data: tuple[str, ...]
    sentence: int
    performers: tuple[int, ...]  # indices into PetDocument.actors


@dataclass(frozen=True)
class PetActor:
    names: tuple[str, ...]  # non-pronoun mention texts; empty when only pronouns
    performs: bool


@dataclass(frozen=True)
class PetDocument:
    id: str
    text: str
    sentences: tuple[tuple[int, int], ...]  # character span of each sentence
    activities: tuple[PetActivity, ...]
    actors: tuple[PetActor, ...]

    def sentences_of(self, quote: str) -> set[int] | None:
        """Sentences a verbatim quote covers, or None when it is not in the text."""
        start = self.text.find(quote.strip())
        if start < 0 or not quote.strip():
            return None
        stop = start + len(quote.strip())
        return {n for n, (s, e) in enumerate(self.sentences) if s < stop and e > start}


def _document(raw: dict[str, Any]) -> PetDocument:
    """One JSON line of PET's export (field names as in the export)."""
    tokens: list[dict[str, Any]] = raw["tokens"]
    mentions: list[dict[str, Any]] = raw["mentions"]
    relations: list[dict[str, Any]] = raw["relations"]
    spans: dict[int, tuple[int, int]] = {}
    for token in tokens:
        sid, start, stop = int(token["sentence_id"]), int(token["start"]), int(token["stop"])
        low, high = spans.get(sid, (start, stop))
        spans[sid] = (min(low, start), max(high, stop))
    sentences = tuple(spans[n] for n in sorted(spans))

    def indices(entity: dict[str, Any]) -> tuple[int, ...]:
        return tuple(entity["mention_indices"])

    # PET's entities are the coreference groups of mentions ("the clerk" ... "he").
    actor_entities = [
        indices(entity) for entity in raw["entities"] if mentions[indices(entity)[0]]["ner"] == "Actor"
    ]
    performing = {indices(r["tail_entity"]) for r in relations if r["type"] == "actor performer"}
    actors = tuple(
        PetActor(
            names=tuple(
                str(mentions[i]["text"]) for i in entity if str(mentions[i]["text"]).lower() not in _PRONOUNS
            ),
            performs=entity in performing or any((i,) in performing for i in entity),
        )
        for entity in actor_entities
    )
    actor_of = {i: n for n, entity in enumerate(actor_entities) for i in entity}

    activities = []
    for index, mention in enumerate(mentions):
        if mention["ner"] != "Activity":
            continue
        sentence = int(mention["sentence_id"])
        mine = [r for r in relations if index in indices(r["head_entity"])]
        data = tuple(
            str(mentions[i]["text"])
            for r in mine
            if r["type"] == "uses"
            for i in indices(r["tail_entity"])
            if mentions[i]["sentence_id"] == sentence
        )
        performers = tuple(
            sorted(
                {
                    actor_of[i]
                    for r in mine
                    if r["type"] == "actor performer"
                    for i in indices(r["tail_entity"])
                    if i in actor_of
                }
            )
        )
        activities.append(PetActivity(str(mention["text"]), data, sentence, performers))
    return PetDocument(str(raw["id"]), str(raw["text"]), sentences, tuple(activities), actors)


def load_pet(path: Path) -> list[PetDocument]:
    """Read PET's JSON-lines export; a bad line is reported with file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(f"{path}: cannot read the PET data: {error.strerror}") from error
    documents = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            documents.append(_document(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise InputError(f"{path}:{number}: not a PET document: {error!r}") from error
    return documents


@dataclass
class DocScore:
    id: str
    activities: int
    steps: int
    matched: int
    actors: int
    actors_found: int
    extracted_actors: int
    extracted_actors_correct: int
    error: str | None = None

    @property
    def activity_recall(self) -> float:
        return self.matched / self.activities if self.activities else 0.0

    @property
    def activity_precision(self) -> float:
        return self.matched / self.steps if self.steps else 0.0

    @property
    def actor_recall(self) -> float:
        return self.actors_found / self.actors if self.actors else 0.0

    @property
    def actor_precision(self) -> float:
        return self.extracted_actors_correct / self.extracted_actors if self.extracted_actors else 0.0


def _verb_in(verb: str, action: Sequence[str]) -> bool:
    return any(same_word(v, a) for v in content_stems(verb, "en") for a in action)


def match_activities(document: PetDocument, steps: Sequence[Step]) -> int:
    """Number of one-to-one matches between gold activities and extracted steps."""
    candidates: list[tuple[int, int, int, int]] = []  # (-located, -shared, activity, step)
    for j, step in enumerate(steps):
        action = content_stems(step.action, "en")
        located: set[int] | None = None
        for evidence in step.evidence:
            found = document.sentences_of(evidence.quote)
            if found is not None:
                located = (located or set()) | found
        for i, activity in enumerate(document.activities):
            if located is not None and activity.sentence not in located:
                continue
            if not _verb_in(activity.verb, action):
                continue
            data = [w for text in activity.data for w in content_stems(text, "en")]
            shared = sum(any(same_word(d, a) for a in action) for d in data)
            if data and not shared:
                continue
            candidates.append((-(located is not None), -shared, i, j))
    candidates.sort()
    used_activities: set[int] = set()
    used_steps: set[int] = set()
    for _, _, i, j in candidates:
        if i not in used_activities and j not in used_steps:
            used_activities.add(i)
            used_steps.add(j)
    return len(used_activities)


def score_document(document: PetDocument, process: Process) -> DocScore:
    steps = process.steps
    extracted = sorted({step.actor for step in steps if step.actor})
    gold = [actor for actor in document.actors if actor.performs and actor.names]
    found = sum(
        any(same_actor(name, got, "en") for name in actor.names for got in extracted) for actor in gold
    )
    correct = sum(
        any(same_actor(name, got, "en") for actor in document.actors for name in actor.names)
        for got in extracted
    )
    return DocScore(
        id=document.id,
        activities=len(document.activities),
        steps=len(steps),
        matched=match_activities(document, steps),
        actors=len(gold),
        actors_found=found,
        extracted_actors=len(extracted),
        extracted_actors_correct=correct,
    )


Extract = Callable[[Transcript], Process]


def offline_extract() -> Extract:
    from interviewer.engines.offline import OfflineEngine

    engine = OfflineEngine()
    return lambda transcript: engine.extract(transcript, "en", EngineInfo(name=engine.name))


def as_transcript(document: PetDocument) -> Transcript:
    turn = Turn(number=1, speaker="Narrator", text=document.text)
    return Transcript(case_id=document.id, language="en", turns=[turn])


@dataclass
class PetReport:
    documents: list[DocScore] = field(default_factory=list)

    def micro(self) -> dict[str, float]:
        docs = self.documents
        matched, gold, steps = (
            sum(d.matched for d in docs),
            sum(d.activities for d in docs),
            sum(d.steps for d in docs),
        )
        found, actors = sum(d.actors_found for d in docs), sum(d.actors for d in docs)
        correct, named = sum(d.extracted_actors_correct for d in docs), sum(d.extracted_actors for d in docs)
        return _prf("activity", matched / gold if gold else 0.0, matched / steps if steps else 0.0) | _prf(
            "actor", found / actors if actors else 0.0, correct / named if named else 0.0
        )

    def macro(self) -> dict[str, float]:
        docs = self.documents or [DocScore("none", 0, 0, 0, 0, 0, 0, 0)]
        mean = lambda values: sum(values) / len(values)  # noqa: E731
        result: dict[str, float] = {}
        for kind in ("activity", "actor"):
            recalls = [getattr(d, f"{kind}_recall") for d in docs]
            precisions = [getattr(d, f"{kind}_precision") for d in docs]
            f1s = [_f1(r, p) for r, p in zip(recalls, precisions, strict=True)]
            result |= {
                f"{kind}_recall": mean(recalls),
                f"{kind}_precision": mean(precisions),
                f"{kind}_f1": mean(f1s),
            }
        return result


def _f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def _prf(kind: str, recall: float, precision: float) -> dict[str, float]:
    return {f"{kind}_recall": recall, f"{kind}_precision": precision, f"{kind}_f1": _f1(recall, precision)}


def run_pet(documents: Sequence[PetDocument], extract: Extract | None = None) -> PetReport:
    """Extract each document as one turn and score it; a document that fails scores zero."""
    extract = extract or offline_extract()
    report = PetReport()
    for document in documents:
        try:
            process = extract(as_transcript(document))
        except Exception as error:  # recorded, the benchmark goes on
            score = score_document(document, Process(name=document.id))
            score.error = f"{type(error).__name__}: {error}"
        else:
            score = score_document(document, process)
        report.documents.append(score)
    return report

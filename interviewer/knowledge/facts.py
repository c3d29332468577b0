"""Process facts: what the structure of the extracted process says about
anti-patterns, independent of wording. A step that loops back is rework; a
sign-off with a wait in front of it is an approval bottleneck; a wait at a
handoff that no run, sign-off or outside party explains is a queue between
units; and so on. Each fact carries the steps it concerns and the quotes the
extractor grounded those steps in.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.knowledge.evidence import Quote
from interviewer.knowledge.lexicon import Lexicon
from interviewer.models import Process, Step

EXTERNAL_CONCEPTS = frozenset(
    {"EXTERNAL", "SUBCONTRACTOR", "SUPPLIER", "AUTHORITY", "CARRIER", "INSURER", "OTHER_PROVIDER", "BANK"}
)
PERIODIC_CONCEPTS = frozenset({"PERIODIC", "WEEKLY", "MONTHLY", "WEEKDAY", "BATCH_RUN", "COLLECT", "TOUR"})
APPROVAL_CONCEPTS = frozenset({"APPROVAL", "SIGNATURE"})
REWORK_CONCEPTS = frozenset({"SEND_BACK", "REWORK", "RESUBMIT", "QUERY_BACK"})
REENTRY_CONCEPTS = frozenset({"RETYPE", "COPY_PASTE", "MEDIA_BREAK"})
CHASE_CONCEPTS = frozenset({"CHASE", "CUSTOMER_CALLS", "STATUS"})
CHECK_AGAIN_CONCEPTS = frozenset({"OVER_CHECK", "FOUR_EYES", "THREE_QUOTES"})
# A handoff wait shorter than this is ordinary flow, not a queue.
_MIN_QUEUE_HOURS = 8.0


@dataclass(frozen=True)
class Fact:
    category: str
    strength: float
    step_ids: tuple[str, ...]
    kind: str  # key of the explanation text in data/findings.yaml
    values: tuple[tuple[str, str], ...]  # placeholders of the explanation
    quotes: tuple[Quote, ...]


class FactFinder:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def facts(self, process: Process) -> list[Fact]:
        steps = process.steps
        if not steps:
            return []
        position = {step.id: index for index, step in enumerate(steps)}
        concepts = {step.id: self._concepts(step.action) for step in steps}
        said = {step.id: self._concepts(" ".join(e.quote for e in step.evidence)) for step in steps}
        waits = _waits(process, position)
        found: list[Fact] = []
        for handoff in process.handoffs:
            start, end = position.get(handoff.from_step), position.get(handoff.to_step)
            if start is not None and end is not None and end < start:
                back, origin = steps[end], steps[start]
                found.append(_fact("rework-loop", 0.6, "send-back", (back, origin), step=back, other=origin))
        previous_approval: Step | None = None
        entered: list[Step] = []
        for index, step in enumerate(steps):
            own, quoted, wait = concepts[step.id], said[step.id], waits.get(step.id)
            if own & REWORK_CONCEPTS:
                found.append(_fact("rework-loop", 0.45, "rework-step", (step,), step=step))
            if own & REENTRY_CONCEPTS:
                found.append(_fact("manual-re-entry", 0.5, "re-entry-step", (step,), step=step))
            if "ENTER_DATA" in own or own & REENTRY_CONCEPTS:
                earlier = next(
                    (e for e in entered if e.system and step.system and e.system != step.system), None
                )
                if earlier is not None:
                    found.append(
                        _fact(
                            "manual-re-entry",
                            0.4,
                            "two-systems",
                            (earlier, step),
                            step=step,
                            other=earlier.system or "",
                            actor=step.system or "",
                        )
                    )
                entered.append(step)
            if own & CHASE_CONCEPTS:
                found.append(_fact("status-chasing", 0.5, "chase-step", (step,), step=step))
            if own & CHECK_AGAIN_CONCEPTS:
                found.append(_fact("over-processing", 0.45, "check-step", (step,), step=step))
            if wait and wait >= 24 and (own | quoted) & PERIODIC_CONCEPTS:
                found.append(_fact("batching", 0.5, "periodic-wait", (step,), step=step, hours=wait))
            if own & APPROVAL_CONCEPTS:
                if wait and wait >= _MIN_QUEUE_HOURS:
                    found.append(
                        _fact("approval-bottleneck", 0.5, "approval-wait", (step,), step=step, hours=wait)
                    )
                if previous_approval is not None:
                    found.append(
                        _fact(
                            "approval-bottleneck",
                            0.4,
                            "approval-chain",
                            (previous_approval, step),
                            step=step,
                            other=previous_approval,
                        )
                    )
                previous_approval = step
            external = self._concepts(f"{step.actor or ''} {step.org_unit or ''}") & EXTERNAL_CONCEPTS
            if external and wait and wait >= 24:
                found.append(
                    _fact(
                        "external-dependency",
                        0.45,
                        "external-wait",
                        (step,),
                        step=step,
                        actor=step.actor or step.org_unit or "",
                        hours=wait,
                    )
                )
            if index and wait and wait >= _MIN_QUEUE_HOURS and not external:
                before = steps[index - 1]
                explained = (own | quoted) & (PERIODIC_CONCEPTS | APPROVAL_CONCEPTS | EXTERNAL_CONCEPTS)
                if (
                    before.actor
                    and step.actor
                    and before.actor.casefold() != step.actor.casefold()
                    and not explained
                ):
                    strength = 0.45 if wait >= 72 else 0.35
                    found.append(
                        _fact(
                            "handoff-delay",
                            strength,
                            "handoff-wait",
                            (before, step),
                            step=step,
                            actor=step.actor,
                            other=before.actor,
                            hours=wait,
                        )
                    )
                    if "PLAN" in own:
                        found.append(
                            _fact(
                                "sequential-planning",
                                0.4,
                                "planning-after-wait",
                                (step,),
                                step=step,
                                actor=step.actor,
                            )
                        )
        return found

    def _concepts(self, text: str) -> frozenset[str]:
        return frozenset(self.lexicon.analyse(text).concepts) if text.strip() else frozenset()


def _waits(process: Process, position: dict[str, int]) -> dict[str, float]:
    """Hours before each step: the larger of the step's wait and the forward
    handoff's wait into it (they describe the same calendar time)."""
    waits: dict[str, float] = {s.id: s.wait_hours for s in process.steps if s.wait_hours is not None}
    for handoff in process.handoffs:
        start, end = position.get(handoff.from_step), position.get(handoff.to_step)
        if handoff.wait_hours is not None and start is not None and end is not None and end > start:
            waits[handoff.to_step] = max(waits.get(handoff.to_step, 0.0), handoff.wait_hours)
    return waits


def _fact(
    category: str,
    strength: float,
    kind: str,
    steps: tuple[Step, ...],
    *,
    step: Step,
    other: Step | str = "",
    actor: str = "",
    hours: float | None = None,
) -> Fact:
    values = {
        "step": step.action,
        "other": other.action if isinstance(other, Step) else other,
        "actor": actor,
        "hours": "" if hours is None else f"{hours:g}",
    }
    quotes = tuple(Quote(e.turn, e.quote) for s in steps for e in s.evidence[:1])
    return Fact(category, strength, tuple(s.id for s in steps), kind, tuple(values.items()), quotes)

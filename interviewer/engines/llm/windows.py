"""Long interviews in overlapping windows of turns, and the steps merged back.

Windows overlap so that a step told across a window border is seen whole
at least once; the price is that steps in the overlap come back twice.
Two steps are the same when they cite the same turn with overlapping
quotes, or cite nearby turns with nearly the same action. A window's new
steps are placed after the step it shares with the earlier windows that
precedes them, so the process order survives the merge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.engines.llm.grounding import normalise
from interviewer.models import Evidence, Handoff, Step, Turn

_WORD = re.compile(r"\w+")


def split_windows(turns: Sequence[Turn], size: int, overlap: int) -> list[list[Turn]]:
    """Consecutive windows of at most `size` turns, each sharing `overlap` turns with the previous."""
    turns = list(turns)
    size = max(1, size)
    overlap = min(max(0, overlap), size - 1)
    if len(turns) <= size:
        return [turns]
    stride = size - overlap
    windows = []
    start = 0
    while True:
        windows.append(turns[start : start + size])
        if start + size >= len(turns):
            return windows
        start += stride


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall(normalise(text or "")[0]))


def _similar(first: set[str], second: set[str], threshold: float) -> bool:
    if not first or not second:
        return False
    return len(first & second) / len(first | second) >= threshold


def _quotes_overlap(a: Evidence, b: Evidence) -> bool:
    if a.turn != b.turn:
        return False
    qa, qb = normalise(a.quote)[0], normalise(b.quote)[0]
    return qa in qb or qb in qa or _similar(_words(qa), _words(qb), 0.5)


def same_quote(first: Step, second: Step) -> bool:
    return any(_quotes_overlap(a, b) for a in first.evidence for b in second.evidence)


def same_step(first: Step, second: Step) -> bool:
    """Duplicate detection across windows (see the module docstring)."""
    if same_quote(first, second):
        return True
    near = any(abs(a.turn - b.turn) <= 1 for a in first.evidence for b in second.evidence)
    return near and _similar(_words(first.action), _words(second.action), 0.75)


def _absorb(kept: Step, duplicate: Step) -> Step:
    """The kept step with the duplicate's extra evidence and the facts it lacked."""
    evidence = list(kept.evidence)
    for item in duplicate.evidence:
        if not any(_quotes_overlap(item, existing) for existing in evidence):
            evidence.append(item)
    updates: dict[str, object] = {"evidence": sorted(evidence, key=lambda e: e.turn)}
    for name in ("actor", "org_unit", "system", "duration_hours", "wait_hours"):
        if getattr(kept, name) is None and getattr(duplicate, name) is not None:
            updates[name] = getattr(duplicate, name)
    if kept.value == "unknown" and duplicate.value != "unknown":
        updates["value"] = duplicate.value
    if "ungrounded" in kept.flags and "ungrounded" not in duplicate.flags:
        updates["flags"] = [f for f in kept.flags if f != "ungrounded"]
    return kept.model_copy(update=updates)


def merge_windows(windows: Sequence[Sequence[Step]]) -> list[Step]:
    """One list of steps in process order, duplicates from overlapping windows merged.

    A step is only ever matched against steps of earlier windows: two steps
    the model returned side by side from the same turns are two steps.
    """
    merged: list[Step] = []
    origin: list[int] = []  # the window each merged step came from

    def find(step: Step, window: int) -> int | None:
        earlier = [i for i in range(len(merged)) if origin[i] < window]
        # The same quote is the stronger sign; a similar action nearby only when no quote matches.
        for match in (same_quote, same_step):
            found = next((i for i in earlier if match(merged[i], step)), None)
            if found is not None:
                return found
        return None

    for window, steps in enumerate(windows):
        known = [index for index in (find(step, window) for step in steps) if index is not None]
        # New steps before the first shared one go right before it; later ones after the last shared.
        cursor = known[0] if known else len(merged)
        for step in steps:
            index = find(step, window)
            if index is None:
                merged.insert(cursor, step)
                origin.insert(cursor, window)
                cursor += 1
            else:
                merged[index] = _absorb(merged[index], step)
                cursor = max(cursor, index + 1)
    return [step.model_copy(update={"id": f"s{number}"}) for number, step in enumerate(merged, start=1)]


def derive_handoffs(steps: Sequence[Step]) -> list[Handoff]:
    """A handoff wherever the actor changes, as the offline engine counts them
    (engines/offline/handoffs.py): a step whose actor is unknown does not break
    the chain, and the handoff's wait is the wait of the step it leads to."""
    handoffs = []
    previous: Step | None = None
    for step in steps:
        if not step.actor:
            continue
        if previous is not None and previous.actor and _key(previous.actor) != _key(step.actor):
            crosses = bool(
                previous.org_unit and step.org_unit and _key(previous.org_unit) != _key(step.org_unit)
            )
            handoffs.append(
                Handoff(
                    from_step=previous.id,
                    to_step=step.id,
                    from_actor=previous.actor,
                    to_actor=step.actor,
                    crosses_org_boundary=crosses,
                    wait_hours=step.wait_hours,
                )
            )
        previous = step
    return handoffs


def _key(name: str) -> str:
    return " ".join(name.casefold().split())

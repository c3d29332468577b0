"""Structural changes to a process, with a ledger of the hours each removes.

One engine computes both the saving a proposal promises and the to-be
process, so the two can never disagree. The operations and what they save:

- merge X into O: X's work is done together with O (actions joined, actor =
  O's actor, durations added: the work is still done). The group sits at the
  position of its earliest member and keeps that member's id; the waits
  before the later member disappear (the handoff into it is gone).
- remove X: the step is dropped; its wait and its duration are saved.
- parallel X with W: X starts from the same input as W instead of after the
  steps W..X-1 (the upstream span, their waits and durations). The critical
  path shrinks by min(wait + duration of X, upstream span); X's remaining
  wait is what still sticks out beyond the upstream span.
- reduce X by h: X's wait shrinks by h (never below zero), e.g. an approval
  that only exceptions still wait for, a batch turned into flow.

A send-back loop (a handoff to an earlier step) that disappears because its
ends were merged or removed saves the loop's stated wait. Every ledger entry
is bounded by the waits and durations of what was removed, so a saving can
never exceed them. Unstated quantities save nothing and are listed as such.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from interviewer.analysis import resources as res
from interviewer.analysis.process_facts import actors_differ, crosses_org, is_forward, positions, waits_before
from interviewer.models import Handoff, Language, Process, Step, StepChange

_VALUE_ORDER = ("customer", "business", "unknown", "waste")


@dataclass(frozen=True)
class Entry:
    """One line of a saving formula: text with its numbers, and the hours."""

    text: str
    hours: float


# (as-is process, its to-be steps by slot) of the latest restructuring; see _step_of.
_latest: tuple[Process | None, dict[tuple[object, ...], Step]] = (None, {})


@dataclass
class _Slot:
    origins: list[str]  # as-is step ids, earliest first
    owner: Step  # whose actor and org unit the to-be step carries
    wait: float | None  # effective wait still before this step
    parallel_with: str | None = None


@dataclass
class Restructuring:
    process: Process
    language: Language = "en"
    ledger: list[Entry] = field(default_factory=list)
    unstated: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.position = positions(self.process)
        self._steps = {step.id: step for step in self.process.steps}
        waits = waits_before(self.process, self.position)
        self.slots = [_Slot([s.id], s, waits[s.id]) for s in self.process.steps]
        self.alias: dict[str, str | None] = {s.id: s.id for s in self.process.steps}
        # Send-back loops: handoffs to an earlier (or the same) step. A handoff
        # naming a step that does not exist is no loop and saves nothing.
        self._loops = [
            h
            for h in self.process.handoffs
            if h.from_step in self.position
            and h.to_step in self.position
            and not is_forward(h, self.position)
        ]

    # ---------------------------------------------------------------- lookup

    def slot(self, step_id: str) -> _Slot | None:
        current = self.alias.get(step_id)
        return next((s for s in self.slots if s.origins[0] == current), None) if current else None

    def current_wait(self, step_id: str) -> float | None:
        found = self.slot(step_id)
        return found.wait if found else None

    def total(self) -> float:
        return sum(entry.hours for entry in self.ledger)

    def saving(self) -> float | None:
        return _down(self.total()) if self.ledger else None

    def formula(self) -> str | None:
        if not self.ledger:
            return None
        lang = self.language
        text = " + ".join(entry.text for entry in self.ledger) + f" = {res.hours(self.total(), lang)}"
        if self.unstated:
            text += f" ({res.common(lang, 'not_stated')}: {', '.join(self.unstated)})"
        return text

    # ------------------------------------------------------------ operations

    def merge(self, step_id: str, into: str) -> None:
        moving, target = self.slot(step_id), self.slot(into)
        if moving is None or target is None or moving is target:
            return
        first, later = sorted((moving, target), key=lambda s: self.slots.index(s))
        self._save_wait(later)
        self.touched.update(first.origins)
        first.origins = sorted(first.origins + later.origins, key=self.position.__getitem__)
        first.owner = target.owner
        self.slots.remove(later)
        self._repoint(later.origins, first.origins[0])

    def remove(self, step_id: str) -> None:
        gone = self.slot(step_id)
        if gone is None:
            return
        self._save_wait(gone)
        duration = _sum_known(self._steps[o].duration_hours for o in gone.origins)
        label = self._label("duration_of", gone.origins[0])
        if duration is None:
            self.unstated.append(label)
        else:
            self.ledger.append(Entry(f"{label} {res.hours(duration, self.language)}", duration))
        self.slots.remove(gone)
        self._repoint(gone.origins, None)

    def parallel(self, step_id: str, with_step: str) -> None:
        branch, start = self.slot(step_id), self.slot(with_step)
        if branch is None or start is None or self.slots.index(start) >= self.slots.index(branch):
            return
        upstream = self.slots[self.slots.index(start) : self.slots.index(branch)]
        up_span = _sum_known([s.wait for s in upstream] + [self._duration(s) for s in upstream])
        duration = self._duration(branch)
        own = _sum_known([branch.wait, duration])
        self.touched.update(branch.origins)
        branch.parallel_with = start.origins[0]
        if up_span is None or own is None:
            self.unstated.append(self._label("parallel_unstated", branch.origins[0]))
            return
        saved = min(own, up_span)
        parts = []
        if branch.wait is not None:
            parts.append(
                f"{self._label('wait_before', branch.origins[0])} {res.hours(branch.wait, self.language)}"
            )
        if duration is not None:
            parts.append(
                f"{self._label('duration_of', branch.origins[0])} {res.hours(duration, self.language)}"
            )
        names = (
            f"{upstream[0].origins[0]}–{upstream[-1].origins[-1]}"
            if len(upstream) > 1
            else upstream[0].origins[0]
        )
        upstream_text = f"{res.common(self.language, 'upstream')} {names} {res.hours(up_span, self.language)}"
        self.ledger.append(Entry(f"min({' + '.join(parts)}, {upstream_text})", saved))
        if branch.wait is not None:
            branch.wait = round(max(0.0, branch.wait - up_span), 2)

    def reduce(self, step_id: str, hours: float, text: str) -> None:
        target = self.slot(step_id)
        if target is None or target.wait is None or hours <= 0:
            return
        saved = _down(min(hours, target.wait))
        target.wait = max(0.0, round(target.wait - saved, 2))
        self.touched.update(target.origins)
        self.ledger.append(Entry(text, saved))

    # --------------------------------------------------------------- helpers

    def _label(self, key: str, step_id: str) -> str:
        return res.common_snippet(self.language, "formula", key).format(step=step_id)

    def _duration(self, slot: _Slot) -> float | None:
        return _sum_known(self._steps[o].duration_hours for o in slot.origins)

    def _save_wait(self, slot: _Slot) -> None:
        label = self._label("wait_before", slot.origins[0])
        if slot.wait is None:
            self.unstated.append(label)
        else:
            self.ledger.append(Entry(f"{label} {res.hours(slot.wait, self.language)}", slot.wait))
        slot.wait = None

    def _repoint(self, origins: list[str], new_id: str | None) -> None:
        self.touched.update(origins)
        for as_is_id, current in list(self.alias.items()):
            if current in origins:
                self.alias[as_is_id] = new_id
        for loop in list(self._loops):
            start, end = self.alias.get(loop.from_step), self.alias.get(loop.to_step)
            if start is None or end is None or start == end:
                self._loops.remove(loop)
                if loop.wait_hours is not None:
                    text = res.common_snippet(self.language, "formula", "loop").format(
                        start=loop.from_step, end=loop.to_step
                    )
                    self.ledger.append(
                        Entry(f"{text} {res.hours(loop.wait_hours, self.language)}", loop.wait_hours)
                    )

    # ----------------------------------------------------------------- build

    def build(self) -> tuple[list[Step], list[Handoff]]:
        """The to-be steps and handoffs (handoffs recomputed between consecutive steps)."""
        tobe = {slot.origins[0]: self._step_of(slot) for slot in self.slots}
        order = [slot.origins[0] for slot in self.slots]
        pairs = set(itertools.pairwise(order))
        as_is_ids = [s.id for s in self.process.steps]
        as_is_pairs = set(itertools.pairwise(as_is_ids))
        kept: dict[tuple[str, str], Handoff] = {}
        for handoff in self.process.handoffs:
            start, end = self.alias.get(handoff.from_step), self.alias.get(handoff.to_step)
            if start is None or end is None or start == end or (start, end) in kept:
                continue
            untouched = not {handoff.from_step, handoff.to_step} & self.touched
            skip_or_loop = (handoff.from_step, handoff.to_step) not in as_is_pairs
            if (start, end) in pairs or (skip_or_loop and untouched):
                kept[(start, end)] = self._mapped(handoff, tobe[start], tobe[end], (start, end) in pairs)
        for start, end in itertools.pairwise(order):
            if (
                (start, end) not in kept
                and (start, end) not in as_is_pairs
                and actors_differ(tobe[start], tobe[end])
                and self._handed_over_across(start, end)
            ):
                kept[(start, end)] = self._handoff(tobe[start], tobe[end], self.slot(end))
        handoffs = sorted(kept.values(), key=lambda h: order.index(h.from_step))
        steps = [tobe[i] for i in order]
        return steps, handoffs

    def _handed_over_across(self, start: str, end: str) -> bool:
        """Did the work change hands in the as-is stretch that now lies
        between these two steps? Only then does the bridge count as a
        handoff; where the interview named none, none is invented."""
        low, high = sorted((self.position[start], self.position[end]))
        gap = {s.id for s in self.process.steps[low + 1 : high]}
        return any(h.from_step in gap or h.to_step in gap for h in self.process.handoffs)

    def _step_of(self, slot: _Slot) -> Step:
        # propose() restructures the same as-is process once per draft and
        # most slots come out alike: their to-be steps are made once per
        # process (the latest one only) and shared, never changed in place.
        global _latest
        process, made = _latest
        if process is not self.process:
            made = {}
            _latest = (self.process, made)
        key = (tuple(slot.origins), slot.owner.actor, slot.owner.org_unit, slot.wait, slot.parallel_with)
        step = made.get(key)
        if step is None:
            step = made[key] = self._make_step(slot)
        return step

    def _make_step(self, slot: _Slot) -> Step:
        members = [self._steps[o] for o in slot.origins]
        first = members[0]
        return first.model_copy(
            update={
                "action": "; ".join(res.distinct(m.action for m in members)),
                "actor": slot.owner.actor,
                "org_unit": slot.owner.org_unit,
                "system": ", ".join(res.distinct(m.system for m in members)) or None,
                "duration_hours": _sum_known(m.duration_hours for m in members),
                "wait_hours": slot.wait,
                "value": min((m.value for m in members), key=_VALUE_ORDER.index),
                "evidence": [e for m in members for e in m.evidence],
                "flags": res.distinct(f for m in members for f in m.flags),
                "parallel_with": slot.parallel_with,
            }
        )

    def _mapped(self, handoff: Handoff, start: Step, end: Step, consecutive: bool) -> Handoff:
        wait = handoff.wait_hours
        if consecutive and wait is not None:
            remaining = self.slot(end.id)
            wait = remaining.wait if remaining and remaining.wait is not None else None
        known_orgs = bool(start.org_unit and end.org_unit)
        return Handoff(
            from_step=start.id,
            to_step=end.id,
            from_actor=start.actor,
            to_actor=end.actor,
            crosses_org_boundary=crosses_org(start, end) if known_orgs else handoff.crosses_org_boundary,
            wait_hours=wait,
        )

    @staticmethod
    def _handoff(start: Step, end: Step, slot: _Slot | None) -> Handoff:
        return Handoff(
            from_step=start.id,
            to_step=end.id,
            from_actor=start.actor,
            to_actor=end.actor,
            crosses_org_boundary=crosses_org(start, end),
            wait_hours=slot.wait if slot else None,
        )


def _down(hours: float) -> float:
    """Round to 0.01 h without ever rounding up: a saving must not exceed
    the waits it comes from, not even by a rounding step."""
    return math.floor(hours * 100 + 1e-9) / 100


def _sum_known(values: Iterable[float | None]) -> float | None:
    known = [float(v) for v in values if v is not None]
    return sum(known) if known else None


def apply_step_changes(state: Restructuring, changes: Sequence[StepChange]) -> list[str]:
    """Apply the structural part of a proposal (merge, remove, parallel).

    A merge without `with_step` goes into the proposal's first automated or
    exception-only step, else into its earliest merged step; a parallel step
    without `with_step` runs alongside its predecessor. Unknown step ids are
    skipped (an LLM may name steps that do not exist). Returns the steps whose
    wait the proposal may shorten beyond that (automate, exception-only).
    """
    position = state.position
    merged = sorted(
        (c.step_id for c in changes if c.change == "merge" and c.step_id in position),
        key=position.__getitem__,
    )
    owner = next((c.step_id for c in changes if c.change in ("automate", "exception-only")), None)
    owner = owner or (merged[0] if merged else None)
    ids = [s.id for s in state.process.steps]
    for change in changes:
        if change.change == "merge" and (change.with_step or owner):
            state.merge(change.step_id, change.with_step or owner or "")
        elif change.change == "remove":
            state.remove(change.step_id)
        elif change.change == "parallel" and change.step_id in position:
            before = ids[position[change.step_id] - 1] if position[change.step_id] > 0 else None
            if change.with_step or before:
                state.parallel(change.step_id, change.with_step or before or "")
    return [c.step_id for c in changes if c.change in ("automate", "exception-only")]

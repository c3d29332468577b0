"""What every redesign pattern needs: the interview's process as a context,
and the draft a pattern returns before it is written up as a Proposal.

A pattern (one generator per redesign pattern, in patterns_flow.py and
patterns_coordination.py) reads the findings it answers, picks the steps it
changes, and says how: step changes (merge, remove, parallel, automate,
exception-only) and, for patterns that shorten a wait without removing a
step, explicit reductions with the formula text. The saving is then computed
by restructure.Restructuring from those changes, never by the pattern itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.analysis import resources as res
from interviewer.analysis.process_facts import positions, wait_before
from interviewer.models import Finding, Language, Process, Step, StepChange, Transcript


@dataclass(frozen=True)
class Reduction:
    """Shorten the wait before a step by `hours`; `text` is its formula term."""

    step_id: str
    hours: float
    text: str


@dataclass
class Draft:
    kind: str
    findings: list[Finding]
    changes: list[StepChange]
    variables: dict[str, str]
    reductions: list[Reduction] = field(default_factory=list)
    prerequisites: list[str] = field(default_factory=list)  # keys of common.yaml prerequisites
    risks: list[str] = field(default_factory=list)  # keys of common.yaml risks
    crosses_company: bool = False


@dataclass(frozen=True)
class Context:
    process: Process
    language: Language
    transcript: Transcript | None
    position: dict[str, int]

    @classmethod
    def of(cls, process: Process, language: Language, transcript: Transcript | None) -> Context:
        return cls(process, language, transcript, positions(process))

    # ------------------------------------------------------------- steps

    def step(self, step_id: str) -> Step:
        return self.process.steps[self.position[step_id]]

    def pos(self, step: Step) -> int:
        return self.position[step.id]

    def finding_steps(self, findings: list[Finding]) -> list[Step]:
        """The real steps the findings concern, in process order (unknown ids ignored)."""
        ids = {sid for f in findings for sid in f.step_ids if sid in self.position}
        return [s for s in self.process.steps if s.id in ids]

    def scope(self, findings: list[Finding], *fallback_cues: str) -> list[Step]:
        """The findings' steps; when they name none, the steps whose action shows the cue."""
        steps = self.finding_steps(findings)
        if steps:
            return steps
        return [s for s in self.process.steps if any(res.step_has_cue(s, cue) for cue in fallback_cues)]

    def wait(self, step: Step) -> float | None:
        return wait_before(self.process, step.id, self.position)

    def predecessor(self, step: Step) -> Step | None:
        index = self.pos(step)
        return self.process.steps[index - 1] if index > 0 else None

    def is_customer(self, step: Step) -> bool:
        return res.names_customer(step.actor)

    def entry_step(self) -> Step | None:
        """Where the case enters the organisation: the first step not done by the customer."""
        inside = [s for s in self.process.steps if not self.is_customer(s)]
        if inside:
            return inside[0]
        return self.process.steps[0] if self.process.steps else None

    def owner_step(self) -> Step | None:
        """The first step of the unit that does most of the case's work (the
        natural case owner); ties go to the unit that comes first."""
        entry = self.entry_step()
        inside = [s for s in self.process.steps if not self.is_customer(s) and not self.is_external(s, entry)]
        counts: dict[str, int] = {}
        for s in inside:
            if s.actor:
                counts[s.actor.casefold()] = counts.get(s.actor.casefold(), 0) + 1
        if not counts:
            return entry
        best = max(counts.values())
        return next(s for s in inside if s.actor and counts[s.actor.casefold()] == best)

    def is_external(self, step: Step, owner: Step | None) -> bool:
        """Done by another company: its org unit differs from the owner's, or it
        is reached over a handoff that crosses the organisation's boundary."""
        if owner is not None and step.org_unit and owner.org_unit:
            return step.org_unit.strip().casefold() != owner.org_unit.strip().casefold()
        return any(h.crosses_org_boundary for h in self.process.handoffs if h.to_step == step.id)

    def spans_companies(self, steps: list[Step]) -> bool:
        """True when the steps are done by more than one company, i.e. data
        must flow across the organisation's boundary for the change."""
        if len(steps) < 2:
            return False
        return any(self.is_external(s, steps[0]) for s in steps[1:])

    # -------------------------------------------------------------- text

    def ref(self, step: Step) -> str:
        return res.step_ref(step, self.language)

    def refs(self, steps: list[Step]) -> str:
        return res.join_list((self.ref(s) for s in steps), self.language)

    def actor(self, step: Step | None) -> str:
        if step is not None and step.actor:
            return step.actor
        return res.common(self.language, "someone")

    def actors(self, steps: list[Step]) -> str:
        return res.join_list(res.distinct(s.actor for s in steps), self.language) or res.common(
            self.language, "someone"
        )

    def systems(self, steps: list[Step]) -> str:
        names = res.distinct(s.system for s in steps)
        return res.join_list(names, self.language)

    def customer(self) -> str:
        return res.customer_phrase(self.process.customer, self.language)

    def base_variables(self) -> dict[str, str]:
        all_systems = self.systems(list(self.process.steps))
        return {
            "customer": self.customer(),
            "process": self.process.name,
            "all_systems": all_systems or res.common(self.language, "systems_unknown"),
        }


def hours_text(value: float | None, language: Language) -> str:
    """'2 weeks' for a known wait, '' for an unknown one (templates test for '')."""
    return res.span(value, language) if value else ""

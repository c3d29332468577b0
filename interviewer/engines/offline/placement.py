"""Where a sentence's steps go in the process.

- "Before we send it, we check it": the "before" clause happens second.
- "We call the customer once the technician is done": an "after" clause that
  comes second happens first.
- "No wait, first we check the credit" / "I forgot: before that ...": the
  new step goes before the one said last.
- "No, sorry, the department head approves it": a correction with the same
  verb replaces the step said last.
A correction cue that opens the answer to a question ("No, first it goes to
planning") denies the interviewer's guess, not the speaker's own last step.
"""

from __future__ import annotations

from interviewer.engines.offline.assembly import Placement, StepDraft, StepList


def place_sentence(
    sentence_steps: list[tuple[StepDraft, set[str]]],
    steps: StepList,
    anchor: StepDraft | None,
    answers_question: bool,
    forgot: bool,
) -> int:
    """Add a sentence's steps to `steps`; returns how many were said (new or repeated)."""
    if not sentence_steps:
        return 0
    ordered = [draft for draft, _ in sentence_steps]
    markers = [set(m) for _, m in sentence_steps]
    for i in range(len(ordered) - 1):
        if "before" in markers[i] and "before" not in markers[i + 1]:
            ordered[i], ordered[i + 1] = ordered[i + 1], ordered[i]
            markers[i], markers[i + 1] = markers[i + 1], markers[i]
    for i in range(1, len(ordered)):
        if "after" in markers[i] and "after" not in markers[i - 1]:
            ordered[i], ordered[i - 1] = ordered[i - 1], ordered[i]
            markers[i], markers[i - 1] = markers[i - 1], markers[i]
    ordered, markers = _corrected_within(ordered, markers)
    first = markers[0]
    correction = "correction" in first and not answers_question
    placement: Placement = "append"
    if anchor is not None and (forgot or (correction and "first" in first)):
        placement = "before"
    elif anchor is not None and correction and ordered[0].lemma == anchor.lemma:
        placement = "replace"
    previous: StepDraft | None = None
    for draft, marks in zip(ordered, markers, strict=True):
        target, where = anchor, placement
        named = [m.split(":", 1)[1] for m in marks if m.startswith("before_np:")]
        if named and steps.named(named[0].split()) is not None:
            target, where = steps.named(named[0].split()), "before"  # "before the quotation we ..."
        elif previous is not None and "correction" in marks and "first" in marks:
            target, where = previous, "before"  # "we send it, no wait, first we check it"
        previous = steps.add(draft, where, target)
        if placement == "replace":
            placement = "append"
    return len(ordered)


def _corrected_within(
    ordered: list[StepDraft], markers: list[set[str]]
) -> tuple[list[StepDraft], list[set[str]]]:
    """'we import the Excel, well, actually we copy it in': a correction inside a
    sentence replaces the step said just before it."""
    drafts: list[StepDraft] = []
    marks: list[set[str]] = []
    for draft, mark in zip(ordered, markers, strict=True):
        replaces = (
            "correction" in mark and "first" not in mark and not any(m.startswith("before_np") for m in mark)
        )
        if drafts and replaces:
            replaced = drafts.pop()
            marks.pop()
            draft.evidence = replaced.evidence + [e for e in draft.evidence if e not in replaced.evidence]
            draft.actor = draft.actor or replaced.actor
        drafts.append(draft)
        marks.append(mark)
    return drafts, marks

"""The two questions of the redesign, asked of every step:

1. Does it add value for the customer?
2. Does it exist only because it once made sense?

Answered only from what is known: the step's value class, the findings on
it, the wait before it, and words in its evidence such as "we have always
done it this way". Where the interview did not say, the answer says so and
gives the question to put to the people who do the step. Texts come from
templates/step-review.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.analysis import resources as res
from interviewer.analysis.process_facts import positions, wait_before
from interviewer.models import Category, Finding, Language, Process, Step, StepReview

# Findings that say a step carries friction or waste rather than value.
_FRICTION: frozenset[Category] = frozenset(
    {
        "rework-loop",
        "status-chasing",
        "over-processing",
        "legacy-step",
        "manual-re-entry",
        "approval-bottleneck",
        "batching",
        "handoff-delay",
        "information-silo",
    }
)
_CONTROL: frozenset[Category] = frozenset({"approval-bottleneck", "over-processing"})


def review_steps(process: Process, findings: Sequence[Finding], language: Language) -> list[StepReview]:
    position = positions(process)
    reviews = []
    for step in process.steps:
        on_step = [f for f in findings if step.id in f.step_ids]
        values = _values(process, step, on_step, language, position)
        reviews.append(
            StepReview(
                step_id=step.id,
                adds_customer_value=_value_answer(step, on_step, values, language),
                exists_only_historically=_origin_answer(step, on_step, values, language),
            )
        )
    return reviews


def _values(
    process: Process, step: Step, on_step: list[Finding], language: Language, position: dict[str, int]
) -> dict[str, str]:
    section = res.template("step-review")[language]
    customer = res.customer_phrase(process.customer, language)
    actor = step.actor or res.common(language, "someone")
    wait = wait_before(process, step.id, position)
    return {
        "actor": actor,
        "customer": customer,
        "findings": res.join_list(
            res.distinct(f"{res.quoted(f.title, language)} ({f.category})" for f in on_step), language
        ),
        "wait": res.span(wait, language) if wait else "",
        "ask_value": section["ask_value"].format(customer=customer),
        "ask_origin": section["ask_origin"],
    }


def _say(language: Language, group: str, key: str, values: dict[str, str]) -> str:
    text: str = res.template("step-review")[language][group][key]
    return _capitalised(text.format_map(values))


def _value_answer(step: Step, on_step: list[Finding], values: dict[str, str], language: Language) -> str:
    friction = [f for f in on_step if f.category in _FRICTION]
    key: str = step.value
    if key == "unknown" and friction:
        key = "doubtful"
    parts = [_say(language, "value", key, values)]
    if step.value in ("customer", "business") and friction:
        parts.append(_say(language, "value", "friction", values))
    if values["wait"]:
        parts.append(_say(language, "value", "wait", values))
    return " ".join(parts)


def _origin_answer(step: Step, on_step: list[Finding], values: dict[str, str], language: Language) -> str:
    quote = _historic_quote(step, on_step)
    if quote is not None:
        return _say(language, "origin", "quote", {**values, "quote": quote[0], "turn": quote[1]})
    categories = {f.category for f in on_step}
    if "legacy-step" in categories:
        legacy = [f for f in on_step if f.category == "legacy-step"]
        return _say(language, "origin", "legacy", {**values, "findings": _titles(legacy, language)})
    if step.value in ("customer", "business"):
        return _say(language, "origin", step.value, values)
    if categories & _CONTROL:
        control = [f for f in on_step if f.category in _CONTROL]
        return _say(language, "origin", "control", {**values, "findings": _titles(control, language)})
    if "manual-re-entry" in categories:
        reentry = [f for f in on_step if f.category == "manual-re-entry"]
        return _say(language, "origin", "reentry", {**values, "findings": _titles(reentry, language)})
    return _say(language, "origin", "waste" if step.value == "waste" else "unknown", values)


def _historic_quote(step: Step, on_step: list[Finding]) -> tuple[str, str] | None:
    """A quote saying the step survives from the past, with its turn."""
    for evidence in step.evidence:
        if res.text_has_cue(evidence.quote, "historic"):
            return evidence.quote.strip(), str(evidence.turn)
    for finding in on_step:
        if (
            finding.category == "legacy-step"
            and finding.evidence_turns
            and res.text_has_cue(finding.evidence, "historic")
        ):
            return finding.evidence.strip().strip("\"'“”„"), str(finding.evidence_turns[0])
    return None


def _titles(findings: list[Finding], language: Language) -> str:
    return res.join_list(res.distinct(res.quoted(f.title, language) for f in findings), language)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text

"""What the LLM is asked to return: small models, validated by pydantic.

They differ from the contract in interviewer.models on purpose: no ids, no
metrics and no handoffs (code derives those), and every step carries the
evidence it is grounded on. Field descriptions are reused from the contract
so that the model and the reader see the same wording.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from interviewer import models
from interviewer.models import ValueClass


def _described(model: type[BaseModel], field: str) -> str:
    return model.model_fields[field].description or ""


class _LLMModel(BaseModel):
    # An unknown field is an error: the repair round tells the model which.
    model_config = ConfigDict(extra="forbid")


class Quote(_LLMModel):
    """A quote from one turn of the interview, copied word for word."""

    turn: int = Field(ge=1, description=_described(models.Evidence, "turn"))
    quote: str = Field(min_length=1, description=_described(models.Evidence, "quote"))


class ExtractedStep(_LLMModel):
    """One step of the process, grounded on what was said."""

    action: str = Field(min_length=1, description=_described(models.Step, "action"))
    actor: str | None = Field(default=None, description=_described(models.Step, "actor"))
    org_unit: str | None = Field(default=None, description=_described(models.Step, "org_unit"))
    system: str | None = Field(default=None, description=_described(models.Step, "system"))
    duration_hours: float | None = Field(
        default=None,
        ge=0,
        description=_described(models.Step, "duration_hours") + " Only when a quote states the time.",
    )
    wait_hours: float | None = Field(
        default=None,
        ge=0,
        description=_described(models.Step, "wait_hours") + " Only when a quote states the time.",
    )
    value: ValueClass = Field(default="unknown", description=_described(models.Step, "value"))
    evidence: list[Quote] = Field(
        min_length=1, description="At least one quote from the interview that says this step happens."
    )


class ExtractedProcess(_LLMModel):
    """The process described in the interview, steps in the order the work happens."""

    name: str = Field(min_length=1, description=_described(models.Process, "name"))
    trigger: str | None = Field(default=None, description=_described(models.Process, "trigger"))
    customer: str | None = Field(default=None, description=_described(models.Process, "customer"))
    stated_lead_time_hours: float | None = Field(
        default=None, ge=0, description=_described(models.Process, "stated_lead_time_hours")
    )
    stated_lead_time_evidence: Quote | None = Field(
        default=None, description="The quote in which the end-to-end time is stated."
    )
    steps: list[ExtractedStep] = Field(description=_described(models.Process, "steps"))


class ProposalText(_LLMModel):
    """The wording of one proposal; its numbers and steps are fixed by code."""

    id: str = Field(description="The id of the proposal as given; do not invent ids.")
    title: str = Field(min_length=1, description="A short title naming the change.")
    change: str = Field(min_length=1, description=_described(models.Proposal, "change"))
    ai_role: str = Field(min_length=1, description="What the AI does, concretely.")
    stays_with_people: str = Field(min_length=1, description="What stays with people, and who decides.")
    risks: list[str] = Field(description="Risks and safeguards, one sentence each.")


class ProposalTexts(_LLMModel):
    """The wording for every proposal given, one entry per id."""

    proposals: list[ProposalText]

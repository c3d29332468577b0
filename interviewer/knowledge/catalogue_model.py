"""The anti-pattern catalogue entry: the schema of the YAML files under
interviewer/knowledge/catalogue/. Loading and validation live in catalogue.py.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from interviewer.models import Category


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Bilingual(_Strict):
    en: str = Field(min_length=1)
    de: str = Field(min_length=1)


class BilingualList(_Strict):
    en: list[str] = Field(min_length=1)
    de: list[str] = Field(min_length=1)


class Cost(_Strict):
    customer: Bilingual = Field(
        description="What the customer pays for it: waiting, calls, repeated requests."
    )
    organisation: Bilingual = Field(description="What the organisation pays: effort, errors, capacity.")


class Heuristic(_Strict):
    """A redesign heuristic from the literature, in our own words."""

    source: str = Field(
        description="'reijers-limam-mansar' (best practices of process redesign) or 'lean' (the wastes)."
    )
    name: str = Field(description="Name of the best practice or waste, e.g. 'task elimination', 'waiting'.")
    advice: Bilingual


class AILever(_Strict):
    ai_does: Bilingual = Field(description="What an AI component would do, concretely.")
    people_keep: Bilingual = Field(description="What stays with people.")
    proposal_kind: str = Field(
        description="intake-assistant | parallel-planning | case-owner-assistant | document-drafting | "
        "data-carry-over | exception-approval | knowledge-assistant | batch-to-flow | other"
    )


class AntiPattern(_Strict):
    id: str = Field(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Stable slug, e.g. 'handoff-delay-telecom-field'."
    )
    category: Category
    settings: list[str] = Field(
        min_length=1,
        description="Where it is typical: public-services, telecom, insurance, manufacturing, health, it, "
        "construction, back-office, logistics, retail, banking, general.",
    )
    title: Bilingual
    description: Bilingual
    signals: BilingualList = Field(description="Phrases and situations in an interview that reveal it.")
    cost: Cost
    heuristics: list[Heuristic] = Field(min_length=1)
    ai_levers: list[AILever] = Field(min_length=1)

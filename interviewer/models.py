"""The contract: pydantic models of the transcript and of the analysis result.

These models are the one definition of every boundary: the CLI writes them,
the REST API returns them, the LLM engine is sent their JSON Schema and its
replies are validated against them, and stored results are read back through
them. ../shared/spec/result.md lists the fields that must never be removed or
renamed; everything else here is additive. Field descriptions are written for
people and for the LLM, which reads them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

# Bump when a field changes meaning or is removed (adding fields keeps it).
SCHEMA_VERSION = "1.0"

Language = Literal["en", "de"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

ValueClass = Literal["customer", "business", "waste", "unknown"]

# The slugs of spec/taxonomy.md: a stable public contract.
Category = Literal[
    "handoff-delay",
    "sequential-planning",
    "approval-bottleneck",
    "rework-loop",
    "manual-re-entry",
    "batching",
    "status-chasing",
    "information-silo",
    "unclear-ownership",
    "legacy-step",
    "over-processing",
    "external-dependency",
    "proxy-metric",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)


class _Model(BaseModel):
    # Unknown fields are an error: a typo in an LLM reply or a stored result
    # must not silently disappear.
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------
# Transcript
# --------------------------------------------------------------------------


class Turn(_Model):
    """One uninterrupted contribution of one speaker."""

    number: int = Field(ge=1, description="1-based position of the turn in the interview.")
    speaker: str = Field(
        min_length=1, description="Name or label of the speaker as written in the transcript."
    )
    role: str | None = Field(
        default=None,
        description="Role or unit of the speaker when known, e.g. 'order management' from 'Petra (order management)'.",
    )
    text: str = Field(description="What the speaker said, as one paragraph.")
    start_seconds: float | None = Field(default=None, ge=0, description="Start of the turn in the recording.")
    end_seconds: float | None = Field(default=None, ge=0, description="End of the turn in the recording.")
    is_interviewer: bool = Field(
        default=False, description="True when the speaker is the interviewer rather than the interviewee."
    )


class Transcript(_Model):
    """An interview as ordered, speaker-labelled turns."""

    case_id: str = Field(
        min_length=1, description="Interview id, or the transcript's file stem in batch mode."
    )
    language: Language | None = Field(default=None, description="Language of the interview when known.")
    title: str | None = Field(default=None, description="Process name or title of the interview, when given.")
    source: str | None = Field(default=None, description="File the transcript was read from, if any.")
    source_format: str | None = Field(
        default=None, description="Format the transcript was read as: 'text', 'vtt', 'srt', 'json' or 'docx'."
    )
    encoding: str | None = Field(
        default=None,
        description="Text encoding the file was decoded with, e.g. 'utf-8-sig', 'utf-16', 'windows-1252'.",
    )
    turns: list[Turn] = Field(default_factory=list)


# --------------------------------------------------------------------------
# Process
# --------------------------------------------------------------------------


class Evidence(_Model):
    turn: int = Field(ge=1, description="Number of the turn the quote comes from.")
    quote: str = Field(min_length=1, description="Words from that turn, verbatim, that support the claim.")


class Step(_Model):
    id: str = Field(description="Stable id within the result, e.g. 's1'.")
    action: str = Field(description="Short verb phrase: 'check the order for completeness'.")
    actor: str | None = Field(
        default=None, description="Role or unit that does the step: 'order management'."
    )
    org_unit: str | None = Field(
        default=None, description="Department or company the actor belongs to, when known."
    )
    system: str | None = Field(default=None, description="Tool or system used: 'SAP', 'email', 'Excel'.")
    duration_hours: float | None = Field(
        default=None,
        ge=0,
        description="Hands-on time of the step in hours; null when the interview did not say.",
    )
    wait_hours: float | None = Field(
        default=None,
        ge=0,
        description="Calendar hours the case waits before this step starts; null when the interview did not say.",
    )
    value: ValueClass = Field(
        default="unknown",
        description="customer: the customer would miss it; business: required by the organisation or law; "
        "waste: adds nothing; unknown: not said.",
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="Where in the interview the step was said."
    )
    flags: list[str] = Field(
        default_factory=list,
        description="Reservations about this step, e.g. 'ungrounded' when its evidence was not found in the transcript.",
    )
    parallel_with: str | None = Field(
        default=None,
        description="In a to-be process: id of the step this one now runs alongside (it starts from the same "
        "input instead of waiting for the steps in between).",
    )


class Handoff(_Model):
    from_step: str = Field(description="Id of the step the work leaves.")
    to_step: str = Field(description="Id of the step the work arrives at.")
    from_actor: str | None = None
    to_actor: str | None = None
    crosses_org_boundary: bool = Field(
        default=False, description="True when the work passes to another department or company."
    )
    wait_hours: float | None = Field(default=None, ge=0, description="Hours the work waits at this handoff.")


class Metrics(_Model):
    lead_time_hours: float | None = Field(
        default=None, ge=0, description="First trigger to customer outcome, in calendar hours."
    )
    touch_time_hours: float | None = Field(default=None, ge=0, description="Sum of the steps' durations.")
    flow_efficiency: float | None = Field(
        default=None, ge=0, le=1, description="Touch time divided by lead time, 0..1."
    )
    handoff_count: int = Field(default=0, ge=0)
    org_boundary_crossings: int = Field(default=0, ge=0)
    total_wait_hours: float | None = Field(default=None, ge=0, description="Sum of the stated waits.")
    lead_time_source: Literal["stated", "computed"] | None = Field(
        default=None,
        description="'stated' when the interview gave the end-to-end time, 'computed' when summed from steps.",
    )


class Process(_Model):
    name: str = Field(description="Name of the process, e.g. 'broadband activation'.")
    trigger: str | None = Field(default=None, description="What starts the process, when said.")
    customer: str | None = Field(default=None, description="Who receives the outcome, when said.")
    steps: list[Step] = Field(default_factory=list, description="Steps in process order.")
    handoffs: list[Handoff] = Field(default_factory=list)
    metrics: Metrics = Field(default_factory=Metrics)
    stated_lead_time_hours: float | None = Field(
        default=None,
        ge=0,
        description="End-to-end time the interviewee stated for the whole process, if any.",
    )
    stated_lead_time_evidence: Evidence | None = None


# --------------------------------------------------------------------------
# Findings and proposals
# --------------------------------------------------------------------------


class Finding(_Model):
    id: str
    category: Category = Field(description="One slug of the anti-pattern taxonomy.")
    anti_pattern_id: str = Field(description="The catalogue entry it matched.")
    title: str
    step_ids: list[str] = Field(default_factory=list, description="The steps it concerns.")
    score: float = Field(ge=0, le=1, description="Retrieval similarity combined with signals, 0..1.")
    evidence: str = Field(min_length=1, description="Why it applies here, citing the interview.")
    evidence_turns: list[int] = Field(default_factory=list, description="Turns the evidence quotes.")
    similar_cases: list[str] = Field(
        default_factory=list, description="Earlier interviews in which a similar problem was found."
    )


StepChangeKind = Literal["merge", "remove", "parallel", "automate", "exception-only"]


class StepChange(_Model):
    step_id: str
    change: StepChangeKind
    with_step: str | None = Field(
        default=None,
        description="merge: the step it is merged into (the owner); parallel: the first upstream step it now "
        "runs alongside. Null for the other changes.",
    )


class Proposal(_Model):
    id: str
    title: str
    kind: str = Field(default="", description="Which redesign pattern it applies, e.g. 'intake-assistant'.")
    collapses_step_ids: list[str] = Field(
        default_factory=list, description="Steps merged, removed or run in parallel."
    )
    step_changes: list[StepChange] = Field(default_factory=list)
    removes_handoffs: int = Field(default=0, ge=0)
    finding_ids: list[str] = Field(default_factory=list, description="The findings it answers.")
    change: str = Field(description="What is done differently, concretely.")
    ai_role: str = Field(description="What the AI does, and what stays with people.")
    stays_with_people: str = ""
    expected_lead_time_saving_hours: float | None = Field(default=None, ge=0)
    saving_formula: str | None = Field(
        default=None, description="How the saving was computed from the waits the interview stated."
    )
    effort: Literal["low", "medium", "high"] = "medium"
    risks: list[str] = Field(default_factory=list)
    prerequisites: list[str] = Field(default_factory=list)
    rank: int = Field(default=0, ge=0, description="1 = best saving against effort.")


class StepReview(_Model):
    """The two questions of the redesign, asked of every step."""

    step_id: str
    adds_customer_value: str = Field(description="Does it add value for the customer? The answer and why.")
    exists_only_historically: str = Field(
        description="Does it exist only because it once made sense? The answer and why."
    )


# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------


class LLMCall(_Model):
    purpose: str = Field(description="extract, proposals, question, ...")
    model: str
    prompt_hash: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    seconds: float = 0.0
    attempts: int = 1
    outcome: Literal["ok", "repaired", "fallback"] = "ok"
    error: str | None = None


class EngineInfo(_Model):
    name: str = Field(description="'offline' or 'llm'.")
    model: str | None = None
    prompt_hashes: dict[str, str] = Field(default_factory=dict)
    fallbacks: list[str] = Field(
        default_factory=list, description="Calls that fell back to the offline engine, and why."
    )
    llm_calls: list[LLMCall] = Field(default_factory=list)


class AnalysisResult(_Model):
    """One interview's analysis: the public output contract (spec/result.md)."""

    schema_version: str = SCHEMA_VERSION
    case_id: str
    language: Language
    process: Process
    findings: list[Finding] = Field(default_factory=list)
    proposals: list[Proposal] = Field(default_factory=list)
    to_be: Process | None = Field(default=None, description="The process with the proposals applied.")
    step_reviews: list[StepReview] = Field(default_factory=list)
    engine: EngineInfo = Field(default_factory=lambda: EngineInfo(name="offline"))
    source: str | None = Field(default=None, description="The transcript file, in batch mode.")
    warnings: list[str] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

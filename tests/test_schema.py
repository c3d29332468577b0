"""The committed JSON Schema is the published contract: it must match the models."""

from __future__ import annotations

import json
import subprocess
import sys

from interviewer.cli.schema_cmd import render_schema, result_json_schema
from interviewer.models import CATEGORIES, SCHEMA_VERSION, AnalysisResult
from tests.conftest import REPO

SCHEMA_FILE = REPO / "schema" / "analysis-result.schema.json"


def test_committed_schema_matches_the_models() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == render_schema(), (
        "schema/analysis-result.schema.json is out of date; regenerate it with "
        "`interviewer schema > schema/analysis-result.schema.json` (and bump SCHEMA_VERSION "
        "if a field changed meaning or was removed)"
    )


def test_schema_command_prints_the_schema() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "interviewer", "schema"], capture_output=True, text=True, check=True
    )
    assert json.loads(completed.stdout) == result_json_schema()


def test_schema_keeps_the_minimum_fields_of_the_spec() -> None:
    schema = result_json_schema()
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    required_by_spec = {
        "AnalysisResult": {"schema_version", "case_id", "language", "process", "findings", "proposals"},
        "Process": {"name", "steps", "handoffs", "metrics"},
        "Step": {
            "id",
            "action",
            "actor",
            "org_unit",
            "system",
            "duration_hours",
            "wait_hours",
            "value",
            "evidence",
        },
        "Handoff": {"from_step", "to_step", "from_actor", "to_actor", "crosses_org_boundary", "wait_hours"},
        "Metrics": {
            "lead_time_hours",
            "touch_time_hours",
            "flow_efficiency",
            "handoff_count",
            "org_boundary_crossings",
        },
        "Finding": {"id", "category", "anti_pattern_id", "title", "step_ids", "score", "evidence"},
        "Proposal": {
            "id",
            "title",
            "collapses_step_ids",
            "removes_handoffs",
            "finding_ids",
            "change",
            "ai_role",
            "expected_lead_time_saving_hours",
            "risks",
        },
    }
    for name, fields in required_by_spec.items():
        props = schema["properties"] if name == "AnalysisResult" else defs[name]["properties"]
        assert fields <= set(props), f"{name} lacks {fields - set(props)}"
    assert set(defs["Finding"]["properties"]["category"]["enum"]) == set(CATEGORIES)


def test_result_round_trips_through_json() -> None:
    result = AnalysisResult.model_validate(
        {
            "case_id": "c1",
            "language": "de",
            "process": {
                "name": "Anschluss",
                "steps": [
                    {"id": "s1", "action": "Auftrag erfassen", "evidence": [{"turn": 2, "quote": "x"}]}
                ],
            },
        }
    )
    assert result.schema_version == SCHEMA_VERSION
    assert AnalysisResult.model_validate_json(result.model_dump_json()) == result

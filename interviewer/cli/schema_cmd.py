"""`interviewer schema`: print the JSON Schema of the analysis result."""

from __future__ import annotations

import argparse


def result_json_schema() -> dict[str, object]:
    from interviewer.models import AnalysisResult

    return AnalysisResult.model_json_schema(mode="serialization")


def render_schema() -> str:
    import json

    return json.dumps(result_json_schema(), indent=2, ensure_ascii=False) + "\n"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("schema", help="print the JSON Schema of the analysis result")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    sys.stdout.write(render_schema())
    return 0

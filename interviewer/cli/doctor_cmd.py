"""`interviewer doctor`: check the configured LLM endpoint and say what works."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check the configured LLM endpoint: reachable, model, structured output, embeddings",
        description="Check the configured OpenAI-compatible endpoint and say in plain words what works. "
        "Configuration: INTERVIEWER_* environment variables or the config file (docs/configuration.md).",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from interviewer.engines.llm.doctor import format_checks, healthy, run_checks
    from interviewer.settings import Settings

    settings = Settings()
    print(f"engine: {settings.engine}; endpoint: {settings.llm_base_url or '-'}; model: {settings.llm_model}")
    checks = run_checks(settings)
    print(format_checks(checks))
    return 0 if healthy(checks) else 1

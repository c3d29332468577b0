"""Tokens and an estimated cost, from the calls recorded in results.

Tokens are those the server reported; the price table is data
(data/prices.yaml), overridden by Settings.llm_prices_per_million. A model
with no known price (a local model, say) is counted in tokens but not in
money, and the summary says so instead of guessing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources

import yaml

from interviewer.models import AnalysisResult, LLMCall

Prices = Mapping[str, tuple[float, float]]


@functools.cache
def default_prices() -> dict[str, tuple[float, float]]:
    text = resources.files("interviewer.engines.llm").joinpath("data/prices.yaml").read_text("utf-8")
    return {str(model): (float(pair[0]), float(pair[1])) for model, pair in yaml.safe_load(text).items()}


def price_for(model: str, prices: Prices | None = None) -> tuple[float, float] | None:
    table = {**default_prices(), **(prices or {})}
    if model in table:
        return table[model]
    prefixes = [name for name in table if model.startswith(name)]
    return table[max(prefixes, key=len)] if prefixes else None


def call_cost(call: LLMCall, prices: Prices | None = None) -> float | None:
    price = price_for(call.model, prices)
    if price is None:
        return None
    return ((call.prompt_tokens or 0) * price[0] + (call.completion_tokens or 0) * price[1]) / 1_000_000


@dataclass
class Usage:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    unpriced_models: set[str] = field(default_factory=set)
    models: set[str] = field(default_factory=set)
    outcomes: dict[str, int] = field(default_factory=dict)
    results_with_fallback: int = 0
    results: int = 0


def total_usage(results: Iterable[AnalysisResult], prices: Prices | None = None) -> Usage:
    usage = Usage()
    for result in results:
        usage.results += 1
        usage.results_with_fallback += bool(result.engine.fallbacks)
        for call in result.engine.llm_calls:
            usage.calls += 1
            usage.models.add(call.model)
            usage.prompt_tokens += call.prompt_tokens or 0
            usage.completion_tokens += call.completion_tokens or 0
            usage.outcomes[call.outcome] = usage.outcomes.get(call.outcome, 0) + 1
            cost = call_cost(call, prices)
            if cost is None:
                usage.unpriced_models.add(call.model)
            else:
                usage.cost += cost
    return usage


def summarise_usage(results: Iterable[AnalysisResult], prices: Prices | None = None) -> str:
    """One line for the end of `interviewer analyze`: calls, tokens, estimated cost, fallbacks.

    Empty when no result used the LLM (the offline engine prints nothing).
    """
    usage = total_usage(results, prices)
    if usage.calls == 0:
        return ""
    outcomes = ", ".join(f"{count} {name}" for name, count in sorted(usage.outcomes.items()))
    text = (
        f"LLM ({', '.join(sorted(usage.models))}): {usage.calls} calls ({outcomes}), "
        f"{usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} completion tokens"
    )
    if usage.unpriced_models and usage.unpriced_models == usage.models:
        text += ", cost unknown (no price for this model; set INTERVIEWER_LLM_PRICES_PER_MILLION)"
    else:
        text += f", estimated cost ${usage.cost:.4f}"
        if usage.unpriced_models:
            text += f" (without {', '.join(sorted(usage.unpriced_models))}: no price known)"
    if usage.results_with_fallback:
        text += (
            f"; {usage.results_with_fallback} of {usage.results} results used the offline fallback somewhere"
        )
    return text

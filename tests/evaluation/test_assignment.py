from __future__ import annotations

import itertools
import random

from interviewer.evaluation.assignment import max_weight_assignment
from interviewer.evaluation.cases import ExpectedStep
from interviewer.evaluation.matching import match_steps
from interviewer.models import Step


def brute_force(weights: list[list[float]]) -> float:
    rows, cols = len(weights), len(weights[0])
    best = 0.0
    for chosen in itertools.permutations(range(cols), min(rows, cols)) if rows <= cols else []:
        best = max(best, sum(max(weights[i][j], 0.0) for i, j in enumerate(chosen)))
    if rows > cols:
        for chosen in itertools.permutations(range(rows), cols):
            best = max(best, sum(max(weights[i][j], 0.0) for j, i in enumerate(chosen)))
    return best


def test_matches_brute_force_on_random_matrices() -> None:
    rng = random.Random(7)
    for _ in range(300):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        weights = [
            [rng.choice([0.0, 0.0, round(rng.uniform(0.5, 1.3), 2)]) for _ in range(cols)]
            for _ in range(rows)
        ]
        pairs = max_weight_assignment(weights)
        assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
        assert all(weights[i][j] > 0 for i, j in pairs)
        assert abs(sum(weights[i][j] for i, j in pairs) - brute_force(weights)) < 1e-9


def test_empty_inputs() -> None:
    assert max_weight_assignment([]) == []
    assert max_weight_assignment([[]]) == []
    assert max_weight_assignment([[0.0, 0.0]]) == []


def test_second_best_candidate_is_used_when_the_best_is_needed_elsewhere() -> None:
    # Greedy would give "identify the part" to the first expected step (exact alias)
    # and leave Engineering's step without a partner.
    expected = [
        ExpectedStep(
            action="Ask the customer for the serial number", actor="Service", aliases=["identify the part"]
        ),
        ExpectedStep(action="Identify the part number", actor="Engineering"),
    ]
    extracted = [
        Step(id="s1", action="identify the part", actor="Service"),
        Step(id="s2", action="ask for the serial number", actor="Service"),
    ]
    pairs = match_steps(expected, extracted, "en").pairs
    assert [(p.expected, p.extracted) for p in pairs] == [(0, 1), (1, 0)]

"""Maximum-weight one-to-one assignment (Hungarian method, pure Python).

Greedy "best pair first" can lose a match: if expected step A's best
candidate is also the only candidate of step B, greedy gives it to A and B
stays unmatched although A had a second-best. The matrices here are small
(tens of steps), so the exact O(n^2 m) method costs nothing; scipy would do
the same but is not a dependency of this project.
"""

from __future__ import annotations

from collections.abc import Sequence


def max_weight_assignment(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Row/column pairs maximising the total weight; each row and column used once.

    Zero or negative weights mean "no edge": such pairs are never returned.
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if not rows or not cols:
        return []
    transposed = rows > cols
    matrix = (
        [list(col) for col in zip(*weights, strict=True)] if transposed else [list(row) for row in weights]
    )
    n, m = len(matrix), len(matrix[0])
    cost = [[-max(value, 0.0) for value in row] for row in matrix]

    # Jonker-Volgenant style potentials, 1-based with a virtual column 0.
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j] = row assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    current = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if current < minv[j]:
                        minv[j], way[j] = current, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1

    pairs = []
    for j in range(1, m + 1):
        i = owner[j]
        if i and matrix[i - 1][j - 1] > 0:
            pairs.append((j - 1, i - 1) if transposed else (i - 1, j - 1))
    return sorted(pairs)

"""Maximum-weight assignment on a square matrix: the matching engine of the planner.

A shortest augmenting path algorithm (Jonker–Volgenant / Crouse, the one behind
SciPy's `linear_sum_assignment`), written for plain lists of ints: exact, O(n^3) in
the worst case, and much faster on the planner's matrices, where most weights are
alike and a free column of equal cost is taken at once.
"""

from collections.abc import Sequence

_INF = float("inf")


def max_weight_assignment(weights: Sequence[Sequence[int]]) -> list[int]:
    """Return `column[row]`, a permutation maximising the sum of weights[row][column].

    The matrix is square (n x n, n >= 0) of ints; an exact optimum is returned.
    Ties go to whichever optimum the search meets first (deterministic for a matrix).
    """
    n = len(weights)
    cost = [[-w for w in row] for row in weights]
    u = [0] * n
    v = [0] * n
    col4row = [-1] * n
    row4col = [-1] * n
    for row in range(n):
        _augment(cost, u, v, col4row, row4col, row)
    return col4row


def _augment(cost, u, v, col4row, row4col, start):
    n = len(cost)
    shortest = [_INF] * n
    path = [-1] * n
    remaining = list(range(n - 1, -1, -1))
    visited_rows = [start]
    visited_cols = []
    i, low, sink = start, 0, -1
    while sink < 0:
        base = low - u[i]
        row = cost[i]
        best, best_at = _INF, -1
        for at, j in enumerate(remaining):
            reduced = base + row[j] - v[j]
            if reduced < shortest[j]:
                path[j] = i
                shortest[j] = reduced
            else:
                reduced = shortest[j]
            if reduced < best or (reduced == best and row4col[j] < 0):
                best, best_at = reduced, at
        low = best
        j = remaining[best_at]
        remaining[best_at] = remaining[-1]
        remaining.pop()
        visited_cols.append(j)
        if row4col[j] < 0:
            sink = j
        else:
            i = row4col[j]
            visited_rows.append(i)
    u[start] += low
    for i in visited_rows[1:]:
        u[i] += low - shortest[col4row[i]]
    for j in visited_cols:
        v[j] -= low - shortest[j]
    j = sink
    while True:
        i = path[j]
        row4col[j] = i
        col4row[i], j = j, col4row[i]
        if i == start:
            break

"""The Kemeny–Young consensus order: exact by dynamic programming over subsets."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["EXACT_LIMIT", "kemeny_order", "order_score"]

#: Up to this many candidates the order is exact (2ⁿ·n steps: 16 is ~1M).
EXACT_LIMIT = 16


def order_score(order: Sequence[int], support: Sequence[Sequence[float]]) -> float:
    """Σ support[a][b] over the pairs where a comes before b in *order*."""
    total = 0.0
    for i, a in enumerate(order):
        for b in order[i + 1 :]:
            total += support[a][b]
    return total


def kemeny_order(support: Sequence[Sequence[float]]) -> tuple[list[int], bool]:
    """The order that agrees most with the panel's pairwise preferences.

    ``support[a][b]`` is how much weight of the panel prefers ``a`` to ``b``.
    The Kemeny–Young order maximises the total support of the pairs it puts in
    that order (equivalently, minimises the weighted Kendall distance to the
    panelists' orders).

    Exact for up to :data:`EXACT_LIMIT` candidates, by dynamic programming over
    subsets (Held–Karp style): the best order of a set is the best order of the
    set minus one element, followed by that element. Beyond that, a local search
    (repeatedly moving one candidate to its best position) from the order of the
    candidates' total support; the second value is ``False`` then, since the
    result may not be optimal.

    Among equally good orders the first in index order wins, so callers should
    index candidates in a canonical order.
    """
    n = len(support)
    if n <= EXACT_LIMIT:
        return _exact(support), True
    return _local_search(support), False


def _exact(support: Sequence[Sequence[float]]) -> list[int]:
    n = len(support)
    if n == 0:
        return []
    size = 1 << n
    # gain[c][S] = Σ_{a ∈ S} support[a][c]: what placing c after the set S earns.
    gain = []
    for c in range(n):
        g = [0.0] * size
        column = [support[a][c] for a in range(n)]
        for s in range(1, size):
            low = s & -s
            g[s] = g[s ^ low] + column[low.bit_length() - 1]
        gain.append(g)
    best = [float("-inf")] * size
    best[0] = 0.0
    last = [-1] * size
    bits = [1 << c for c in range(n)]
    for s in range(size):
        base = best[s]
        for c in range(n):
            bit = bits[c]
            if s & bit:
                continue
            t = s | bit
            value = base + gain[c][s]
            if value > best[t]:
                best[t] = value
                last[t] = c
    order = []
    s = size - 1
    while s:
        c = last[s]
        order.append(c)
        s ^= 1 << c
    order.reverse()
    return order


def _local_search(support: Sequence[Sequence[float]]) -> list[int]:
    n = len(support)
    order = sorted(range(n), key=lambda a: (-sum(support[a]), a))
    improved = True
    while improved:
        improved = False
        for i in range(n):
            candidate = order[i]
            rest = order[:i] + order[i + 1 :]
            # Gain of putting `candidate` at position j of `rest`, relative to position 0.
            best_j, best_gain, gain = 0, 0.0, 0.0
            for j, other in enumerate(rest, start=1):
                gain += support[other][candidate] - support[candidate][other]
                if gain > best_gain + 1e-12:
                    best_j, best_gain = j, gain
            current = sum(support[o][candidate] - support[candidate][o] for o in rest[:i])
            if best_gain > current + 1e-12:
                order = [*rest[:best_j], candidate, *rest[best_j:]]
                improved = True
    return order

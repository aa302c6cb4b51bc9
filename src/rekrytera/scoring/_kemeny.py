"""The Kemeny–Young consensus order: exact by dynamic programming over subsets."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["EXACT_LIMIT", "kemeny_order", "kemeny_positions", "order_score"]

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
    gain = _gains(support)
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


def _gains(support: Sequence[Sequence[float]]) -> list[list[float]]:
    """gain[c][S] = Σ_{a ∈ S} support[a][c]: what placing c right after the set S earns."""
    n = len(support)
    size = 1 << n
    gains = []
    for c in range(n):
        g = [0.0] * size
        column = [support[a][c] for a in range(n)]
        for s in range(1, size):
            low = s & -s
            g[s] = g[s ^ low] + column[low.bit_length() - 1]
        gains.append(g)
    return gains


def kemeny_positions(
    support: Sequence[Sequence[float]], *, tolerance: float = 1e-9
) -> tuple[list[float], int]:
    """Each candidate's mean position over *all* optimal Kemeny–Young orders.

    When several orders are equally good, no one of them is picked by a
    hidden rule (such as the candidates' ids): each candidate gets its mean
    position (0 = first) over every optimal order, so relabelling the
    candidates changes nothing and candidates the panel cannot separate get
    equal positions. Also returns the number of optimal orders.

    Exact, by dynamic programming over subsets forwards (best prefixes and how
    many) and backwards (best completions and how many). For at most
    :data:`EXACT_LIMIT` candidates.
    """
    n = len(support)
    if n == 0:
        return [], 1
    size = 1 << n
    full = size - 1
    gain = _gains(support)
    bits = [1 << c for c in range(n)]
    neg = float("-inf")
    best, count = [neg] * size, [0] * size
    best[0], count[0] = 0.0, 1
    for s in range(size):
        if count[s] == 0:
            continue
        base = best[s]
        for c in range(n):
            if s & bits[c]:
                continue
            t = s | bits[c]
            value = base + gain[c][s]
            if value > best[t] + tolerance:
                best[t], count[t] = value, count[s]
            elif value >= best[t] - tolerance:
                count[t] += count[s]
    rest, rest_count = [neg] * size, [0] * size
    rest[full], rest_count[full] = 0.0, 1
    for s in range(full - 1, -1, -1):
        for c in range(n):
            if s & bits[c]:
                continue
            t = s | bits[c]
            if rest_count[t] == 0:
                continue
            value = gain[c][s] + rest[t]
            if value > rest[s] + tolerance:
                rest[s], rest_count[s] = value, rest_count[t]
            elif value >= rest[s] - tolerance:
                rest_count[s] += rest_count[t]
    optimum, total = best[full], count[full]
    weighted = [0.0] * n
    for s in range(size):
        if count[s] == 0:
            continue
        position = s.bit_count()
        for c in range(n):
            if s & bits[c]:
                continue
            t = s | bits[c]
            if abs(best[s] + gain[c][s] + rest[t] - optimum) <= tolerance:
                weighted[c] += position * count[s] * rest_count[t]
    return [w / total for w in weighted], total


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

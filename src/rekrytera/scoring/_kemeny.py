"""The Kemeny–Young consensus order: exact, with every optimal order accounted for.

:func:`consensus` is what the ``kemeny`` method uses. It splits the candidates
by the panel's majorities first: when every member of one group is preferred
by a strict majority of the support to every member of another, every
Kemeny–Young order puts the first group before the second (the extended
Condorcet property; Truchon, 1998). The groups are the strongly connected
components of the "at least as much support" graph, and each is solved on its
own: by dynamic programming over subsets up to :data:`EXACT_LIMIT`
candidates, else by an integer program (SciPy's HiGHS, the optional extra
``rekrytera[exact]``), else by a local search that is said to be approximate.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from itertools import combinations, pairwise

import attrs

__all__ = [
    "EXACT_LIMIT",
    "Consensus",
    "consensus",
    "order_score",
]

#: Up to this many candidates a group is solved by the subset programme (2ⁿ·n
#: steps: 16 is ~1M); a larger one needs the integer program.
EXACT_LIMIT = 16


def order_score(order: Sequence[int], support: Sequence[Sequence[float]]) -> float:
    """Σ support[a][b] over the pairs where a comes before b in *order*."""
    total = 0.0
    for i, a in enumerate(order):
        for b in order[i + 1 :]:
            total += support[a][b]
    return total


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


def _prefixes(
    gain: Sequence[Sequence[float]], n: int, tolerance: float
) -> tuple[list[float], list[int]]:
    """For every set of candidates, the best support of an order of it and how many reach it."""
    size = 1 << n
    bits = [1 << c for c in range(n)]
    best, count = [float("-inf")] * size, [0] * size
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
    return best, count


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


@attrs.frozen
class Consensus:
    """The Kemeny–Young consensus of a support matrix, ties and all.

    ``blocks`` are consecutive groups of candidates (indices), best first:
    every optimal order ranks the blocks in this sequence, and within a block
    of several the optimal orders disagree (no finer split is common to all
    of them), so its candidates share a place. ``orders`` is how many orders
    are optimal (``None`` where that was not counted). ``approximate`` lists
    the candidates whose place could not be proved optimal.
    """

    blocks: tuple[tuple[int, ...], ...]
    orders: int | None
    approximate: frozenset[int] = frozenset()

    def positions(self) -> list[float]:
        """Each candidate's position (0 = first): the middle of its block's places."""
        n = sum(len(b) for b in self.blocks)
        found = [0.0] * n
        start = 0
        for block in self.blocks:
            middle = start + (len(block) - 1) / 2
            for c in block:
                found[c] = middle
            start += len(block)
        return found


def consensus(
    support: Sequence[Sequence[float]], *, tolerance: float = 1e-9, milp: bool | None = None
) -> Consensus:
    """The exact Kemeny–Young consensus of *support*, with its ties (see :class:`Consensus`).

    :param milp: solve components larger than :data:`EXACT_LIMIT` with SciPy's
        integer programming (``None``: when SciPy is installed).
    """
    n = len(support)
    if milp is None:
        milp = importlib.util.find_spec("scipy") is not None
    blocks: list[tuple[int, ...]] = []
    orders: int | None = 1
    approximate: set[int] = set()
    for component in _components(support, tolerance):
        sub = [[support[a][b] for b in component] for a in component]
        count: int | None
        if len(component) <= EXACT_LIMIT:
            part, count = _exact_blocks(sub, tolerance)
        elif milp:
            part, count, proved = _milp_blocks(sub, tolerance)
            if not proved:
                approximate.update(component)
        else:
            order = _local_search(sub)
            part, count = [tuple(order)], None
            approximate.update(component)
        blocks += [tuple(sorted(component[i] for i in block)) for block in part]
        orders = None if orders is None or count is None else orders * count
    assert sum(len(b) for b in blocks) == n
    return Consensus(tuple(blocks), orders, frozenset(approximate))


def _components(support: Sequence[Sequence[float]], tolerance: float) -> list[list[int]]:
    """The strongly connected components of "a has at least b's support over b", in order.

    Between two components every pair is a strict majority one way, and all
    the same way, so the components come out best first.
    """
    n = len(support)
    beats = [
        [b for b in range(n) if b != a and support[a][b] >= support[b][a] - tolerance]
        for a in range(n)
    ]
    # Tarjan's algorithm, iteratively; components come out in reverse topological order.
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            if i < len(beats[node]):
                work.append((node, i + 1))
                nxt = beats[node][i]
                if index[nxt] == -1:
                    work.append((nxt, 0))
                elif on_stack[nxt]:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    found.reverse()
    return found


def _exact_blocks(
    support: Sequence[Sequence[float]], tolerance: float
) -> tuple[list[tuple[int, ...]], int]:
    """Blocks and number of optimal orders, by dynamic programming (forwards and back)."""
    n = len(support)
    if n == 0:
        return [], 1
    size = 1 << n
    full = size - 1
    gain = _gains(support)
    bits = [1 << c for c in range(n)]
    neg = float("-inf")
    best, count = _prefixes(gain, n, tolerance)
    rest = [neg] * size
    rest[full] = 0.0
    for s in range(full - 1, -1, -1):
        for c in range(n):
            if not s & bits[c] and rest[s | bits[c]] > neg:
                rest[s] = max(rest[s], gain[c][s] + rest[s | bits[c]])
    optimum = best[full]
    # A set is an optimal prefix when some optimal order starts with it. Where only
    # one set of a size is, every optimal order agrees on what comes before: a boundary.
    prefixes: dict[int, list[int]] = {}
    for s in range(size):
        if count[s] and abs(best[s] + rest[s] - optimum) <= tolerance:
            prefixes.setdefault(s.bit_count(), []).append(s)
    blocks: list[tuple[int, ...]] = []
    previous = 0
    for k in range(1, n + 1):
        if len(prefixes.get(k, ())) == 1:
            s = prefixes[k][0]
            blocks.append(tuple(c for c in range(n) if (s ^ previous) & bits[c]))
            previous = s
    return blocks, count[full]


#: Seconds HiGHS may spend on one integer program before the order is
#: reported as approximate (flag ``approximate``) rather than proved optimal.
MILP_TIME_LIMIT = 60.0


def _milp_blocks(
    support: Sequence[Sequence[float]], tolerance: float
) -> tuple[list[tuple[int, ...]], int | None, bool]:
    """Blocks by integer programming, for components too large for the subset programme.

    One solve finds an optimal order, and a second, forbidding that very
    order, whether any other is as good. Usually none is: every place is then
    a boundary. Otherwise, for each place, one more solve asks whether an
    optimal order puts a later candidate before an earlier one there; where
    none does, the place is a boundary. Blocks of at most :data:`EXACT_LIMIT`
    candidates are counted exactly (what lies inside a block does not depend
    on the rest); a larger one leaves the count unknown. The last value says
    whether every solve was proved optimal within :data:`MILP_TIME_LIMIT`.
    """
    n = len(support)
    order, optimum, proved = _milp_order(support)
    assert optimum is not None

    def below(value: float | None) -> bool:
        return value is None or value < optimum - max(tolerance, 1e-9 * abs(optimum))

    _, other, sure = _milp_order(support, forbid=order)
    proved &= sure
    boundaries = [0]
    if below(other):
        boundaries += range(1, n)
    else:
        for k in range(1, n):
            _, value, sure = _milp_order(support, crossing=(order[:k], order[k:]))
            proved &= sure
            if below(value):
                boundaries.append(k)
    boundaries.append(n)
    blocks = [tuple(order[a:b]) for a, b in pairwise(boundaries)]
    count: int | None = 1
    for block in blocks:
        if len(block) > EXACT_LIMIT:
            count = None
            break
        inner = [[support[a][b] for b in block] for a in block]
        _, inside = _exact_blocks(inner, tolerance)
        count = None if count is None else count * inside
    return blocks, count, proved


def _milp_order(
    support: Sequence[Sequence[float]],
    crossing: tuple[Sequence[int], Sequence[int]] | None = None,
    forbid: Sequence[int] | None = None,
) -> tuple[list[int], float | None, bool]:
    """An optimal order, its support (``None`` if infeasible), and whether it is proved.

    By SciPy's HiGHS. Variables ``x[a,b]`` for ``a < b`` say a comes before b;
    three-cycles are forbidden. With *crossing* ``(first, rest)``, at least
    one candidate of ``rest`` must come before one of ``first``; with
    *forbid*, the order must differ from that one in at least one pair.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(support)
    pairs = list(combinations(range(n), 2))
    index = {p: i for i, p in enumerate(pairs)}
    # support of a-before-b is x·s[a][b] + (1 − x)·s[b][a]; maximise Σ x·(s[a][b] − s[b][a]).
    cost = np.array([-(support[a][b] - support[b][a]) for a, b in pairs])

    def var(a: int, b: int) -> tuple[int, float, float]:
        """(index, coefficient, offset) of "a before b" in terms of the variables."""
        return (index[(a, b)], 1.0, 0.0) if a < b else (index[(b, a)], -1.0, 1.0)

    rows, lower, upper = [], [], []
    for a, b, c in combinations(range(n), 3):
        for x, y, z in ((a, b, c), (a, c, b)):
            # x before y, y before z, z before x cannot all hold, nor all fail.
            row = np.zeros(len(pairs))
            offset = 0.0
            for u, v in ((x, y), (y, z), (z, x)):
                i, coefficient, off = var(u, v)
                row[i] += coefficient
                offset += off
            rows.append(row)
            lower.append(1 - offset)
            upper.append(2 - offset)
    if crossing is not None:
        first, rest = crossing
        row = np.zeros(len(pairs))
        offset = 0.0
        for b in rest:
            for a in first:
                i, coefficient, off = var(b, a)
                row[i] += coefficient
                offset += off
        rows.append(row)
        lower.append(1 - offset)
        upper.append(np.inf)
    if forbid is not None:
        # Σ over its pairs of "not as in forbid" ≥ 1.
        place = {c: i for i, c in enumerate(forbid)}
        row = np.zeros(len(pairs))
        offset = 0.0
        for i, (a, b) in enumerate(pairs):
            if place[a] < place[b]:
                row[i] -= 1.0
                offset += 1.0
            else:
                row[i] += 1.0
        rows.append(row)
        lower.append(1 - offset)
        upper.append(np.inf)
    constraints = [LinearConstraint(np.array(rows), lower, upper)] if rows else []
    result = milp(
        cost,
        constraints=constraints,
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
        options={"time_limit": MILP_TIME_LIMIT},
    )
    if result.x is None:
        # Infeasible, or no solution found in time (then not proved).
        return [], None, result.status == 2
    before = {p for p, x in zip(pairs, result.x, strict=True) if x > 0.5}
    wins = [
        sum(1 for b in range(n) if b != a and ((a, b) in before if a < b else (b, a) not in before))
        for a in range(n)
    ]
    order = sorted(range(n), key=lambda a: -wins[a])
    return order, order_score(order, support), result.status == 0

"""Exact Kemeny–Young beyond 16 candidates: time, against the local search it replaces.

Run: python benchmarks/kemeny.py [--sizes 15 20 25 30] [--seed S]
     (needs SciPy for more than 16 candidates: python -m pip install ".[exact]")

For each size two kinds of support, solved by
``rekrytera.scoring._kemeny.consensus`` (exact: every optimal order
accounted for) and by the local search the method used to fall back on:

- ``panel``: six panelists' orders of the candidates, each a noisy view of one
  underlying order, as real panels give: the majorities split the candidates
  into small groups, each solved on its own;
- ``random``: every pairwise support drawn at random, the hardest case: one
  group of every candidate, solved by the integer program (HiGHS).

Printed: seconds for each, their ratio, whether the result was proved
optimal, the largest group solved as one, and how many orders are optimal.
"""

from __future__ import annotations

import argparse
import platform
import random

from _timing import best

from rekrytera import __version__
from rekrytera.scoring._kemeny import _components, _local_search, consensus


def panel(n: int, rng: random.Random, raters: int = 6, noise: float = 1.5) -> list[list[float]]:
    support = [[0.0] * n for _ in range(n)]
    for _ in range(raters):
        seen = {c: -c + rng.gauss(0, noise) for c in range(n)}
        for a in range(n):
            for b in range(n):
                if a != b and seen[a] > seen[b]:
                    support[a][b] += 1 / raters
    return support


def uniform(n: int, rng: random.Random) -> list[list[float]]:
    return [[rng.random() if a != b else 0.0 for b in range(n)] for a in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[15, 20, 25, 30])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"rekrytera {__version__}, Python {platform.python_version()}, {platform.machine()}")
    header = f"{'kind':8}{'n':>4}{'exact s':>10}{'local s':>10}{'ratio':>9}"
    print(header + f"{'proved':>8}{'group':>7}{'orders':>8}")
    for n in args.sizes:
        for kind, make in (("panel", panel), ("random", uniform)):
            support = make(n, rng)
            found = consensus(support)
            exact = best(lambda support=support: consensus(support), runs=1)  # type: ignore[misc]
            local = best(lambda support=support: _local_search(support), runs=3)  # type: ignore[misc]
            group = max(len(c) for c in _components(support, 1e-9))
            orders = "?" if found.orders is None else str(found.orders)
            print(
                f"{kind:8}{n:4}{exact:10.3f}{local:10.4f}{exact / local:9.1f}"
                f"{'yes' if not found.approximate else 'no':>8}{group:7}{orders:>8}"
            )


if __name__ == "__main__":
    main()

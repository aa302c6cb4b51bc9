"""Agreement statistics: Krippendorff's alpha, Kendall's tau-b and rating drift."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .._results import Drift
from ..model import Perspective, Phase, Rating, Recruitment

__all__ = ["drift", "kendall_tau_b", "krippendorff_alpha_interval"]


def krippendorff_alpha_interval(units: Iterable[Sequence[float]]) -> float | None:
    """Krippendorff's alpha with the interval metric.

    *units* holds, for each rated item, the values the coders gave it. Items
    with fewer than two values cannot be paired and are left out. Returns
    ``None`` when nothing can be paired or the values do not vary at all.

    With *n* pairable values, ``D_o = Σ_u Σ_{i≠j} (v_i − v_j)² / (m_u − 1) / n``
    and ``D_e = Σ_{i≠j} (v_i − v_j)² / (n (n − 1))`` over all pairable values;
    alpha is ``1 − D_o / D_e``. The ordered-pair sums use
    ``Σ_{i≠j} (v_i − v_j)² = 2 (m Σv² − (Σv)²)``.
    """
    n = 0
    observed = 0.0
    all_values: list[float] = []
    for values in units:
        m = len(values)
        if m < 2:
            continue
        n += m
        all_values.extend(values)
        mu = math.fsum(values) / m
        observed += 2 * m * math.fsum((v - mu) ** 2 for v in values) / (m - 1)
    if n < 2:
        return None
    mu = math.fsum(all_values) / n
    expected = 2 * n * math.fsum((v - mu) ** 2 for v in all_values) / (n * (n - 1))
    if expected <= 0:
        return None
    return 1.0 - (observed / n) / expected


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-b between paired sequences (ties handled); None if undefined."""
    n = len(x)
    if n != len(y):
        raise ValueError("x and y must be of the same length")
    concordant = discordant = ties_x = ties_y = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx = x[i] - x[j]
            dy = y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denominator = math.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    if denominator == 0:
        return None
    return (concordant - discordant) / denominator


def alpha_units(
    ratings: Iterable[Rating], perspectives: Mapping[str, Perspective | None]
) -> dict[str, list[list[float]]]:
    """Group scores into alpha units (candidate × stage × competence).

    Overall (``all``) and per perspective; units and values sorted, so the
    statistics do not depend on the order of the ratings.
    """
    grouped: dict[str, dict[tuple[str, str, str], list[float]]] = {
        "all": defaultdict(list),
        **{p.value: defaultdict(list) for p in Perspective},
    }
    for rating in ratings:
        perspective = perspectives[rating.panelist]
        if perspective is None:
            continue
        for key, score in rating.scores.items():
            unit = (rating.candidate, rating.stage.value, key)
            grouped["all"][unit].append(score)
            grouped[perspective.value][unit].append(score)
    return {name: [sorted(v) for _, v in sorted(units.items())] for name, units in grouped.items()}


def alpha_basis(
    ratings: Iterable[Rating], perspectives: Mapping[str, Perspective | None]
) -> dict[str, tuple[int, int]]:
    """What each alpha of :func:`alpha_units` rests on: (pairable items, panelists in them).

    An item (candidate × stage × competence) is pairable when at least two
    panelists scored it; only those enter alpha.
    """
    raters: dict[str, dict[tuple[str, str, str], set[str]]] = {
        "all": defaultdict(set),
        **{p.value: defaultdict(set) for p in Perspective},
    }
    for rating in ratings:
        perspective = perspectives[rating.panelist]
        if perspective is None:
            continue
        for key in rating.scores:
            unit = (rating.candidate, rating.stage.value, key)
            raters["all"][unit].add(rating.panelist)
            raters[perspective.value][unit].add(rating.panelist)
    basis = {}
    for name, units in raters.items():
        pairable = [who for who in units.values() if len(who) >= 2]
        basis[name] = (len(pairable), len(set().union(*pairable)) if pairable else 0)
    return basis


def drift(rec: Recruitment) -> Drift | None:
    """How calibrated ratings differ from the independent ratings they revise."""
    independent: dict[tuple[str, str, str], Rating] = {}
    calibrated: list[Rating] = []
    for rating in rec.ratings:
        ident = (rating.panelist, rating.candidate, rating.stage.value)
        if rating.phase is Phase.INDEPENDENT:
            independent[ident] = rating
        else:
            calibrated.append(rating)
    if not calibrated:
        return None
    changes: list[float] = []
    by_perspective: dict[Perspective, list[float]] = {p: [] for p in Perspective}
    for rating in calibrated:
        before = independent.get((rating.panelist, rating.candidate, rating.stage.value))
        if before is None:
            continue
        perspective = rec.panelist(rating.panelist).perspective
        for key, score in rating.scores.items():
            if key in before.scores:
                change = score - before.scores[key]
                changes.append(change)
                if perspective is not None:
                    by_perspective[perspective].append(change)

    def _mean(values: list[float]) -> float | None:
        return math.fsum(values) / len(values) if values else None

    return Drift(
        pairs=len(changes),
        mean_change=_mean(changes),
        mean_absolute_change=_mean([abs(c) for c in changes]),
        by_perspective={p: (len(v), _mean(v)) for p, v in by_perspective.items()},
    )

"""Agreement statistics: Krippendorff's alpha, Kendall's tau-b and rating drift."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .._results import Drift
from ..model import Perspective, Phase, Rating, Recruitment, recused

__all__ = [
    "drift",
    "kendall_tau_b",
    "krippendorff_alpha_interval",
    "krippendorff_alpha_ordinal",
]


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


def krippendorff_alpha_ordinal(units: Iterable[Sequence[float]]) -> float | None:
    """Krippendorff's alpha with the ordinal metric: only the order of the values counts.

    Built from the coincidence matrix of the pairable values (items with two
    or more), as Krippendorff (2011, *Computing Krippendorff's alpha-reliability*)
    describes: ``o[c][k]`` adds ``1 / (m_u − 1)`` for every ordered pair of
    values c, k within an item of ``m_u`` values; ``n_c`` is row c's sum. The
    distance between two values is ``(Σ_{g from c to k} n_g − (n_c + n_k) / 2)²``
    over the values in between, so a step between rarely used values weighs
    little. ``None`` when nothing can be paired or the values do not vary.
    """
    coincidences: dict[tuple[float, float], float] = defaultdict(float)
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    coincidences[(a, b)] += 1.0 / (m - 1)
    if not coincidences:
        return None
    levels = sorted({a for a, _ in coincidences})
    totals = {c: math.fsum(v for (a, _), v in coincidences.items() if a == c) for c in levels}
    n = math.fsum(totals.values())
    if len(levels) < 2 or n <= 1:
        return None
    position = {c: i for i, c in enumerate(levels)}
    cumulative = [0.0]
    for c in levels:
        cumulative.append(cumulative[-1] + totals[c])

    def distance(c: float, k: float) -> float:
        low, high = sorted((position[c], position[k]))
        between = cumulative[high + 1] - cumulative[low]
        return (between - (totals[c] + totals[k]) / 2) ** 2

    observed = math.fsum(v * distance(a, b) for (a, b), v in coincidences.items())
    expected = math.fsum(totals[c] * totals[k] * distance(c, k) for c in levels for k in levels) / (
        n - 1
    )
    if expected <= 0:
        return None
    return 1.0 - observed / expected


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
) -> tuple[dict[str, list[list[float]]], dict[str, tuple[int, int]]]:
    """Group scores into alpha units (candidate × stage × competence), and what they rest on.

    Overall (``all``) and per perspective; units and values sorted, so the
    statistics do not depend on the order of the ratings. The second value
    says, per set, how many units are pairable (scored by two or more
    panelists; only those enter alpha) and how many panelists scored them.
    """
    return _units(
        (
            (rating.panelist, (rating.candidate, rating.stage.value, key), score)
            for rating in ratings
            for key, score in rating.scores.items()
        ),
        perspectives,
    )


def total_units(
    totals: Mapping[str, Mapping[str, float]], perspectives: Mapping[str, Perspective | None]
) -> tuple[dict[str, list[list[float]]], dict[str, tuple[int, int]]]:
    """Group the panelists' own totals (``{panelist: {candidate: total}}``) into alpha units.

    One unit per candidate, as :func:`alpha_units` groups scores, with the
    same basis: candidates with two or more totals, and the panelists who
    gave them.
    """
    return _units(
        (
            (panelist, (candidate,), total)
            for panelist, by_candidate in totals.items()
            for candidate, total in by_candidate.items()
        ),
        perspectives,
    )


def _units(
    values: Iterable[tuple[str, tuple[str, ...], float]],
    perspectives: Mapping[str, Perspective | None],
) -> tuple[dict[str, list[list[float]]], dict[str, tuple[int, int]]]:
    grouped: dict[str, dict[tuple[str, ...], list[tuple[str, float]]]] = {
        "all": defaultdict(list),
        **{p.value: defaultdict(list) for p in Perspective},
    }
    for panelist, unit, value in values:
        perspective = perspectives.get(panelist)
        if perspective is None:
            continue
        grouped["all"][unit].append((panelist, value))
        grouped[perspective.value][unit].append((panelist, value))
    units = {
        name: [sorted(s for _, s in scored) for _, scored in sorted(by_unit.items())]
        for name, by_unit in grouped.items()
    }
    basis = {}
    for name, by_unit in grouped.items():
        pairable = [{who for who, _ in scored} for scored in by_unit.values() if len(scored) >= 2]
        basis[name] = (len(pairable), len(set().union(*pairable)))
    return units, basis


def drift(rec: Recruitment) -> Drift | None:
    """How calibrated ratings differ from the independent ratings they revise.

    The ratings of a panelist a declared conflict keeps out do not count.
    """
    independent: dict[tuple[str, str, str], Rating] = {}
    calibrated: list[Rating] = []
    barred = recused(rec)
    for rating in rec.ratings:
        if rating.panelist in barred:
            continue
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
        changed=sum(1 for c in changes if c != 0),
        mean_change=_mean(changes),
        mean_absolute_change=_mean([abs(c) for c in changes]),
        by_perspective={p: (len(v), _mean(v)) for p, v in by_perspective.items()},
    )

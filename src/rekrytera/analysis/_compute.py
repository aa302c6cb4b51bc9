"""Vectorised ``balanced`` scoring and agreement statistics over a whole Dataset.

Every function works on all recruitments (or all groups of them) at once with
``numpy.bincount`` over integer codes, and gives the values that
``rekrytera.score`` and ``rekrytera.scoring`` give one recruitment at a time
(the tests hold them to 1e-9).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import numpy as np

from ..model import Phase
from ._dataset import Dataset
from ._items import engine_of
from ._stats import (
    ICC_FORMS,
    alpha_final,
    alpha_sums,
    div,
    icc_final,
    icc_sums,
)

__all__ = [
    "ICC_FORMS",
    "Totals",
    "alpha_by_group",
    "balanced",
    "icc_by_group",
    "icc_forms_by_group",
    "rank_within",
    "round9",
    "tau_by_group",
    "tops",
]

#: Totals are compared after rounding to this many decimals (the scoring contract).
DECIMALS = 9


def round9(x: np.ndarray) -> np.ndarray:
    """Round to 9 decimals exactly as Python's ``round(v, 9)`` does.

    ``numpy.round`` scales and may differ from the correctly rounded result
    next to a half-way point; the few values that close to one are rounded by
    Python instead, so ties and ranks are those of ``rekrytera.score``.
    """
    rounded = np.round(x, DECIMALS)
    scaled = x * 10.0**DECIMALS
    near = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-4)
    for i in near:
        if np.isfinite(x[i]):
            rounded[i] = round(float(x[i]), DECIMALS)
    return rounded


@attrs.frozen(eq=False)
class Totals:
    """The ``balanced`` result for every candidate of a dataset (arrays by candidate)."""

    total: np.ndarray
    staff: np.ndarray
    resident: np.ndarray
    incomplete: np.ndarray
    rank: np.ndarray  # 0 where unranked
    tie: np.ndarray
    divergent: np.ndarray
    #: Residents rate in the recruitment but none rated the candidate.
    resident_missing: np.ndarray
    #: A perspective's total rests on a single panelist.
    single_rater: np.ndarray


def by_size(group: np.ndarray) -> Iterator[np.ndarray]:
    """The members of every group, one matrix per group size: ``(groups, size)`` indices."""
    order = np.argsort(group, kind="stable")
    g = group[order]
    if not len(g):
        return
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, len(g)])
    for size in np.unique(sizes):
        first = starts[sizes == size]
        yield order[first[:, None] + np.arange(size)]


def rank_within(
    group: np.ndarray, values: np.ndarray, rankable: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Standard competition ranks ("1224") of *values* (higher first) within each group.

    Returns ``(rank, tie)``: rank 0 and no tie where not *rankable*.
    """
    rank = np.zeros(len(values), dtype=np.int64)
    tie = np.zeros(len(values), dtype=bool)
    index = np.flatnonzero(rankable)
    for members in by_size(group[index]):
        # Each row one group: sort it best first, then read ranks and ties off the runs.
        order = np.argsort(-values[index[members]], axis=1, kind="stable")
        who = np.take_along_axis(index[members], order, axis=1)
        v = values[who]
        new = np.ones(v.shape, dtype=bool)
        new[:, 1:] = v[:, 1:] != v[:, :-1]
        position = np.broadcast_to(np.arange(v.shape[1]), v.shape)
        rank[who] = np.maximum.accumulate(np.where(new, position, 0), axis=1) + 1
        later = np.zeros(v.shape, dtype=bool)
        later[:, :-1] = ~new[:, 1:]
        tie[who] = ~new | later
    return rank, tie


def balanced(
    ds: Dataset,
    resident_weight: float = 0.5,
    *,
    divergence: float = 1.0,
    phase: Phase | str = Phase.INDEPENDENT,
) -> Totals:
    """The ``balanced`` method of the scoring contract for every recruitment at once."""
    c = engine_of(ds).candidates(ds, resident_weight, Phase(phase))
    total, staff, resident = c.total, c.staff, c.resident
    rank, tie = rank_within(ds.cand_rec, round9(total), ds.cand_eligible & ~np.isnan(total))
    gap = np.abs(resident - staff)
    divergent = np.zeros(len(total), dtype=bool)
    known = ~np.isnan(gap)
    divergent[known] = round9(gap[known]) >= divergence
    scored = ds.cand_eligible & ~np.isnan(total)
    residents = np.zeros(len(ds), dtype=bool)
    residents[ds.pan_rec[ds.pan_perspective == 1]] = True
    return Totals(
        total=total,
        staff=staff,
        resident=resident,
        incomplete=c.incomplete,
        rank=rank,
        tie=tie,
        divergent=divergent,
        resident_missing=scored & residents[ds.cand_rec] & (c.rated[:, 1] == 0),
        single_rater=scored & ((c.rated[:, 0] == 1) | (c.rated[:, 1] == 1)),
    )


def unit_spread(
    unit: np.ndarray, value: np.ndarray, n_units: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(m, sum, m2)`` per unit of rows of values: how many, their sum and squared deviations."""
    m = np.bincount(unit, minlength=n_units)
    total = np.bincount(unit, weights=value, minlength=n_units)
    mean = div(total, m.astype(np.float64))
    deviation = value - mean[unit]
    return m, total, np.bincount(unit, weights=deviation * deviation, minlength=n_units)


def alpha_by_group(
    group: np.ndarray, unit: np.ndarray, value: np.ndarray, unit_group: np.ndarray, n_groups: int
) -> np.ndarray:
    """Krippendorff's alpha (interval) per group; NaN where it is undefined.

    One row per value given: its group, its unit (what was rated) and the
    value. Each unit belongs to one group (``unit_group``). The formula is
    that of :func:`rekrytera.scoring.krippendorff_alpha_interval` (see
    :mod:`._stats`).
    """
    m, total, m2 = unit_spread(unit, value, len(unit_group))
    return alpha_final(alpha_sums(m, total, m2, unit_group, n_groups))


def icc_by_group(
    group: np.ndarray,
    unit: np.ndarray,
    rater: np.ndarray,
    value: np.ndarray,
    unit_group: np.ndarray,
    rater_group: np.ndarray,
    n_groups: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ICC(2,1) and ICC(2,k) per group (Shrout & Fleiss), and how many units each used.

    Two-way random effects, absolute agreement. The raters of a group are
    those with any value in it; only the units every one of them rated count
    (complete cases, as a two-way ANOVA needs). NaN where fewer than two units
    or raters remain, or the ICC is undefined.
    """
    forms, used = icc_forms_by_group(group, unit, rater, value, unit_group, rater_group, n_groups)
    return forms["icc21"], forms["icc2k"], used


def icc_forms_by_group(
    group: np.ndarray,
    unit: np.ndarray,
    rater: np.ndarray,
    value: np.ndarray,
    unit_group: np.ndarray,
    rater_group: np.ndarray,
    n_groups: int,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every Shrout & Fleiss intraclass correlation per group, and the units each used.

    From rows of values (as :func:`icc_by_group`); see :mod:`._stats`.
    """
    n_units, n_raters = len(unit_group), len(rater_group)
    m, total, m2 = unit_spread(unit, value, n_units)
    has_rater = np.bincount(rater, minlength=n_raters) > 0
    k = np.bincount(rater_group[has_rater], minlength=n_groups)
    complete = (m == k[unit_group]) & (m >= 2)
    rater_sum = np.bincount(rater, weights=np.where(complete[unit], value, 0.0), minlength=n_raters)
    return icc_final(
        icc_sums(m, total, m2, unit_group, has_rater, rater_group, rater_sum, n_groups)
    )


def tau_by_group(group: np.ndarray, x: np.ndarray, y: np.ndarray, n_groups: int) -> np.ndarray:
    """Kendall's tau-b between *x* and *y* within each group; NaN where undefined.

    The same counting as :func:`rekrytera.scoring.kendall_tau_b`, done for all
    groups of one size at once.
    """
    tau = np.full(n_groups, np.nan)
    for members in by_size(group):
        size = members.shape[1]
        if size < 2:
            continue
        i, j = np.triu_indices(size, 1)
        xs, ys = x[members], y[members]
        dx = xs[:, i] - xs[:, j]
        dy = ys[:, i] - ys[:, j]
        x_tie, y_tie = dx == 0, dy == 0
        concordant = ((dx * dy) > 0).sum(axis=1)
        discordant = ((dx * dy) < 0).sum(axis=1)
        only_x = (x_tie & ~y_tie).sum(axis=1)
        only_y = (y_tie & ~x_tie).sum(axis=1)
        den = np.sqrt(
            (concordant + discordant + only_x).astype(np.float64)
            * (concordant + discordant + only_y)
        )
        tau[group[members[:, 0]]] = div((concordant - discordant).astype(np.float64), den)
    return tau


def tops(group: np.ndarray, values: np.ndarray, eligible: np.ndarray, n_groups: int) -> np.ndarray:
    """Whether each candidate is (one of) the eligible best of its group by *values*.

    Values are compared after rounding to 9 decimals, so equal totals all count.
    """
    rounded = round9(values)
    valid = eligible & ~np.isnan(rounded)
    best = np.full(n_groups, -np.inf)
    np.maximum.at(best, group[valid], rounded[valid])
    result: np.ndarray = valid & (rounded == best[group])
    return result

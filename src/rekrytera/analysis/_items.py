"""The scores that count for a phase, reduced item by item: all any analysis needs.

Every analysis works from an :class:`ItemStats` (and the dataset's
candidates, panel and items), never from the scores themselves. An *engine*
reduces the scores to it: numpy from the dataset's score columns in memory
(:func:`from_scores`), or DuckDB with SQL over a Parquet dataset, out of
core (:mod:`._duckdb`). Both give the same figures.
"""

from __future__ import annotations

from typing import Protocol

import attrs
import numpy as np

from ..model import Phase
from ._dataset import Dataset
from ._stats import AlphaSums, IccSums, alpha_sums, div, icc_sums, ordinal_o, ratio

__all__ = [
    "NUMPY",
    "CandidateSums",
    "Engine",
    "ItemStats",
    "NumpyEngine",
    "combine_stages",
    "complete_items",
    "drift_by_recruitment",
    "engine_of",
    "from_scores",
    "item_stats",
    "unit_stats",
]

#: The sets of panelists agreement is measured within (see ``analysis.SETS``).
PERSPECTIVE_SETS = ("staff", "resident")


@attrs.frozen(eq=False)
class ItemStats:
    """Per perspective (row 0 staff, row 1 resident) and item (column), the counted scores.

    ``m2`` is the sum of squared deviations from the perspective's mean of
    the item; ``level_counts[p, item, l]`` how many scores of perspective
    *p* on the item equal ``levels[l]``.
    """

    n: np.ndarray
    total: np.ndarray
    m2: np.ndarray
    levels: np.ndarray
    level_counts: np.ndarray
    #: Per panelist, whether any score of theirs counts.
    raters: np.ndarray
    #: Per candidate (row) and perspective (column), how many panelists rated them.
    rated: np.ndarray
    #: Per panelist, the sum of their scores over the items complete for every
    #: panelist (``all``), and over those complete for their own perspective.
    rater_sum_all: np.ndarray
    rater_sum_own: np.ndarray


@attrs.frozen(eq=False)
class CandidateSums:
    """Per candidate, the ``balanced`` totals at one resident weight, and who rated them."""

    total: np.ndarray
    staff: np.ndarray
    resident: np.ndarray
    #: Some item the profile assesses has no value at this weight.
    incomplete: np.ndarray
    #: Per candidate (row) and perspective (column), how many panelists rated them.
    rated: np.ndarray


class Engine(Protocol):
    """What reduces a dataset's scores to the sums every analysis is computed from.

    *phase* says which scores count; *name* is a set of :data:`SETS
    <rekrytera.analysis.SETS>`.
    """

    def candidates(self, ds: Dataset, resident_weight: float, phase: Phase) -> CandidateSums:
        """The ``balanced`` totals of every candidate."""
        ...

    def set_sums(
        self, ds: Dataset, phase: Phase, name: str, group_of_rec: np.ndarray, n_groups: int
    ) -> tuple[AlphaSums, np.ndarray | None]:
        """Per group, the sums of Krippendorff's alpha and the ordinal coincidence matrix.

        The matrix is None for ``between``, which compares means.
        """
        ...

    def icc_sums(self, ds: Dataset, phase: Phase, name: str) -> IccSums:
        """Per recruitment, the two-way ANOVA of the set's complete items."""
        ...

    def scores(self, ds: Dataset, phase: Phase) -> np.ndarray:
        """Per recruitment, how many scores count."""
        ...

    def drift(self, ds: Dataset) -> dict[str, np.ndarray]:
        """Per recruitment, how calibrated scores moved (see :func:`drift_by_recruitment`)."""
        ...


def engine_of(ds: Dataset) -> Engine:
    """The dataset's engine: numpy over its score columns unless it has another."""
    engine: Engine = NUMPY if ds.engine is None else ds.engine
    return engine


def item_stats(ds: Dataset, phase: Phase | str) -> ItemStats:
    """The dataset's :class:`ItemStats` for *phase*, from its score columns (computed once)."""
    key = ("items", Phase(phase))
    if key not in ds._cache:
        ds._cache[key] = from_scores(ds, Phase(phase))
    result: ItemStats = ds._cache[key]
    return result


def unit_stats(stats: ItemStats, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(m, sum, m2)`` per item of the scores of a set: ``all``, ``staff`` or ``resident``.

    For ``all`` the two perspectives are pooled exactly (Chan et al.'s
    formula for the spread of two groups together).
    """
    if name in ("staff", "resident"):
        p = ("staff", "resident").index(name)
        return stats.n[p], stats.total[p], stats.m2[p]
    n0, n1 = stats.n
    m = n0 + n1
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = np.where((n0 > 0) & (n1 > 0), stats.total[0] / n0 - stats.total[1] / n1, 0.0)
        between = np.where(m > 0, n0 * n1 / np.maximum(m, 1) * gap * gap, 0.0)
    return m, stats.total[0] + stats.total[1], stats.m2[0] + stats.m2[1] + between


def complete_items(ds: Dataset, n: np.ndarray, raters: np.ndarray) -> np.ndarray:
    """The items scored by every one of *raters* in their recruitment (and by two or more).

    *n* counts each item's scores by those raters; the only items an
    intraclass correlation can use (complete cases of a two-way ANOVA).
    """
    k = np.bincount(ds.pan_rec[raters], minlength=len(ds))
    result: np.ndarray = (n == k[ds.item_rec]) & (n >= 2)
    return result


def from_scores(ds: Dataset, phase: Phase) -> ItemStats:
    """The numpy engine: :class:`ItemStats` from the dataset's score columns."""
    rows = ds.effective(phase)
    value = ds.score_value[rows]
    item = ds.score_item[rows]
    n_items = len(ds.item_cand)
    size = 2 * n_items
    # Each score's perspective and item in one number.
    code: np.ndarray = ds.score_perspective[rows].astype(np.int32 if size < 2**31 else np.int64)
    np.multiply(code, n_items, out=code)
    np.add(code, item, out=code)
    n = np.bincount(code, minlength=size)
    total = np.bincount(code, weights=value, minlength=size)
    mean = np.divide(total, n, out=np.zeros(size), where=n > 0)
    spread = mean[code]
    np.subtract(value, spread, out=spread)
    np.square(spread, out=spread)
    m2 = np.bincount(code, weights=spread, minlength=size)
    del spread
    # Level by level: an item's count on a level is at most its panel, so a
    # small integer type holds it (and the two perspectives' counts together).
    levels = np.unique(value)
    by_level: np.ndarray = np.empty((len(levels), size), dtype=_small(2 * int(n.max(initial=0))))
    for i, level in enumerate(levels):
        by_level[i] = np.bincount(code[value == level], minlength=size)
    del code
    level_counts = by_level.reshape(len(levels), 2, n_items).transpose(1, 2, 0)
    pan = ds.score_pan[rows]
    raters = np.bincount(pan, minlength=len(ds.pan_id)) > 0
    counts = n.reshape(2, -1)
    # The rater sums of the complete items: every panelist, and each perspective.
    perspective = ds.pan_perspective
    complete_all = complete_items(ds, counts[0] + counts[1], raters & (perspective >= 0))
    own = [complete_items(ds, counts[p], raters & (perspective == p)) for p in (0, 1)]
    mine = np.where(ds.score_perspective[rows] == 0, own[0][item], own[1][item])
    n_pan = len(ds.pan_id)
    sum_all = np.bincount(pan, weights=np.where(complete_all[item], value, 0.0), minlength=n_pan)
    sum_own = np.bincount(pan, weights=np.where(mine, value, 0.0), minlength=n_pan)
    return ItemStats(
        n=counts,
        total=total.reshape(2, -1),
        m2=m2.reshape(2, -1),
        levels=levels,
        level_counts=level_counts,
        raters=raters,
        rated=_rated(ds, phase),
        rater_sum_all=sum_all,
        rater_sum_own=sum_own,
    )


def _small(largest: int) -> type:
    """The smallest unsigned integer type that holds *largest*."""
    for kind in (np.uint8, np.uint16, np.uint32):
        if largest <= np.iinfo(kind).max:
            return kind
    return np.uint64


def _rated(ds: Dataset, phase: Phase) -> np.ndarray:
    """How many distinct panelists of each perspective rated each candidate.

    The scores that count for *phase*, as ``rekrytera.score`` counts them.
    """
    rows = ds.effective(phase)
    n_cand, n_pan, n_rec = len(ds.cand_id), len(ds.pan_id), len(ds)
    # Each panelist's place within their recruitment's panel, so that a
    # (candidate, panelist) pair has a small code: no sort of the scores.
    order = np.argsort(ds.pan_rec, kind="stable")
    size = np.bincount(ds.pan_rec, minlength=n_rec)
    start = np.concatenate(([0], np.cumsum(size)[:-1]))
    local = np.empty(n_pan, dtype=np.int64)
    local[order] = np.arange(n_pan) - start[ds.pan_rec[order]]
    width = max(int(size.max(initial=0)), 1)
    # A rating's scores lie together: the first score of each is enough
    # (a repeat of a candidate and panelist only counts twice, harmlessly).
    starts = ds.rating_start
    if isinstance(rows, slice):  # the independent scores: a prefix
        starts = starts[: np.searchsorted(starts, rows.stop)]
    else:
        cand, pan = ds.score_cand[rows], ds.score_pan[rows]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (cand[1:] != cand[:-1]) | (pan[1:] != pan[:-1])
        starts = rows[first]
    cand, pan = ds.score_cand[starts], ds.score_pan[starts]
    rated = np.bincount(cand * width + local[pan], minlength=n_cand * width) > 0
    rated = rated.reshape(n_cand, width)
    slot = np.full(n_rec * width, -1, dtype=np.int64)
    slot[ds.pan_rec * width + local] = ds.pan_perspective
    perspective = slot.reshape(n_rec, width)[ds.cand_rec]
    return np.stack(
        [
            np.count_nonzero(rated & (perspective == 0), axis=1),
            np.count_nonzero(rated & (perspective == 1), axis=1),
        ],
        axis=1,
    )


def _total(ds: Dataset, values: np.ndarray) -> np.ndarray:
    """Steps 3–4 of the contract: competences weighted within a stage, then the stages.

    *values* has one value per item, NaN where it has none; the result one
    total per candidate, NaN where nothing was scored.
    """
    n_groups = len(ds.group_stage_weight)
    present = ~np.isnan(values)
    weight = np.where(present, ds.item_weight, 0.0)
    num = np.bincount(
        ds.item_group, weights=weight * np.where(present, values, 0.0), minlength=n_groups
    )
    den = np.bincount(ds.item_group, weights=weight, minlength=n_groups)
    return combine_stages(ds, ratio(num, den))


def combine_stages(ds: Dataset, stage: np.ndarray) -> np.ndarray:
    """Step 4: each candidate's total from its stages' values (``3 · candidate + stage``).

    A stage without a value (NaN) does not count; NaN where none has one.
    """
    scored = ~np.isnan(stage)
    weight = np.where(scored, ds.group_stage_weight, 0.0)
    stage = weight * np.where(scored, stage, 0.0)
    # Each candidate's stages, added column by column (a reduction over an axis
    # of three is slow in numpy).
    num, den = stage[0::3] + stage[1::3] + stage[2::3], weight[0::3] + weight[1::3] + weight[2::3]
    return ratio(num, den)


class NumpyEngine:
    """The numpy engine: every sum from the dataset's score columns, in memory."""

    def candidates(self, ds: Dataset, resident_weight: float, phase: Phase) -> CandidateSums:
        stats = item_stats(ds, phase)
        present = stats.n > 0
        means = ratio(stats.total, stats.n)
        w_staff, w_resident = 1.0 - resident_weight, resident_weight
        num = np.where(present[0], w_staff * means[0], 0.0) + np.where(
            present[1], w_resident * means[1], 0.0
        )
        den = np.where(present[0], w_staff, 0.0) + np.where(present[1], w_resident, 0.0)
        combined = ratio(num, den)
        incomplete = np.zeros(len(ds.cand_id), dtype=bool)
        if len(ds.item_cand):  # a candidate's items are consecutive
            first = np.flatnonzero(np.r_[True, ds.item_cand[1:] != ds.item_cand[:-1]])
            incomplete[ds.item_cand[first]] = np.logical_or.reduceat(np.isnan(combined), first)
        return CandidateSums(
            total=_total(ds, combined),
            staff=_total(ds, means[0]),
            resident=_total(ds, means[1]),
            incomplete=incomplete,
            rated=stats.rated,
        )

    def _units(
        self, ds: Dataset, phase: Phase, name: str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(m, sum, m2, item)`` per unit of the set.

        ``between`` rates each item scored by both perspectives, once by each
        perspective's mean.
        """
        stats = item_stats(ds, phase)
        if name == "between":
            both = np.flatnonzero((stats.n[0] > 0) & (stats.n[1] > 0))
            staff, resident = (stats.total[p, both] / stats.n[p, both] for p in (0, 1))
            gap = staff - resident
            m = np.full(len(both), 2, dtype=np.int64)
            return m, staff + resident, gap * gap / 2, both
        m, total, m2 = unit_stats(stats, name)
        return m, total, m2, np.arange(len(m))

    def set_sums(
        self, ds: Dataset, phase: Phase, name: str, group_of_rec: np.ndarray, n_groups: int
    ) -> tuple[AlphaSums, np.ndarray | None]:
        m, total, m2, item = self._units(ds, phase, name)
        unit_group = group_of_rec[ds.item_rec[item]]
        sums = alpha_sums(m, total, m2, unit_group, n_groups)
        if name == "between":
            return sums, None
        counts = item_stats(ds, phase).level_counts
        own = counts[0] + counts[1] if name == "all" else counts[PERSPECTIVE_SETS.index(name)]
        return sums, ordinal_o(own, unit_group, n_groups)

    def icc_sums(self, ds: Dataset, phase: Phase, name: str) -> IccSums:
        n = len(ds)
        m, total, m2, item = self._units(ds, phase, name)
        if name == "between":
            stats = item_stats(ds, phase)
            rec = ds.item_rec[item]
            means = [stats.total[p, item] / stats.n[p, item] for p in (0, 1)]
            rater_sum = np.stack(
                [np.bincount(rec, weights=w, minlength=n) for w in means], axis=1
            ).reshape(-1)
            has_rater = np.repeat(np.bincount(rec, minlength=n) > 0, 2)
            rater_group = np.repeat(np.arange(n), 2)
            return icc_sums(m, total, m2, rec, has_rater, rater_group, rater_sum, n)
        stats = item_stats(ds, phase)
        perspective = ds.pan_perspective
        if name == "all":
            has_rater = stats.raters & (perspective >= 0)
            rater_sum = stats.rater_sum_all
        else:
            has_rater = stats.raters & (perspective == PERSPECTIVE_SETS.index(name))
            rater_sum = stats.rater_sum_own
        return icc_sums(m, total, m2, ds.item_rec, has_rater, ds.pan_rec, rater_sum, n)

    def scores(self, ds: Dataset, phase: Phase) -> np.ndarray:
        n = item_stats(ds, phase).n
        return np.bincount(ds.item_rec, weights=n[0] + n[1], minlength=len(ds)).astype(np.int64)

    def drift(self, ds: Dataset) -> dict[str, np.ndarray]:
        return drift_by_recruitment(ds)


#: The numpy engine (the default).
NUMPY = NumpyEngine()


def drift_by_recruitment(ds: Dataset) -> dict[str, np.ndarray]:
    """Per recruitment, how calibrated scores moved from the independent ones they revise.

    As :func:`rekrytera.scoring` reports it: pairs of a calibrated and an
    independent score by the same panelist of the same candidate, stage and
    competence; the mean change (calibrated minus independent), the mean
    absolute change, and the mean change within each perspective.
    """
    n_rec = len(ds)
    n_items = len(ds.item_cand)

    def key(rows: np.ndarray) -> np.ndarray:
        """Panelist and item of each score in one number."""
        result: np.ndarray = ds.score_pan[rows].astype(np.int64)
        np.multiply(result, n_items, out=result)
        np.add(result, ds.score_item[rows], out=result)
        return result

    # The calibrated scores come last; of the independent ones only those of
    # revised ratings can pair with them (found rating by rating).
    cal = np.arange(ds.n_independent, len(ds.score_value))
    starts = ds.rating_start
    first = int(np.searchsorted(starts, ds.n_independent))
    rating = ds._rating_key(starts)
    revised = np.isin(rating[:first], rating[first:])
    counts = np.diff(np.r_[starts[:first], ds.n_independent])
    ind = np.flatnonzero(np.repeat(revised, counts))
    ind_key = key(ind)
    order = np.argsort(ind_key)
    ind_key, ind_value = ind_key[order], ds.score_value[ind[order]]
    cal_key = key(cal)
    position = np.searchsorted(ind_key, cal_key)
    found = position < len(ind_key)
    found[found] = ind_key[position[found]] == cal_key[found]
    rows = cal[found]
    change = ds.score_value[rows] - ind_value[position[found]]
    rec = ds.score_rec[rows]
    perspective = ds.pan_perspective[ds.score_pan[rows]]
    pairs = np.bincount(rec, minlength=n_rec)
    result = {
        "revised": np.bincount(ds.score_rec[cal], minlength=n_rec) > 0,
        "pairs": pairs,
        "mean": div(np.bincount(rec, weights=change, minlength=n_rec), pairs.astype(np.float64)),
        "mean_abs": div(
            np.bincount(rec, weights=np.abs(change), minlength=n_rec), pairs.astype(np.float64)
        ),
        "sum": np.bincount(rec, weights=change, minlength=n_rec),
        "sum_abs": np.bincount(rec, weights=np.abs(change), minlength=n_rec),
        "changed": np.bincount(rec[change != 0], minlength=n_rec),
    }
    for code, name in ((0, "staff"), (1, "resident")):
        mine = perspective == code
        n = np.bincount(rec[mine], minlength=n_rec)
        result[f"pairs_{name}"] = n
        result[f"mean_{name}"] = div(
            np.bincount(rec[mine], weights=change[mine], minlength=n_rec), n.astype(np.float64)
        )
    return result
